"""Alerts composed from the change log, and the outbox delivered, with retries.

``compose`` locks the follow, reads the changes past its high-water mark, and those at or
below it committed since its last alert (``snapshots``), that belong to its page now,
writes one email of them to the outbox and moves the mark, all in one transaction: a
change is alerted once, and an alert once written is not lost.

``deliver`` claims an unsent email with one conditional UPDATE (a lease of
``LEASE_SECONDS``), so two workers never send it both, hands it to the mail server (no
database transaction held meanwhile), and marks it sent; if the server fails, the
email waits ``retry_delay(attempts)`` (doubling up to an hour) and is tried again, by a
deferred task or by ``send_alerts`` (cron) with a backend that cannot defer.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from tracker.alerts import emails
from tracker.alerts.followed import followed_records
from tracker.alerts.models import Change, Email, Follow
from tracker.alerts.snapshots import Snapshot

logger = logging.getLogger(__name__)

LEASE_SECONDS = 300


def newest_change() -> int:
    return Change.objects.aggregate(newest=Max("pk"))["newest"] or 0


def with_news(follows: QuerySet) -> QuerySet:
    """Of ``follows``, those that may have changes to be alerted of: a change past the
    mark, or one at or below it whose transaction may have committed since (snapshots)."""
    newest = Change.objects.aggregate(pk=Max("pk"), xact=Max("xact"))
    news = Q(last_change__lt=newest["pk"] or 0)
    if newest["xact"] is not None:
        news |= Q(alerted_snapshot__xmin__lte=newest["xact"])
    return follows.filter(news)


def shown_changes(path: str, changes: QuerySet, limit: int | None = None) -> list[emails.Item]:
    """Of ``changes``, those about records the page at ``path`` holds now, as an alert
    shows them (in the order of ``changes``; the first ``limit`` of them)."""
    records = followed_records(path)
    if not records:
        return []
    in_view = Q()
    for field, queryset in records.items():
        in_view |= Q(**{f"{field}__in": queryset})
    changes = changes.filter(in_view).select_related(
        "status_change__citation__source", "citation__source", "discrepancy"
    )
    changes = list(changes[:limit] if limit else changes)
    shown = {
        field: {
            record.pk: record
            for record in queryset.filter(pk__in={getattr(c, f"{field}_id") for c in changes})
        }
        for field, queryset in records.items()
    }
    return emails.items(changes, shown)


def mark_now(follow: Follow) -> Snapshot:
    """Move the follow's mark to the newest change, as of a snapshot taken first (so a
    change the mark passes but the snapshot does not count is alerted next); the snapshot."""
    now = Snapshot.now()
    follow.last_change = newest_change()
    follow.alerted_snapshot = now.to_store()
    return now


def new_changes(follow: Follow) -> QuerySet:
    """The changes ``follow`` has not been alerted of, and moves its mark past them (the
    caller saves it): those past its mark, and those at or below it that had not committed
    at its last alert; of both, only those committed in the snapshot the mark moves to."""
    mark, previous = follow.last_change, Snapshot.stored(follow.alerted_snapshot)
    now = mark_now(follow)
    candidates = Change.objects.filter(
        Q(pk__gt=mark) | previous.late(), pk__lte=follow.last_change
    ).values_list("pk", "xact")
    new = [
        pk
        for pk, xact in candidates
        if now.committed(xact) and (pk > mark or not previous.committed(xact))
    ]
    return Change.objects.filter(pk__in=new).order_by("pk")


def compose(follow_id: int) -> int | None:
    """The outbox email alerting a confirmed follow of its new changes, if any."""
    with transaction.atomic():
        follow = (
            Follow.objects.confirmed()
            .select_for_update()
            .select_related("subscriber")
            .filter(pk=follow_id)
            .first()
        )
        if follow is None:
            return None
        shown = shown_changes(follow.path, new_changes(follow))
        follow.save(update_fields=["last_change", "alerted_snapshot"])
        return emails.write_alert(follow, shown).pk if shown else None


def retry_delay(attempts: int) -> datetime.timedelta:
    base = settings.ALERTS_RETRY_SECONDS
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def _claim(email_id: int) -> bool:
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    lease = now + datetime.timedelta(seconds=LEASE_SECONDS)
    return bool(
        Email.objects.filter(due, pk=email_id, sent_at__isnull=True).update(next_attempt_at=lease)
    )


def deliver(email_id: int) -> datetime.datetime | None:
    """Send one outbox email; None once it is sent (or gone, or another worker has it),
    otherwise when to try again."""
    if not _claim(email_id):
        return None
    email = Email.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        email.subject, email.text, to=[email.to], headers=email.headers
    )
    message.attach_alternative(email.html, "text/html")
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as error:
        attempts = email.attempts + 1
        retry_at = timezone.now() + retry_delay(attempts)
        Email.objects.filter(pk=email_id).update(
            attempts=attempts, last_error=str(error)[:1000], next_attempt_at=retry_at
        )
        logger.warning("Email %s not sent (attempt %s): %s", email_id, attempts, error)
        return retry_at
    Email.objects.filter(pk=email_id).update(
        attempts=email.attempts + 1, sent_at=timezone.now(), last_error=""
    )
    return None


def due_emails() -> list[int]:
    """Unsent emails whose time has come (a retry, or one whose worker died mid-lease)."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    return list(Email.objects.filter(due, sent_at__isnull=True).values_list("pk", flat=True))
