"""Open a discrepancy wherever the citations of a record disagree, across the whole database."""

from django.core.management.base import BaseCommand

from tracker.discrepancy_detection import detect_all


class Command(BaseCommand):
    help = (
        "Compare the citations of every record with two or more: amounts, counts, dates and "
        "quote wording. Open a discrepancy where they disagree, unless one already covers it."
    )

    def handle(self, *args, **options) -> None:
        checked, outcome = detect_all()
        if outcome.opened or outcome.versions_added:
            opened = f"{outcome.opened} discrepanc{'y' if outcome.opened == 1 else 'ies'}"
            added = f"{outcome.versions_added} version{'' if outcome.versions_added == 1 else 's'}"
            self.stdout.write(
                self.style.WARNING(
                    f"Checked {checked} records: opened {opened}, added {added}. "
                    "Resolve them in the admin."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Checked {checked} records: no new disagreement.")
            )
