"""Check that every citation's excerpt occurs in its article at its stored offsets, and
that no published fact shows without a source (``tracker.integrity``)."""

from django.core.management.base import BaseCommand, CommandError

from tracker import integrity
from tracker.models import Citation


class Command(BaseCommand):
    help = (
        "Check every citation's excerpt against its source article, and that every published "
        "fact has a source; exit non-zero on failures."
    )

    def handle(self, *args, **options) -> None:
        citations = Citation.objects.with_sources().with_targets().order_by("source__slug", "start")
        failures = []
        for citation in citations.iterator(chunk_size=500):
            if not citation.excerpt_occurs():
                failures.append(citation)
                self.stderr.write(
                    f"✗ {citation.target_name} “{citation.target}”: the excerpt "
                    f"“{citation.excerpt}” does not occur at {citation.start}–{citation.end} "
                    f"in “{citation.source}”."
                )
        checked = citations.count()
        unsourced = integrity.problems()
        for problem in unsourced:
            self.stderr.write(f"✗ {problem}")
        reasons = []
        if failures:
            reasons.append(f"{len(failures)} of {checked} citations do not match their article.")
        if unsourced:
            plural = "s" if len(unsourced) != 1 else ""
            reasons.append(f"{len(unsourced)} published fact{plural} without a source.")
        if reasons:
            raise CommandError(" ".join(reasons))
        self.stdout.write(
            self.style.SUCCESS(
                f"All {checked} citations occur in their articles, and every published fact "
                "has a source."
            )
        )
