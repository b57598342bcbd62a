"""The countries index's rows: every country a published record concerns or a public
person comes from, with its published records counted by kind and its countable money
per currency.

Counted by one grouped query per relation rather than by correlated subqueries per
country: at 100,000 commitments, a subquery counting one country's parties costs ~14 ms,
and the index would run seven of them for each of 200 countries (about 20 s), while a
grouped count of every party costs one pass. There are at most 250 countries, so the
region filter and the sort run in Python on the counted rows (tracker.index_filters).
"""

from collections import defaultdict

from django.db.models import CharField, Count, Value

from tracker.models import (
    COMMITMENT_COUNTS,
    PUBLISHED_COUNTS,
    RECORD_COUNTS,
    Commitment,
    CommitmentParty,
    Country,
    Person,
    Publication,
)

KIND_COUNTS = {counted.kind: counted.attribute for counted in COMMITMENT_COUNTS}


def _tally(rows, attribute, *by: str):
    """``rows`` counted per country (and ``by``), each row labelled with the ``attribute``
    it counts, so that every tally goes to the database as one UNION ALL."""
    return (
        rows.order_by()
        .annotate(attribute=Value(attribute, output_field=CharField()))
        .values_list("attribute", "country", *by)
        .annotate(n=Count("pk"))
    )


def countries_with_counts() -> list[Country]:
    """The countries the index lists, by name, each with the ``<kind>_count`` of every kind
    in ``PUBLISHED_COUNTS``, ``people_count``, ``commitment_count`` and ``money``
    ([(currency, minor units)], largest first)."""
    published = Publication.PUBLISHED
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    # Commitments counted by kind, the other records by their ``countries`` table (reached
    # from Country's reverse relation), public people by nationality: one round trip, since
    # the first request after every edit makes them all (the index's query budget is ten).
    tallies = [
        _tally(
            CommitmentParty.objects.filter(commitment__publication=published),
            "commitments",
            "commitment__kind",
        )
    ]
    for counted in RECORD_COUNTS:
        through = Country._meta.get_field(counted.name).through
        tallies.append(
            _tally(
                through.objects.filter(**{f"{counted.kind}__publication": published}),
                counted.attribute,
                Value("", output_field=CharField()),
            )
        )
    tallies.append(
        _tally(
            Person.objects.public().filter(country__isnull=False),
            "people_count",
            Value("", output_field=CharField()),
        )
    )
    for attribute, code, kind, n in tallies[0].union(*tallies[1:], all=True).order_by():
        counts[code][KIND_COUNTS[kind] if attribute == "commitments" else attribute] = n
    money = Commitment.objects.published().countable_money_by_country()

    countries = list(Country.objects.filter(code__in=counts).order_by("name"))
    for country in countries:
        found = counts[country.code]
        for name in (*(counted.attribute for counted in PUBLISHED_COUNTS), "people_count"):
            setattr(country, name, found.get(name, 0))
        country.commitment_count = sum(found.get(name, 0) for name in KIND_COUNTS.values())
        country.money = money.get(country.code, [])
    return countries
