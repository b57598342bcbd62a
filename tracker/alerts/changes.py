"""The change log: what happened to published commitments, kept from the domain's saves.

Connected in ``AlertsConfig.ready``, on ``post_save``, wherever a record is saved from
(the admin and its publish action, the intake assistant, imports, scripts), as discrepancy
detection is. Only what the public can see at that moment is logged: a commitment once
it is published, a status change or citation of a published commitment from a published
article, a disagreement about a published commitment. What a change shows is read again
when an alert is written (``sending``), so a record unpublished since is not alerted.

Each change is written in the transaction that makes it, so it commits or rolls back with
the edit; once that commits, the immediate follows are alerted (``tasks``), once per
transaction. A change has a unique ``key``, so saving a record again logs nothing new.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models.signals import post_save

from tracker.alerts.models import Change, ChangeKind
from tracker.models import Citation, Commitment, Discrepancy, DiscrepancyVersion, StatusChange
from tracker.models.discrepancies import DiscrepancyStatus
from tracker.models.publishing import Publication

logger = logging.getLogger(__name__)


def _published(commitment_id: int | None) -> bool:
    return bool(
        commitment_id
        and Commitment.objects.filter(pk=commitment_id, publication=Publication.PUBLISHED).exists()
    )


class AlertAfterCommit:
    """The one on_commit hook of a transaction's changes; it knows whether it has run."""

    ran = False

    def __call__(self) -> None:
        from tracker.alerts.tasks import alert_immediate_follows

        self.ran = True
        alert_immediate_follows.enqueue()


def log_change(key: str, kind: str, commitment_id: int, **related) -> None:
    """Log a change in the transaction that makes it (undone with it), once; when that
    transaction commits, alert the immediate follows, once for all its changes (an edit
    that adds a status change and the citation it gives is one alert)."""
    if Change.objects.filter(key=key).exists():
        return
    try:
        with transaction.atomic():
            Change.objects.create(key=key, kind=kind, commitment_id=commitment_id, **related)
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


def commitment_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw or not isinstance(instance, Commitment) or not instance.is_published:
        return
    log_change(f"published:{instance.pk}", ChangeKind.PUBLISHED, instance.pk)


def status_change_saved(sender, instance: StatusChange, created, raw=False, **kwargs) -> None:
    if raw or not created or not _published(instance.commitment_id):
        return
    if instance.citation.source.publication != Publication.PUBLISHED:
        return
    log_change(
        f"status:{instance.pk}",
        ChangeKind.STATUS,
        instance.commitment_id,
        status_change_id=instance.pk,
    )


def citation_saved(sender, instance: Citation, created, raw=False, **kwargs) -> None:
    if raw or not created or not _published(instance.commitment_id):
        return
    if instance.source.publication != Publication.PUBLISHED:
        return
    log_change(
        f"citation:{instance.pk}",
        ChangeKind.CITATION,
        instance.commitment_id,
        citation_id=instance.pk,
    )


def version_saved(sender, instance: DiscrepancyVersion, created, raw=False, **kwargs) -> None:
    """A disagreement is about a commitment once a version cites it."""
    commitment_id = instance.citation.commitment_id
    if raw or not created or not _published(commitment_id):
        return
    log_change(
        f"disagreement:{instance.discrepancy_id}",
        ChangeKind.DISAGREEMENT,
        commitment_id,
        discrepancy_id=instance.discrepancy_id,
    )


def discrepancy_saved(sender, instance: Discrepancy, raw=False, **kwargs) -> None:
    if raw or instance.status != DiscrepancyStatus.RESOLVED:
        return
    commitment_id = (
        instance.versions.filter(citation__commitment__isnull=False)
        .values_list("citation__commitment", flat=True)
        .first()
    )
    if _published(commitment_id):
        log_change(
            f"resolved:{instance.pk}",
            ChangeKind.RESOLVED,
            commitment_id,
            discrepancy_id=instance.pk,
        )


def connect() -> None:
    # Any commitment model: the three kinds are proxies, saved as themselves.
    post_save.connect(commitment_saved, dispatch_uid="alerts.commitment_saved")
    post_save.connect(status_change_saved, sender=StatusChange, dispatch_uid="alerts.status")
    post_save.connect(citation_saved, sender=Citation, dispatch_uid="alerts.citation")
    post_save.connect(version_saved, sender=DiscrepancyVersion, dispatch_uid="alerts.version")
    post_save.connect(discrepancy_saved, sender=Discrepancy, dispatch_uid="alerts.discrepancy")
