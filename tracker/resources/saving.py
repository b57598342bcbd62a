"""How an import writes what a save writes, with fewer queries per row.

A 10,000-row file took minutes: each row's save also wrote its history version
(a query and an instance built by simple-history's ``post_save``) and set its
many-to-many relations (three queries: what is there, what is missing, the
insert). What each row writes is the same here, written in bulk at the end of
the import, in its transaction, so still all or nothing.
"""

from django.db import router
from django.db.models.signals import m2m_changed
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

from tracker.history import history_model

# History versions written per INSERT: well under SQLite's and PostgreSQL's limits on
# parameters for a record of some thirty columns.
VERSIONS_PER_INSERT = 500
THROUGH_ROWS_PER_INSERT = 2000


class DeferredHistory:
    """Each record's history version, taken when the import saves it, exactly as
    simple-history's ``post_save`` takes it (the record's fields then, the date, the
    editor, the file as the reason), and written in bulk at the end of the import, in
    its transaction: a file of 10,000 records writes 20 inserts rather than 10,000.
    The saves themselves skip simple-history's own (``skip_history_when_saving``)."""

    def __init__(self, model) -> None:
        self.history_model = history_model(model)
        self.versions: list = []

    def keep(self, instance, created: bool) -> None:
        versions = self.history_model
        tracked = versions.tracked_fields
        self.versions.append(
            versions(
                history_date=getattr(instance, "_history_date", timezone.now()),
                history_type="+" if created else "~",
                history_user=versions.get_default_history_user(instance),
                history_change_reason=get_change_reason_from_object(instance),
                **{field.attname: getattr(instance, field.attname) for field in tracked},
            )
        )

    def write(self) -> None:
        self.history_model.objects.bulk_create(self.versions, batch_size=VERSIONS_PER_INSERT)
        self.versions = []


class DeferredRelations:
    """The many-to-many relations of the records the import inserts, written in bulk at
    the end of the import, in its transaction: ``instance.<attribute>.set(related)`` for a
    record inserted by its own row, so related to nothing yet (``set()`` would ask what
    is there, what is missing, and insert: three queries per row). Each relation is kept
    on its instance as a prefetch would keep it, so the preview's diff reads it without
    asking the database; the signals ``add()`` sends are sent when the rows are in."""

    def __init__(self) -> None:
        self.pending: dict = {}  # through model: [(instance, manager, {pk: target})]

    def relate(self, instance, attribute: str, related: list) -> None:
        manager = getattr(instance, attribute)
        if related:  # add() with nothing to add writes and sends nothing
            targets = {obj.pk: obj for obj in related}
            self.pending.setdefault(manager.through, []).append((instance, manager, targets))
        kept = manager.get_queryset()
        kept._result_cache = list(related)
        kept._prefetch_done = True
        if not hasattr(instance, "_prefetched_objects_cache"):
            instance._prefetched_objects_cache = {}
        instance._prefetched_objects_cache[manager.prefetch_cache_name] = kept

    def write(self) -> None:
        for through, relations in self.pending.items():
            for relation in relations:
                m2m_changed.send(action="pre_add", **_signalled(through, *relation))
            through.objects.bulk_create(
                [
                    through(
                        **{manager.source_field_name: instance, manager.target_field_name: target}
                    )
                    for instance, manager, targets in relations
                    for target in targets.values()
                ],
                batch_size=THROUGH_ROWS_PER_INSERT,
            )
            for relation in relations:
                m2m_changed.send(action="post_add", **_signalled(through, *relation))
        self.pending = {}


def _signalled(through, instance, manager, targets: dict) -> dict:
    """What ``add()`` sends with ``m2m_changed``."""
    return {
        "sender": through,
        "instance": instance,
        "reverse": False,
        "model": manager.model,
        "pk_set": set(targets),
        "using": router.db_for_write(through, instance=instance),
    }
