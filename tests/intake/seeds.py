"""The two seed articles' texts, read from the fixture (the articles as received)."""

import json
from functools import cache
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed.json"
STARMER_TO_SIGN = "starmer-to-sign-deals-with-balkan-states"
PM_CALLS = "pm-calls-for-joint-action-against-smuggling-gangs"


@cache
def seed_articles() -> dict[str, dict]:
    """The seed articles' fields, by slug."""
    rows = json.loads(SEED.read_text(encoding="utf-8"))
    return {
        row["fields"]["slug"]: row["fields"]
        for row in rows
        if row["model"] == "tracker.sourcearticle"
    }
