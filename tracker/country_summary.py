"""What a country's page counts, draws and chooses among all of its records, read once per
data version (``remembered(request, key(slug), lambda: summary(slug, n))``).

The country with its published announcements, quotes and figures counted; its commitments
counted by kind; their status meter, money and timeline, drawn (from one tally by status,
currency, month and kind); and the keys of the newest few of each kind. The counts, the
tally and the choice each read every commitment the country is a party to (at 100,000
commitments a busy country has about a thousand, at 1,000,000 about ten thousand: 13–18 ms
each, three times, the page's biggest cost), and the timeline formats some 450 amounts;
only an edit changes any of them. So the page built afresh between edits reads the few
chosen rows by key, however many the country has (benchmarks/RESULTS.md, issue 18).
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from tracker import overview
from tracker.models import Commitment, Country


@dataclass(frozen=True)
class CountrySummary:
    country: Country  # with ``announcement_count``, ``quote_count`` and ``figure_count``
    kinds: dict[str, int]  # its published commitments of each kind: {"pledge": 3, ...}
    glance: SafeString  # their status meter, money totals and timeline, drawn
    newest: list[int]  # the keys of the newest ``newest_of_each`` of each kind


def key(slug: str) -> str:
    """The name a country's summary is remembered under (the address's slug: [-\\w]+)."""
    return f"country-summary:{slug}"


def summary(slug: str, newest_of_each: int) -> tuple[CountrySummary, list[Commitment]]:
    """The country at ``slug`` (404 if there is none) and what its page counts, with the
    newest of each kind as the page shows them (``for_items()``): the
    build that counts uses them as read, so it needs no query more than before."""
    country = get_object_or_404(Country.objects.with_published_record_counts(), slug=slug)
    commitments = Commitment.objects.published().involving(country)
    tally = overview.tally(commitments, by_month=True, by_kind=True)
    glance = overview.glance_of(tally, {"country": slug}, timeline=True)
    newest = list(commitments.for_items().newest_of_each_kind(newest_of_each))
    counted = CountrySummary(
        country=country,
        kinds=overview.kinds_of(tally),
        glance=render_to_string("tracker/includes/glance.html", glance),
        newest=[commitment.pk for commitment in newest],
    )
    return counted, newest
