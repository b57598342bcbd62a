"""What a country's page counts and chooses among all of its records, read once per data
version (``remembered(request, key(slug), lambda: summary(slug))``).

The country with its published announcements, quotes and figures counted; the tally of its
commitments (by status, currency, month and kind: the meter, the money, the timeline and
each kind's total); and the keys of the newest few of each kind. Each of these reads every
commitment the country is a party to (at 100,000 commitments a busy country has about a
thousand, at 1,000,000 about ten thousand: 13–18 ms each, three times, the page's biggest
cost), and only an edit changes them; so the page built afresh between edits reads the few
chosen rows by key, however many the country has (benchmarks/RESULTS.md, issue 18).
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from tracker import overview
from tracker.models import Commitment, Country


@dataclass(frozen=True)
class CountrySummary:
    country: Country  # with ``announcement_count``, ``quote_count`` and ``figure_count``
    tally: list[dict]  # overview.tally(by_month=True, by_kind=True) of its commitments
    newest: list[int]  # the keys of the newest ``newest_of_each`` of each kind


def key(slug: str) -> str:
    """The name a country's summary is remembered under (the address's slug: [-\\w]+)."""
    return f"country-summary:{slug}"


def summary(slug: str, newest_of_each: int) -> CountrySummary:
    """The country at ``slug`` (404 if there is none) and what its page counts."""
    country = get_object_or_404(Country.objects.with_published_record_counts(), slug=slug)
    commitments = Commitment.objects.published().involving(country)
    return CountrySummary(
        country=country,
        tally=overview.tally(commitments, by_month=True, by_kind=True),
        newest=list(commitments.newest_of_each_kind(newest_of_each).values_list("pk", flat=True)),
    )
