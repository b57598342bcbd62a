"""The commitments CSV's rows read as plain values, straight into cells.

A CSV row needs a commitment's own columns, its parties' names and roles, its published
announcement's slug and whether its sources disagree (the commitment's ``sources_disagree``
column, which the database keeps: migration 0028): one ``values_list()`` query reads
them all in the list's order, in chunks from a server-side cursor, the parties as one
string per row (``string_agg`` in a correlated subquery, by the index on the commitment).
Each column's cell is made by a function of its one kind of value (tracker.csv_cells),
and the rows go to the CSV writer a chunk at a time. Building model instances, a query
of parties per chunk and a ``match`` per cell took most of a large export's time
(benchmarks/RESULTS.md); the bytes are the same. Whether a commitment's sources disagree
was probed row by row, its citations and their versions: half the database's time per
row (benchmarks/RESULTS.md, exports7).
"""

from collections.abc import Iterator
from contextlib import closing
from itertools import batched

from django.db.models import Case, F, OuterRef, QuerySet, StringAgg, Value, When
from django.db.models.functions import Concat
from django.urls import reverse

from tracker import export_cursor, money
from tracker.csv_cells import Remembered, date, minor_units, text
from tracker.models import CommitmentParty, Country, PartyRole, Publication

# Rows handled at a time while streaming an export: read as model instances with their
# prefetches, or gathered from the values' cursor (``FETCHED`` at a time), then written
# to the CSV or given their JSON records' related rows.
CHUNK = 2000
# Rows of an export read as values fetched from its cursor at a time: each FETCH is one
# statement under the statement timeout, 134 ms (median) for 2,000 commitments at load 13
# on two cores, with outliers past 1 s; a quarter of that leaves the margin.
FETCHED = 500
COMMITMENT_HEADER = (
    "slug", "kind", "title", "summary", "status", "announced_on", "announced_on_precision",
    "amount", "currency", "funding_type", "period_start", "period_start_precision",
    "period_end", "period_end_precision", "period_label", "purpose", "focus", "novelty",
    "signed_on", "signed_on_precision", "parties", "announcement", "sources_disagree",
)  # fmt: skip
COMMITMENT_FIELDS = (
    "slug", "kind", "title", "summary", "status", "announced_on", "announced_on_precision",
    "amount_minor", "currency", "funding_type", "period_start", "period_start_precision",
    "period_end", "period_end_precision", "period_label", "purpose", "focus", "novelty",
    "signed_on", "signed_on_precision",
)  # fmt: skip
ROLE_WORDS = {role: label.lower() for role, label in PartyRole.choices}
# A party in the aggregated string: "partner:RS"; parties are joined by commas.
PARTY = Concat(F("role"), Value(":"), F("country_id"))


def commitment_cells(commitments: QuerySet, origin: str, count: int) -> Iterator[list[list[str]]]:
    """The CSV cells of each commitment of ``commitments`` (``count`` of them), in its
    order, a chunk of rows at a time; each row ends with the commitment's address under
    ``origin``."""
    # Every commitment's address is this with its slug (slugs need no quoting).
    prefix = origin + reverse("commitment-detail", args=["slug"]).removesuffix("slug/")
    parties_of = PartyNames()
    rows = commitments.annotate(
        party_codes=_parties(),
        announcement_slug=Case(
            When(announcement__publication=Publication.PUBLISHED, then=F("announcement__slug")),
            default=Value(""),
        ),
    ).values_list(*COMMITMENT_FIELDS, "party_codes", "announcement_slug", "sources_disagree")
    choices, dates, places = Remembered(text), Remembered(date), Remembered(money.exponent)
    # The rows are all it reads (the party names were read first).
    with closing(streamed(rows, count, alone=True)) as read:
        for chunk in batched(read, CHUNK):
            yield [_cells(row, prefix, parties_of, choices, dates, places) for row in chunk]


def streamed(rows: QuerySet, count: int | None = None, alone: bool = False) -> Iterator:
    """The rows, as values (``count`` of them, where known), read from the database
    ``FETCHED`` at a time as they are asked for, each read a short statement; ``alone``:
    no query is made beside them (tracker.export_cursor). Close it when done."""
    return export_cursor.streamed(rows, FETCHED, count, alone)


def _cells(row: tuple, prefix: str, parties_of: "PartyNames", choices, dates, places) -> list[str]:
    """One commitment's cells: its text neutralised, choices, dates and the currency's
    decimal places looked up."""
    (
        slug, kind, title, summary, status, announced_on, announced_on_precision,
        amount_minor, currency, funding_type, period_start, period_start_precision,
        period_end, period_end_precision, period_label, purpose, focus, novelty,
        signed_on, signed_on_precision, party_codes, announcement_slug, disputed,
    ) = row  # fmt: skip
    amount = ""
    if amount_minor is not None and currency:
        amount = minor_units(amount_minor, places[currency])
    return [
        text(slug), choices[kind], text(title), text(summary), choices[status],
        dates[announced_on], choices[announced_on_precision], amount,
        choices[currency], choices[funding_type], dates[period_start],
        choices[period_start_precision], dates[period_end], choices[period_end_precision],
        text(period_label), text(purpose), text(focus), choices[novelty], dates[signed_on],
        choices[signed_on_precision], parties_of[party_codes], text(announcement_slug),
        "true" if disputed else "false",
        # The origin is the site's own "http…", which no spreadsheet reads as a formula.
        f"{prefix}{slug}/",
    ]  # fmt: skip


def _parties() -> StringAgg:
    """A commitment's parties as "role:code,…", in no order (PartyNames orders them)."""
    return (
        CommitmentParty.objects.filter(commitment=OuterRef("pk"))
        .order_by()
        .values("commitment")
        .annotate(parties=StringAgg(PARTY, Value(",")))
        .values("parties")
    )


class PartyNames(dict):
    """ "partner:RS,lead:GB" -> "United Kingdom (lead); Serbia (partner)": by role, then by
    country name in the database's order, as ``parties.all()``; each string made once,
    from each country's place and name (making every role's label of every country up
    front cost more than an export of 500 rows made of them)."""

    def __init__(self):
        super().__init__()
        names = Country.objects.order_by("name").values_list("code", "name")
        self.countries = {code: (rank, name) for rank, (code, name) in enumerate(names)}

    def __missing__(self, parties: str | None) -> str:
        labels = []
        for party in parties.split(",") if parties else ():
            role, code = party.split(":")
            rank, name = self.countries[code]
            labels.append(((role, rank), f"{name} ({ROLE_WORDS[role]})"))
        labels.sort()
        self[parties] = names = text("; ".join(label for _, label in labels))
        return names
