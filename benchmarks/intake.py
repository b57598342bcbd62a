"""How long the intake assistant takes on long articles (issue 16): not a test, a measurement.

    .venv/bin/python benchmarks/intake.py            # 100 KB and 1 MB, each shape

It migrates a throwaway SQLite database in a temporary directory, loads the seed
data (so people, organisations and events are known), and times
``find_in_text`` on texts of about 100 KB and 1 MB of three shapes: the two seed
articles repeated (an ordinary article, only long), one paragraph made of amounts,
dates and counts, and long words. Each is the best of three runs on a fresh
sentence index. Then it times ``analysed()``, the cached path an intake page visit
takes, on the 1 MB article: the first visit reads it, the next ones only look it up.
"""

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"100 KB": 100_000, "1 MB": 1_000_000}


def repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def shapes(seed_text: str) -> dict[str, str]:
    amounts = " ".join(
        f"£{i}m, then {i + 1} million, {i + 2} people on {i % 28 + 1} November and"
        for i in range(1, 40)
    )
    word = "Word" + "x" * 5000 + ". "
    return {
        "seed articles repeated": seed_text,
        "one paragraph of amounts": amounts,
        "long words": word,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/intake-bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("loaddata", "seed", verbosity=0)
        run()


def run() -> None:
    from tracker.intake import Lexicon, analysed, find_in_text
    from tracker.intake.text import layout
    from tracker.models import SourceArticle

    published_on = datetime.date(2024, 11, 7)
    lexicon = Lexicon.build(published_on)
    seed_text = "\n".join(SourceArticle.objects.order_by("pk").values_list("text", flat=True))
    print(f"{'shape':<28} {'size':>7} {'seconds':>8} {'candidates':>10}")
    for shape, unit in shapes(seed_text + "\n").items():
        for label, size in SIZES.items():
            document = repeated(unit, size)
            best, found = float("inf"), []
            for _ in range(3):
                layout.cache_clear()
                started = time.perf_counter()
                found = find_in_text(document, lexicon, published_on)
                best = min(best, time.perf_counter() - started)
            print(f"{shape:<28} {label:>7} {best:>8.2f} {len(found):>10}")

    article = SourceArticle.objects.create(
        slug="intake-benchmark",
        headline="Intake benchmark",
        published_on=published_on,
        text=repeated(seed_text + "\n", SIZES["1 MB"]),
    )
    for visit in ("first visit", "second visit"):
        started = time.perf_counter()
        analysed(article)
        print(f"analysed(), 1 MB article, {visit}: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
