"""The countries index's rows: every country a published record concerns or a public
person comes from, with its published records counted by kind and its countable money
per currency.

Counted by one grouped query per relation rather than by correlated subqueries per
country: at 100,000 commitments, a subquery counting one country's parties costs ~14 ms,
and the index would run seven of them for each of 200 countries (about 20 s), while a
grouped count of every party costs one pass. There are at most 250 countries, so the
region filter and the sort run in Python on the counted rows (tracker.index_filters).

A country's commitments, by kind and with their countable money, are the rows the database
keeps of each country's commitments of every month (``tracker.models.tallies``), which the
world map reads too (``CommitmentsByCountry.counts``): after an edit the index and the map
read a few thousand kept rows, where they counted every party and its commitment (2.7 s
at 1,000,000 commitments).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import CharField, Count, Value
from django.http import HttpRequest

from tracker.http_cache import remembered
from tracker.models import (
    COMMITMENT_COUNTS,
    PUBLISHED_COUNTS,
    RECORD_COUNTS,
    Country,
    Person,
    Publication,
)
from tracker.models.country_rows import AnnouncementCountry, QuoteCountry
from tracker.models.tallies import kept_by_country

KIND_COUNTS = {counted.kind: counted.attribute for counted in COMMITMENT_COUNTS}

# The kinds whose rows tying them to their countries copy their publication
# (``models.country_rows``): counted off those rows alone. Joining each row to its record
# to ask the record's publication hashed every published quote: at 100,000 commitments
# 48 ms of the database's time for the quotes' 95,000 rows, 19 ms without the join.
COUNTRY_ROWS = {"announcement": AnnouncementCountry, "quote": QuoteCountry}


@dataclass(frozen=True)
class CommitmentsByCountry:
    """The published commitments each country is a party to."""

    kinds: dict[str, dict[str, int]]  # by kind: {"RS": {"funding": 3, "pledge": 1}}
    money: dict[str, list[tuple[str, int]]]  # countable, per currency, largest first

    def counts(self) -> dict[str, int]:
        """Each country's commitments of every kind: {"RS": 4} (the world map's)."""
        return {code: sum(kinds.values()) for code, kinds in self.kinds.items()}


def commitments_by_country() -> CommitmentsByCountry:
    """Every country's published commitments counted by kind, and their countable money
    (funding not inside a published total: ``counted_once``) per currency: the rows the
    database keeps of every month (``tracker.models.tallies.kept_by_country``), a few
    thousand, where counting them read every party and its commitment."""
    rows = kept_by_country()
    kinds: dict[str, dict[str, int]] = defaultdict(dict)
    money: dict[str, dict[str, int]] = defaultdict(dict)
    for code, kind, currency, n, amount in rows:
        kinds[code][kind] = kinds[code].get(kind, 0) + n
        if amount is not None:
            money[code][currency] = money[code].get(currency, 0) + amount
    largest_first = {
        code: sorted(totals.items(), key=lambda total: (-total[1], total[0]))
        for code, totals in money.items()
    }
    return CommitmentsByCountry(kinds=dict(kinds), money=largest_first)


def _tally(rows, attribute):
    """``rows`` counted per country, each row labelled with the ``attribute`` it counts, so
    that every tally goes to the database as one UNION ALL."""
    return (
        rows.order_by()
        .annotate(attribute=Value(attribute, output_field=CharField()))
        .values_list("attribute", "country")
        .annotate(n=Count("pk"))
    )


def countries_with_counts(commitments: CommitmentsByCountry) -> list[Country]:
    """The countries the index lists, by name, each with the ``<kind>_count`` of every kind
    in ``PUBLISHED_COUNTS``, ``people_count``, ``commitment_count`` and ``money``
    ([(currency, minor units)], largest first); ``commitments`` as
    ``commitments_by_country()`` counted them."""
    published = Publication.PUBLISHED
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for code, kinds in commitments.kinds.items():
        for kind, n in kinds.items():
            counts[code][KIND_COUNTS[kind]] = n
    # The other records by their ``countries`` table (reached from Country's reverse
    # relation), public people by nationality: one round trip, since the first request
    # after every edit makes them all (the index's query budget is ten).
    tallies = []
    for counted in RECORD_COUNTS:
        if rows := COUNTRY_ROWS.get(counted.kind):
            # By the rows' copies of their record's publication, without the records.
            published_rows = rows.objects.filter(**{f"{counted.kind}_published": True})
        else:
            through = Country._meta.get_field(counted.name).through
            published_rows = through.objects.filter(**{f"{counted.kind}__publication": published})
        tallies.append(_tally(published_rows, counted.attribute))
    tallies.append(_tally(Person.objects.public().filter(country__isnull=False), "people_count"))
    for attribute, code, n in tallies[0].union(*tallies[1:], all=True).order_by():
        counts[code][attribute] = n

    countries = list(Country.objects.filter(code__in=counts).order_by("name"))
    for country in countries:
        found = counts[country.code]
        for name in (*(counted.attribute for counted in PUBLISHED_COUNTS), "people_count"):
            setattr(country, name, found.get(name, 0))
        country.commitment_count = sum(found.get(name, 0) for name in KIND_COUNTS.values())
        country.money = commitments.money.get(country.code, [])
    return countries


def remembered_commitments(request: HttpRequest) -> CommitmentsByCountry:
    """``commitments_by_country()`` for the request's data version: the index's rows and
    the world map (here and on the home page) read the one count."""
    return remembered(request, "commitments-by-country", commitments_by_country)


def remembered_countries(request: HttpRequest) -> list[Country]:
    """``countries_with_counts()`` for the request's data version (the page and the API)."""
    return remembered(
        request, "country-index", lambda: countries_with_counts(remembered_commitments(request))
    )
