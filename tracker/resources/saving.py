"""How an import writes what a save writes, with fewer queries per row.

A 10,000-row file took minutes: each row's save also wrote its history version
(a query and an instance built by simple-history's ``post_save``) and set its
many-to-many relations (three queries: what is there, what is missing, the
insert). What each row writes is the same here, written in a few statements at
the end of the import, in its transaction, so still all or nothing.
"""

from django.db import connections, router
from django.db.models.signals import m2m_changed
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

from tracker.history import history_model

# Records whose versions one statement copies: well under SQLite's and PostgreSQL's
# limits on parameters.
VERSIONS_PER_INSERT = 500
# A version's own fields besides the record's, in the order ``write`` gives their values.
VERSION_FIELDS = ("history_date", "history_type", "history_user", "history_change_reason")
THROUGH_ROWS_PER_INSERT = 2000


class DeferredHistory:
    """Each saved record's history version, written at the end of the import in its
    transaction by copying the record's row as the import left it into the history
    table (``INSERT … SELECT``, a statement per ``VERSIONS_PER_INSERT`` records) with the
    version's type (new or changed), editor and reason (the file), as simple-history's
    ``post_save`` would have written it row by row: a query and a model instance per
    version, a third of a large import's time. The versions carry the moment they are
    written. A record saved again by a later row of the file has its earlier version
    written first (``before_saving``), so each save keeps its own. The saves themselves
    skip simple-history's own (``skip_history_when_saving``)."""

    def __init__(self, model) -> None:
        self.model = model._meta.concrete_model
        self.history_model = history_model(model)
        # By (type, editor's key, reason): the keys of the records saved so.
        self.pending: dict[tuple, list] = {}
        self.kept: set = set()

    def keep(self, instance, created: bool) -> None:
        user = self.history_model.get_default_history_user(instance)
        version = (
            "+" if created else "~",
            getattr(user, "pk", None),
            get_change_reason_from_object(instance),
        )
        self.pending.setdefault(version, []).append(instance.pk)
        self.kept.add(instance.pk)

    def before_saving(self, instance) -> None:
        if instance.pk in self.kept:
            self.write()

    def write(self) -> None:
        versions, records = self.history_model, self.model
        connection = connections[router.db_for_write(versions)]
        name = connection.ops.quote_name
        tracked = versions.tracked_fields
        own = [versions._meta.get_field(field) for field in VERSION_FIELDS]
        into = [name(versions._meta.get_field(field.name).column) for field in tracked]
        into += [name(field.column) for field in own]
        copy = (
            f"INSERT INTO {name(versions._meta.db_table)} ({', '.join(into)}) "
            f"SELECT {', '.join(name(field.column) for field in tracked)}, %s, %s, %s, %s "
            f"FROM {name(records._meta.db_table)} WHERE {name(records._meta.pk.column)} IN "
        )
        written = timezone.now()
        with connection.cursor() as cursor:
            for (history_type, user, reason), keys in self.pending.items():
                given = (written, history_type, user, reason)
                values = [
                    field.get_db_prep_save(value, connection)
                    for field, value in zip(own, given, strict=True)
                ]
                for start in range(0, len(keys), VERSIONS_PER_INSERT):
                    chunk = keys[start : start + VERSIONS_PER_INSERT]
                    placeholders = ", ".join(["%s"] * len(chunk))
                    cursor.execute(f"{copy}({placeholders})", [*values, *chunk])
        self.pending, self.kept = {}, set()


class DeferredRelations:
    """The many-to-many relations of the records the import inserts, written in bulk at
    the end of the import, in its transaction: ``instance.<attribute>.set(related)`` for a
    record inserted by its own row, so related to nothing yet (``set()`` would ask what
    is there, what is missing, and insert: three queries per row). The signals ``add()``
    sends are sent when the rows are in."""

    def __init__(self) -> None:
        self.rows: dict = {}  # through model: its rows to insert
        self.signals: list[dict] = []  # what add() would have sent, one per relation

    def relate(self, instance, attribute: str, related: list) -> None:
        if not related:
            return  # add() with nothing to add writes and sends nothing
        manager = getattr(instance, attribute)
        through = manager.through
        targets = {obj.pk: obj for obj in related}
        self.rows.setdefault(through, []).extend(
            through(**{manager.source_field_name: instance, manager.target_field_name: target})
            for target in targets.values()
        )
        self.signals.append(
            {
                "sender": through,
                "instance": instance,
                "reverse": False,
                "model": manager.model,
                "pk_set": set(targets),
                "using": router.db_for_write(through, instance=instance),
            }
        )

    def write(self) -> None:
        for signal in self.signals:
            m2m_changed.send(action="pre_add", **signal)
        for through, rows in self.rows.items():
            through.objects.bulk_create(rows, batch_size=THROUGH_ROWS_PER_INSERT)
        for signal in self.signals:
            m2m_changed.send(action="post_add", **signal)
        self.rows, self.signals = {}, []


def show_as_related(instance, attribute: str, related: list) -> None:
    """Keep ``related`` on ``instance`` as a prefetch of ``<attribute>`` would, so the
    preview's diff reads a relation not yet written (``DeferredRelations``) as it will be."""
    manager = getattr(instance, attribute)
    kept = manager.get_queryset()
    kept._result_cache = list(related)
    kept._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[manager.prefetch_cache_name] = kept
