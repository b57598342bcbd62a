"""What a country's page counts, draws and chooses among all of its records, read once per
data version (``remembered(request, key(slug), lambda: summary(request, slug, n))``).

The country with its published announcements, quotes and figures counted; its commitments
counted by kind; their status meter, money and timeline, drawn (from one tally by status,
currency, month and kind); and the keys of the newest few of each kind of commitment and
of its announcements, quotes and figures. The counts, the tally and the choices each read
every record the country is tied to (at 100,000 commitments a busy country has about a
thousand commitments and 250 quotes, at 1,000,000 about ten thousand: the commitments'
counts and choice 13–18 ms each, the quotes' walk of the newest-first index 5–15 ms), and
the timeline formats some 450 amounts; only an edit changes any of them. So the page built
afresh between edits reads the few chosen rows by key, however many the country has
(benchmarks/RESULTS.md, issue 18).
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import SafeString

from tracker import overview
from tracker.chosen_records import Shown, compiled_for, first_or_404, read_by_key
from tracker.models import Announcement, Commitment, Country, Figure, Quote
from tracker.overview.summaries import summary as commitment_summary


@dataclass(frozen=True)
class CountrySummary:
    country: Country  # with ``announcement_count``, ``quote_count`` and ``figure_count``
    kinds: dict[str, int]  # its published commitments of each kind: {"pledge": 3, ...}
    glance: SafeString  # their status meter, money totals and timeline, drawn
    newest: list[int]  # the keys of the newest ``newest_of_each`` commitments of each kind
    announcements: list[int]  # the keys of the newest announcements, quotes and figures
    quotes: list[int]
    figures: list[int]

    def shown(self) -> Shown:
        """The chosen records, read by key."""
        return read_by_key(self.newest, self.announcements, self.quotes, self.figures)


def key(slug: str) -> str:
    """The name a country's summary is remembered under (the address's slug: [-\\w]+). Not
    the name its earlier shape, without the announcements', quotes' and figures' keys, was
    remembered under: a shared cache may still hold that for the current data version."""
    return f"country-page-summary:{slug}"


def summary(request: HttpRequest, slug: str, newest_of_each: int) -> tuple[CountrySummary, Shown]:
    """The country at ``slug`` (404 if there is none) and what its page counts, with the
    records it shows as read: the build that counts uses them, so it needs no query more
    than a build between edits. The tally is the commitments list's summary of the country
    (remembered per data version too), so the list and the page read it once between them."""
    country = first_or_404(
        compiled_for(
            "country-page",
            Country,
            lambda slug: Country.objects.with_published_record_counts().filter(slug=slug),
            slug,
        )
    )
    tally = commitment_summary(request, country)
    glance = overview.glance_of(tally, {"country": slug}, timeline=True)
    shown = Shown(
        commitments=list(
            compiled_for(
                f"country-newest-{newest_of_each}",
                Commitment,
                lambda code: (
                    Commitment.objects.published()
                    .for_items()
                    .newest_of_each_kind(Country(pk=code), newest_of_each)
                ),
                country.pk,
            )
        ),
        announcements=_newest(Announcement, country, newest_of_each),
        quotes=_newest(Quote, country, newest_of_each),
        figures=_newest(Figure, country, newest_of_each),
    )
    counted = CountrySummary(
        country=country,
        kinds=overview.kinds_of(tally),
        glance=overview.drawn_glance(glance),
        newest=_keys(shown.commitments),
        announcements=_keys(shown.announcements),
        quotes=_keys(shown.quotes),
        figures=_keys(shown.figures),
    )
    return counted, shown


def _newest(model, country: Country, count: int) -> list:
    """The ``count`` newest published records of ``model`` about ``country``."""
    return list(
        compiled_for(
            f"country-newest-{count}",
            model,
            lambda code: (
                model.objects.published().for_items().filter(countries=code).newest_first()[:count]
            ),
            country.pk,
        )
    )


def _keys(records: list) -> list[int]:
    return [record.pk for record in records]
