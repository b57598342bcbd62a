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

from django.db.models import Count

from tracker.models import (
    Announcement,
    Commitment,
    CommitmentKind,
    CommitmentParty,
    Country,
    Figure,
    Person,
    Publication,
    Quote,
)

KIND_COUNTS = {
    CommitmentKind.PARTNERSHIP: "partnership_count",
    CommitmentKind.FUNDING: "funding_count",
    CommitmentKind.PLEDGE: "pledge_count",
}
COUNTS = (*KIND_COUNTS.values(), "announcement_count", "quote_count", "figure_count")


def _by_country(rows) -> dict[str, int]:
    return dict(rows.order_by().values_list("country").annotate(n=Count("pk")))


def countries_with_counts() -> list[Country]:
    """The countries the index lists, by name, each with ``<kind>_count``,
    ``announcement_count``, ``quote_count``, ``figure_count``, ``people_count``,
    ``commitment_count`` and ``money`` ([(currency, minor units)], largest first)."""
    published = Publication.PUBLISHED
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    parties = (
        CommitmentParty.objects.filter(commitment__publication=published)
        .order_by()
        .values_list("country", "commitment__kind")
        .annotate(n=Count("pk"))
    )
    for code, kind, n in parties:
        counts[code][KIND_COUNTS[kind]] = n
    for name, through, record in (
        ("announcement_count", Announcement.countries.through, "announcement"),
        ("quote_count", Quote.countries.through, "quote"),
        ("figure_count", Figure.countries.through, "figure"),
    ):
        for code, n in _by_country(
            through.objects.filter(**{f"{record}__publication": published})
        ).items():
            counts[code][name] = n
    for code, n in _by_country(Person.objects.public().filter(country__isnull=False)).items():
        counts[code]["people_count"] = n
    money = Commitment.objects.published().countable_money_by_country()

    countries = list(Country.objects.filter(code__in=counts).order_by("name"))
    for country in countries:
        found = counts[country.code]
        for name in (*COUNTS, "people_count"):
            setattr(country, name, found.get(name, 0))
        country.commitment_count = sum(found.get(name, 0) for name in KIND_COUNTS.values())
        country.money = money.get(country.code, [])
    return countries
