"""``make eval-intake``: the intake assistant's precision and recall on this corpus.

It migrates a throwaway SQLite database, loads the seed data (the people,
organisations and events the tracker knows on a fresh installation), reads every
corpus article and prints precision and recall per candidate type and overall
(tracker/intake/evaluation.py says how they are scored).
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/intake-eval.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("loaddata", "seed", verbosity=0)

        from tracker.intake import Lexicon
        from tracker.intake.evaluation import articles, evaluate, table

        print(f"{len(articles())} articles in intake_corpus/ (the seed articles are not scored)")
        print(table(evaluate(Lexicon.build())))


if __name__ == "__main__":
    main()
