"""What a country's page counts, draws and chooses among all of its records, read once per
data version (``remembered(request, key(slug), lambda: summary(request, slug, n))``).

The country with its published announcements, quotes and figures counted; its commitments
counted by kind; their status meter, money and timeline, drawn (from one tally by status,
currency, month and kind); and the keys of the newest few of each kind of commitment and
of its announcements, quotes and figures. The counts, the tally and the choices each read
every record the country is tied to (at 100,000 commitments a busy country has about a
thousand commitments and 250 quotes, at 1,000,000 about ten thousand: the commitments'
counts and choice 13–18 ms each, the quotes' walk of the newest-first index 5–15 ms, now
read off the country's rows of them: ``_newest``), and the timeline formats some 450
amounts; only an edit changes any of them. So the page built afresh between edits reads the
few chosen rows by key, however many the country has (benchmarks/RESULTS.md, issue 18).
"""

from dataclasses import dataclass

from django.db.models import OuterRef
from django.http import HttpRequest
from django.utils.safestring import SafeString

from tracker import overview
from tracker.chosen_records import Shown, compiled_for, first_or_404, read_by_key, row_count
from tracker.filters import QUOTE_COUNTRY_SORTS
from tracker.index_filters import ANNOUNCEMENT_COUNTRY_SORTS
from tracker.models import Announcement, Commitment, Country, Figure, Quote
from tracker.models.country_rows import AnnouncementCountry, QuoteCountry
from tracker.overview.summaries import summary as commitment_summary
from tracker.search_related import read_with_related


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
            lambda slug: _with_record_counts().filter(slug=slug),
            slug,
        )
    )
    tally = commitment_summary(request, country)
    glance = overview.glance_of(tally, {"country": slug}, timeline=True)
    shown = Shown(
        commitments=read_with_related(
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
        announcements=_newest(
            Announcement, country, newest_of_each, ANNOUNCEMENT_COUNTRY_SORTS["newest"]
        ),
        quotes=_newest(Quote, country, newest_of_each, QUOTE_COUNTRY_SORTS["newest"]),
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


def _with_record_counts():
    """Countries with their published announcements, quotes and figures counted
    (``with_published_record_counts()``), the announcements and quotes counted off the
    country's rows of them alone, by those rows' copies of their publication (the partial
    newest-first indexes of ``country_rows``, read without the table), where the count of
    every country probes each record by key for its publication: 154 probes for Gabon's
    quotes at 100,000 commitments, ten times as many at 1,000,000."""
    here = OuterRef("pk")
    return Country.objects.with_published_record_counts().annotate(
        announcement_count=row_count(
            AnnouncementCountry.objects.filter(country=here, announcement_published=True),
            "announcement",
        ),
        quote_count=row_count(
            QuoteCountry.objects.filter(country=here, quote_published=True), "quote"
        ),
    )


def _newest(model, country: Country, count: int, row_order: tuple = ()) -> list:
    """The ``count`` newest published records of ``model`` about ``country``. Where the rows
    tying them to their countries copy their sort keys (announcements and quotes:
    ``country_rows``), read off the country's part of those rows' newest-first index in
    ``row_order``, the same order as ``NEWEST_FIRST``: walking every published quote newest
    first until ten named the country took 15 ms of the database's time for Gabon's 154 at
    100,000 commitments (benchmarks/RESULTS.md, cold9). Figures are few to a country."""

    def rows(code: str):
        records = model.objects.published().for_items()
        if row_order:
            return records.about_in_row_order(Country(pk=code)).order_by(*row_order)[:count]
        return records.filter(countries=code).newest_first()[:count]

    return read_with_related(compiled_for(f"country-newest-{count}", model, rows, country.pk))


def _keys(records: list) -> list[int]:
    return [record.pk for record in records]
