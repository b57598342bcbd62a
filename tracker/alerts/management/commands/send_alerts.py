"""Enqueue the daily or weekly digests, retry emails the mail server refused, and forget
follows never confirmed: run by cron (docs/operations.md)."""

from django.core.management.base import BaseCommand

from tracker.alerts import tasks
from tracker.alerts.models import Frequency
from tracker.alerts.signing import CONFIRM_MAX_AGE


class Command(BaseCommand):
    help = (
        "Enqueue the alerts of every confirmed follow of a frequency (cron: daily at a fixed "
        "hour, weekly on a fixed day), retry unsent emails that are due, and delete follows "
        "left unconfirmed past their link's expiry."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--frequency",
            choices=Frequency.values,
            help="Alert the follows of this frequency (omit to only retry and purge).",
        )

    def handle(self, *args, frequency: str | None = None, **options) -> None:
        if frequency:
            result = tasks.alert_follows.enqueue(frequency)
            self.stdout.write(f"Enqueued the {frequency} alerts (task {result.id}).")
        retried = tasks.retry_due_emails()
        purged = tasks.purge_unconfirmed(days=CONFIRM_MAX_AGE // 86400)
        self.stdout.write(f"Retrying {retried} unsent email(s); forgot {purged} unconfirmed.")
