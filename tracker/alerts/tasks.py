"""The background work, as django.tasks tasks: what the web request and cron enqueue and
the worker runs (``db_worker`` of django-tasks-db; immediately, in the request, with no
worker configured). Arguments are ids, read again when the task runs."""

import datetime

from django.tasks import default_task_backend, task
from django.utils import timezone

from tracker.alerts import sending
from tracker.alerts.models import Follow, Frequency, Subscriber


@task
def deliver_email(email_id: int) -> bool:
    """Send an outbox email; if the mail server fails, try again later with backoff."""
    retry_at = sending.deliver(email_id)
    if retry_at is None:
        return True
    if default_task_backend.supports_defer:
        deliver_email.using(run_after=retry_at).enqueue(email_id)
    # Otherwise (no worker: the immediate backend) send_alerts retries it from cron.
    return False


def send(email_id: int | None) -> None:
    if email_id is not None:
        deliver_email.enqueue(email_id)


@task
def alert_follow(follow_id: int) -> None:
    send(sending.compose(follow_id))


def alert_all(frequency: str) -> int:
    """Enqueue one alert task per confirmed follow of ``frequency``; how many."""
    follows = list(
        sending.with_news(Follow.objects.confirmed().filter(frequency=frequency)).values_list(
            "pk", flat=True
        )
    )
    for follow_id in follows:
        alert_follow.enqueue(follow_id)
    return len(follows)


@task
def alert_immediate_follows() -> int:
    """After a change: alert the follows that want every change as it happens."""
    return alert_all(Frequency.IMMEDIATELY)


@task
def alert_follows(frequency: str) -> int:
    """The daily or weekly digests (enqueued by send_alerts, from cron)."""
    return alert_all(frequency)


def retry_due_emails() -> int:
    due = sending.due_emails()
    for email_id in due:
        deliver_email.enqueue(email_id)
    return len(due)


def purge_unconfirmed(days: int) -> int:
    """Forget follows never confirmed, and addresses left with none."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _ = Follow.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    Subscriber.objects.filter(follows__isnull=True).delete()
    return deleted
