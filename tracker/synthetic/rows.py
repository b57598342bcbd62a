"""What every builder of synthetic rows shares: the sizes, seeded draws, slugs, bulk inserts.

Each family of records adds its builders in a subclass of ``Rows``; the
generator is all of them. The cast (countries, organisations, people, events)
is made first, by ``ActorRows``, and every later record draws on it.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass

from tracker import models as m

from .marking import SLUG_PREFIX

FIRST_DAY, LAST_ANNOUNCED = datetime.date(2018, 1, 1), datetime.date(2024, 12, 31)
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Sizes:
    """How many records of each kind; everything scales with the number of commitments."""

    commitments: int
    quotes: int
    articles: int
    announcements: int
    figures: int
    discrepancies: int
    people: int
    organisations: int
    events: int
    countries: int = 200

    @classmethod
    def for_commitments(cls, n: int) -> "Sizes":
        return cls(
            commitments=n,
            quotes=n // 2,
            articles=max(1, n // 5),
            announcements=n // 10,
            figures=n // 20,
            discrepancies=n // 50,
            people=max(10, n // 200),
            organisations=max(10, n // 250),
            events=max(5, n // 500),
        )


class CannotResume(Exception):
    """The synthetic records in the database are not part of the set asked for."""


class Rows:
    """The sizes, random draws, serial slugs and row counts of one generated set, and its cast."""

    home: m.Country
    countries: list[m.Country]
    organisations: list[m.Organisation]
    people: list[m.Person]
    events: list[m.Event]
    event_days: list[datetime.date]
    window_events: list[m.Event]
    # What a family makes in each chunk of articles (``generator``): the field of ``Sizes``,
    # its model, the kind its slugs name. The cast is made once, not by chunk.
    CHUNK_KINDS: dict[str, tuple[type, str]] = {}

    def __init__(self, sizes: Sizes, seed: int, batch_size: int) -> None:
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.counts: Counter = Counter()
        self.serial: Counter = Counter()
        # While a chunk already in the database is made again to check it: its rows per model.
        self.replayed: dict[type, list] | None = None

    def insert(self, model, objects: list) -> list:
        if self.replayed is not None:
            self.replayed.setdefault(model, []).extend(objects)
            return objects
        model.objects.bulk_create(objects, batch_size=self.batch_size)
        self.counts[model._meta.verbose_name_plural] += len(objects)
        return objects

    def slug(self, kind: str) -> str:
        self.serial[kind] += 1
        return f"{SLUG_PREFIX}{kind}-{self.serial[kind]:06d}"

    def day(self, low: datetime.date, high: datetime.date) -> datetime.date:
        return low + self.rng.randint(0, (high - low).days) * DAY

    def country(self, exclude=()) -> m.Country:
        """A party country: the home country (the UK) often, any of the others otherwise."""
        rng = self.rng
        while True:
            country = self.home if rng.random() < 0.3 else rng.choice(self.countries)
            if country not in exclude:
                return country

    def pick(self, choices, chance: float):
        """One of ``choices`` with the given chance, else None."""
        return self.rng.choice(choices) if choices and self.rng.random() < chance else None
