"""The change log: what happened to published records, kept from the domain's saves.

Connected in ``AlertsConfig.ready``, on ``post_save``, wherever a record is saved from
(the admin and its publish action, the intake assistant, imports, scripts), as discrepancy
detection is. Only what the public can see at that moment is logged: a commitment, quote,
announcement, figure or source article once it is published, a status change of a
published commitment or a citation of a published record from a published article, a
disagreement about a published record. What a change shows is read again
when an alert is written (``sending``), so a record unpublished since is not alerted.

Each change is written in the transaction that makes it, so it commits or rolls back with
the edit; once that commits, the immediate follows are alerted (``tasks``), once per
transaction. A change has a unique ``key``, so saving a record again logs nothing new.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.db.models.signals import post_save

from tracker.alerts.models import Change, ChangeKind
from tracker.alerts.snapshots import in_this_transaction
from tracker.models import (
    Citation,
    Commitment,
    Discrepancy,
    DiscrepancyVersion,
    SourceArticle,
    StatusChange,
)
from tracker.models.discrepancies import DiscrepancyStatus
from tracker.models.publishing import Publication
from tracker.records import registered

logger = logging.getLogger(__name__)


def logged_records() -> dict[str, type[Model]]:
    """The records whose publication is a change (their registrations' ``alerted``), by
    their field in the change log (a commitment of any kind: the three kinds are proxies,
    saved as themselves)."""
    return {
        registration.alerted.field: registration.model
        for registration in registered()
        if registration.alerted
    }


def _published(record_id: int | None, model=Commitment) -> bool:
    return bool(
        record_id and model.objects.filter(pk=record_id, publication=Publication.PUBLISHED).exists()
    )


def _cited_record(citation: Citation) -> dict | None:
    """The published record a citation supports, as the change log's field."""
    field = citation.target_name
    record_id = getattr(citation, f"{field}_id") if field else None
    if field and _published(record_id, logged_records()[field]):
        return {f"{field}_id": record_id}
    return None


class AlertAfterCommit:
    """The one on_commit hook of a transaction's changes; it knows whether it has run."""

    ran = False

    def __call__(self) -> None:
        from tracker.alerts.tasks import alert_immediate_follows

        self.ran = True
        alert_immediate_follows.enqueue()


def log_change(key: str, kind: str, **related) -> None:
    """Log a change in the transaction that makes it (undone with it), once; when that
    transaction commits, alert the immediate follows, once for all its changes (an edit
    that adds a status change and the citation it gives is one alert)."""
    if Change.objects.filter(key=key).exists():
        return
    try:
        with transaction.atomic():
            Change.objects.create(key=key, kind=kind, xact=in_this_transaction(), **related)
    except IntegrityError:
        return  # logged by a concurrent save (the key is unique)
    connection = transaction.get_connection()
    # One hook per transaction and savepoint: an import of many rows enqueues one alert
    # task, not one per row. (A hook more does no harm: the first alert takes every change.)
    savepoints = set(connection.savepoint_ids)
    if not any(
        isinstance(hook, AlertAfterCommit) and not hook.ran and set(ids) == savepoints
        for ids, hook, _ in connection.run_on_commit
    ):
        transaction.on_commit(AlertAfterCommit())


def record_saved(sender, instance, raw=False, **kwargs) -> None:
    """A record the change log knows, once published."""
    logged = logged_records().items()
    field = next((f for f, model in logged if isinstance(instance, model)), None)
    if raw or field is None or not instance.is_published:
        return
    log_change(
        f"published-{field}:{instance.pk}", ChangeKind.PUBLISHED, **{f"{field}_id": instance.pk}
    )
    if isinstance(instance, SourceArticle):
        _article_published(instance)


def _article_published(article: SourceArticle) -> None:
    """An article published after its citations were made: each citation of a published
    record is a new source of it now (a record whose only article was a draft was not
    alerted with a source then; the citation's key keeps one already logged from twice)."""
    for citation in Citation.objects.filter(source=article).order_by("pk"):
        if record := _cited_record(citation):
            log_change(
                f"citation:{citation.pk}", ChangeKind.CITATION, citation_id=citation.pk, **record
            )


def status_change_saved(sender, instance: StatusChange, created, raw=False, **kwargs) -> None:
    if raw or not created or not _published(instance.commitment_id):
        return
    if instance.citation.source.publication != Publication.PUBLISHED:
        return
    log_change(
        f"status:{instance.pk}",
        ChangeKind.STATUS,
        commitment_id=instance.commitment_id,
        status_change_id=instance.pk,
    )


def citation_saved(sender, instance: Citation, created, raw=False, **kwargs) -> None:
    if raw or not created or instance.source.publication != Publication.PUBLISHED:
        return
    if record := _cited_record(instance):
        log_change(
            f"citation:{instance.pk}", ChangeKind.CITATION, citation_id=instance.pk, **record
        )


def version_saved(sender, instance: DiscrepancyVersion, created, raw=False, **kwargs) -> None:
    """A disagreement is about a record once a version cites it."""
    if raw or not created:
        return
    if record := _cited_record(instance.citation):
        log_change(
            f"disagreement:{instance.discrepancy_id}",
            ChangeKind.DISAGREEMENT,
            discrepancy_id=instance.discrepancy_id,
            **record,
        )


def discrepancy_saved(sender, instance: Discrepancy, raw=False, **kwargs) -> None:
    if raw or instance.status != DiscrepancyStatus.RESOLVED:
        return
    for version in instance.versions.select_related("citation"):
        if record := _cited_record(version.citation):
            log_change(
                f"resolved:{instance.pk}",
                ChangeKind.RESOLVED,
                discrepancy_id=instance.pk,
                **record,
            )
            return


def connect() -> None:
    # Any model (logged_records()): the commitments' three kinds are proxies, saved as themselves.
    post_save.connect(record_saved, dispatch_uid="alerts.record_saved")
    post_save.connect(status_change_saved, sender=StatusChange, dispatch_uid="alerts.status")
    post_save.connect(citation_saved, sender=Citation, dispatch_uid="alerts.citation")
    post_save.connect(version_saved, sender=DiscrepancyVersion, dispatch_uid="alerts.version")
    post_save.connect(discrepancy_saved, sender=Discrepancy, dispatch_uid="alerts.discrepancy")
