"""The quotes CSV's rows read as plain values, straight into cells.

As the commitments' (tracker.export_rows): one ``values_list()`` query reads each quote's
own columns with its speaker's and event's names, in the list's order, from a streamed
cursor; then, a chunk at a time, one query each for the chunk's countries and for the roles
of speakers not met before. The speaker's role on the day is found among the roles in
their default order, as ``Person.role_on`` finds it among prefetched roles. Model
instances and two prefetches per chunk took 8 of the 12 s of 100,000 quotes
(benchmarks/RESULTS.md); the bytes are the same.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing
from itertools import batched

from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse

from tracker import export_rows
from tracker.csv_cells import Remembered, date, text
from tracker.models import Country, Quote, Role

QUOTE_HEADER = (
    "slug", "text", "speaker", "speaker_role", "said_on", "said_on_precision", "event",
    "context", "countries",
)  # fmt: skip
QUOTE_FIELDS = (
    "pk", "slug", "text", "speaker_id", "speaker__name", "said_on", "said_on_precision",
    "event__name", "context",
)  # fmt: skip
# A role as the speaker's role on a day needs it: its title, and when it started and ended.
Held = tuple[str, datetime.date | None, datetime.date | None]


def quote_cells(quotes: QuerySet, origin: str, count: int) -> Iterator[list[list[str]]]:
    """The CSV cells of each quote of ``quotes``, in its order, a chunk of rows at a time;
    each row ends with the quote's address under ``origin``; ``count`` (how many there
    are) tells how to plan their cursor (tracker.export_cursor)."""
    prefix = origin + reverse("quote-detail", args=["slug"]).removesuffix("slug/")
    rows = quotes.prefetch_related(None).values_list(*QUOTE_FIELDS)
    countries_of, roles_of = CountryNames(), SpeakerRoles()
    choices, dates = Remembered(text), Remembered(date)
    with closing(export_rows.streamed(rows, count)) as read:
        for chunk in batched(read, export_rows.CHUNK):
            countries = countries_of.chunk([row[0] for row in chunk])
            roles_of.meet({row[3] for row in chunk})
            yield [_cells(row, prefix, countries, roles_of, choices, dates) for row in chunk]


def _cells(row: tuple, prefix: str, countries, roles_of: "SpeakerRoles", choices, dates) -> list:
    """One quote's cells: its text neutralised, its role found, choices and dates looked up."""
    pk, slug, words, speaker_id, speaker, said_on, precision, event, context = row
    return [
        text(slug), text(words), text(speaker), text(roles_of.title(speaker_id, said_on)),
        dates[said_on], choices[precision], text(event or ""), text(context), countries[pk],
        f"{prefix}{slug}/",
    ]  # fmt: skip


class CountryNames:
    """The quotes' countries' names as one cell each, in the countries' default order
    (by name), as ``quote.countries.all()`` gives them."""

    def __init__(self):
        self._rank()
        self.joined = Remembered(self._joined)

    def _rank(self) -> None:
        names = Country.objects.order_by("name").values_list("code", "name")
        self.ranked = {code: (rank, name) for rank, (code, name) in enumerate(names)}

    def chunk(self, quote_ids: list[int]) -> defaultdict:
        """Each quote's cell of countries; "" for a quote without one."""
        codes = defaultdict(list)
        for quote_id, code in _countries_of(quote_ids):
            codes[quote_id].append(code)
        found = defaultdict(str)
        for quote_id, these in codes.items():
            found[quote_id] = self.joined[tuple(sorted(these))]
        return found

    def _joined(self, codes: tuple[str, ...]) -> str:
        if not self.ranked.keys() >= set(codes):  # a country added since the download began
            self._rank()
        return text("; ".join(name for _, name in sorted(self.ranked[code] for code in codes)))


def _countries_of(quote_ids: list[int]) -> list[tuple[int, str]]:
    """(quote, country code) for each country of the quotes. On PostgreSQL the ids go as
    one array: as ``quote_id IN (…)`` Django prepares and psycopg binds each of 2,000 ids,
    and the server plans a list of 2,000 (80 ms a chunk at 100,000 commitments, 17 as an
    array)."""
    through = Quote.countries.through
    if connection.vendor != "postgresql":
        return list(
            through.objects.filter(quote_id__in=quote_ids).values_list("quote_id", "country_id")
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT quote_id, country_id FROM {through._meta.db_table} WHERE quote_id = ANY(%s)",
            [quote_ids],
        )
        return cursor.fetchall()


class SpeakerRoles:
    """Speakers' roles, read once for each speaker, in Role's default order (as a
    prefetch of ``speaker__roles`` reads them)."""

    def __init__(self):
        self.roles: dict[int, list[Held]] = {}

    def meet(self, speaker_ids: set[int]) -> None:
        """Read the roles of the speakers among ``speaker_ids`` not met before."""
        new = speaker_ids - self.roles.keys()
        if not new:
            return
        for speaker_id in new:
            self.roles[speaker_id] = []
        held = Role.objects.filter(person__in=new)
        for person_id, title, started_on, ended_on in held.values_list(
            "person_id", "title", "started_on", "ended_on"
        ):
            self.roles[person_id].append((title, started_on, ended_on))

    def title(self, speaker_id: int, day: datetime.date | None) -> str:
        """The title of the role the speaker held on ``day`` (``Role.held_on``); "" if none."""
        if day is None:
            return ""
        for title, started_on, ended_on in self.roles[speaker_id]:
            if (started_on is None or started_on <= day) and (ended_on is None or day < ended_on):
                return title
        return ""
