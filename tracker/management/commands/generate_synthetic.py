"""Fill the database with a synthetic data set for benchmarks, or purge it.

    manage.py generate_synthetic                      # 100,000 commitments and the rest
    manage.py generate_synthetic --commitments 1000 --seed 7
    manage.py generate_synthetic --purge              # remove synthetic records, only them

The records are marked synthetic (slugs start with ``synthetic-``, articles are
published by “Synthetic data (not real)”) and never mixed with real data
unless ``--allow-real-data`` says so.

Generation commits one chunk at a time: if it is interrupted (Ctrl-C, a killed
process, a lost connection), the same command run again makes the rest, ending
with the set one uninterrupted run makes; run on a complete set, it adds nothing.
"""

import argparse
import time

from django.core.management.base import BaseCommand, CommandError

from tracker import synthetic
from tracker.models import Country


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


class ProgressBar:
    """A one-line progress bar redrawn with a carriage return; silent without a stream."""

    def __init__(self, stream, label: str, width: int = 30) -> None:
        self.stream, self.label, self.width = stream, label, width
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if self.stream is None:
            return
        filled = self.width * done // max(total, 1)
        elapsed = time.monotonic() - self.started
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(
            f"\r{self.label} [{bar}] {done:,}/{total:,} commitments, {elapsed:.0f} s", ending=""
        )
        self.stream.flush()
        if done >= total:
            self.stream.write("")


class Command(BaseCommand):
    help = (
        "Generate a synthetic data set (by default 100,000 commitments with quotes, articles, "
        "citations, discrepancies and status histories), clearly marked synthetic; "
        "or --purge it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--commitments",
            type=positive_int,
            default=100_000,
            help="How many commitments; the other records scale in proportion (default 100000).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed gives the same data (default 1)."
        )
        parser.add_argument(
            "--batch-size",
            type=positive_int,
            default=2000,
            help="Rows per INSERT (default 2000; SQLite may use fewer).",
        )
        parser.add_argument(
            "--purge",
            action="store_true",
            help="Delete every synthetic record, and only those, then stop.",
        )
        parser.add_argument(
            "--allow-real-data",
            action="store_true",
            help="Add synthetic records even though the database holds real ones.",
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        if options["purge"]:
            deleted = synthetic.purge()
            summary = ", ".join(f"{count:,} {name}" for name, count in deleted.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Purged {sum(deleted.values()):,} synthetic rows "
                    f"in {time.monotonic() - started:.1f} s" + (f": {summary}." if summary else ".")
                )
            )
            return
        real = synthetic.real_record_counts()
        if real and not options["allow_real_data"]:
            held = ", ".join(f"{count:,} {name}" for name, count in real.items())
            raise CommandError(
                f"This database holds real records ({held}); synthetic data is never mixed "
                "with real data. Use a separate database (DATABASE_URL), or pass "
                "--allow-real-data if you really mean to mix them."
            )
        if not Country.objects.exists():
            raise CommandError("There are no countries; run `manage.py migrate` first.")
        sizes = synthetic.Sizes.for_commitments(options["commitments"])
        stream = self.stdout if options["verbosity"] > 0 else None
        generator = synthetic.Generator(
            sizes,
            seed=options["seed"],
            batch_size=options["batch_size"],
            progress=ProgressBar(stream, "Generating"),
        )
        try:
            counts = generator.run()
        except synthetic.CannotResume as other_set:
            raise CommandError(
                f"{other_set} Run the command as it was first run (the same --commitments and "
                "--seed) to finish that set, or remove it with `manage.py generate_synthetic "
                "--purge`."
            ) from other_set
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted; the chunks made so far are kept. Run the same command again to "
                "make the rest."
            ) from None
        if generator.resumed_from == generator.chunks:
            self.stdout.write("The set was complete already; nothing added.")
        elif generator.resumed_from:
            self.stdout.write(
                f"Resumed after the {generator.resumed_from:,} chunks of {generator.chunks:,} "
                "already in the database."
            )
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {sum(counts.values()):,} synthetic rows "
                f"in {time.monotonic() - started:.1f} s: {summary}."
            )
        )
