"""Countries: the index, and what is published about one country."""

from django.forms import HiddenInput
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from tracker import country_summary, exports, feeds, index_exports, overview
from tracker.country_index import remembered_commitments, remembered_countries
from tracker.http_cache import public_page, remembered
from tracker.index_filters import CountryFilters
from tracker.list_descriptions import describe
from tracker.models import (
    COMMITMENT_COUNTS,
    Announcement,
    Commitment,
    CommitmentKind,
    Country,
    Figure,
    Quote,
)
from tracker.views.listing import DETAIL_QUERY, form_problems, list_page, render_list

# A country page shows the newest few of each kind and links to the whole list: a busy
# country has thousands of records, and one page of all of them helps no reader.
NEWEST_OF_EACH = 10


@list_page(CountryFilters)
@require_safe
def country_list(request: HttpRequest) -> HttpResponse:
    """Countries with published commitments first, sorted as asked; then the countries
    only mentioned (in announcements, quotes or figures, or as a person's nationality)."""
    filters = CountryFilters(request.GET, request=request)
    # Counted once per data version: the counts change only when the data does.
    countries = remembered_countries(request)
    if fmt := exports.requested(request):
        return exports.list_export(request, fmt, filters, countries, index_exports.COUNTRY_INDEX)
    problems = form_problems(filters)
    rows = [] if problems else filters.filter(countries)
    filters.offer_values("region", filters.regions(), blank="All regions")
    if not (filters.data.get("currency") or filters.data.get("sort") == "money"):
        filters.fields["currency"].widget = HiddenInput()  # it orders only the money sort
    context = {
        "filters": filters,
        "problems": problems,
        "with_commitments": [c for c in rows if c.commitment_count],
        "also_mentioned": [c for c in rows if not c.commitment_count],
        "country_total": len(rows),
        "money_currency": filters.cleaned_data.get("currency") if not problems else "",
        # The map shades the countries by the commitments the rows count; the home page
        # draws the same one.
        "world": remembered(request, "world-map", lambda: world_map(request)),
    }
    context.update(describe(filters, request.GET, request.path, len(rows)))
    return render_list(request, "tracker/country_list.html", context)


def world_map(request: HttpRequest) -> overview.worldmap.WorldMap:
    return overview.world_map(remembered_commitments(request).counts())


@public_page(query=DETAIL_QUERY)
@require_safe
def country_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if fmt := exports.requested(request):
        return country_export(request, fmt, slug)
    # Its counts, its overview and the choice of the newest of each kind read every record
    # of the country: once per data version, not once per build.
    shown: country_summary.Shown | None = None  # read with the counts when they are not known

    def count_and_choose() -> country_summary.CountrySummary:
        nonlocal shown
        summary, shown = country_summary.summary(request, slug, NEWEST_OF_EACH)
        return summary

    summary = remembered(request, country_summary.key(slug), count_and_choose)
    country, totals = summary.country, summary.kinds
    if shown is None:  # remembered: the chosen rows read by key
        shown = summary.shown()
    commitment_list = reverse("commitment-list")
    sections = [
        {
            "id": counted.kind,
            "label": counted.name.capitalize(),  # "Partnerships", "Funding"
            # "funding commitments"
            "noun": f"{CommitmentKind(counted.kind).label.lower()}s",
            "records": [c for c in shown.commitments if c.kind == counted.kind],
            "total": totals[counted.kind],
            "all_url": f"{commitment_list}?{urlencode({'country': slug, 'kind': counted.kind})}",
        }
        for counted in COMMITMENT_COUNTS
    ]
    context = {
        "country": country,
        "commitment_sections": sections,
        "commitment_total": sum(section["total"] for section in sections),
        "announcements": shown.announcements,
        "quotes": shown.quotes,
        "quotes_url": f"{reverse('quote-list')}?{urlencode({'country': slug})}",
        # Without their countries (for_listing()'s): the page is the country's own.
        "figures": shown.figures,
        "glance": summary.glance,
    }
    return render(request, "tracker/country_detail.html", context)


def country_export(request: HttpRequest, fmt: str, slug: str) -> HttpResponse:
    """Every published record about the country, whole (the page shows the newest few)."""
    country = get_object_or_404(Country, slug=slug)
    commitments = list(
        Commitment.objects.published()
        .for_listing()
        .with_evidence()
        .involving(country)
        .newest_first()
    )
    records = [
        *(c for kind in CommitmentKind.values for c in commitments if c.kind == kind),
        *Announcement.objects.published().for_listing().filter(countries=country).newest_first(),
        *Quote.objects.published().for_listing().filter(countries=country).newest_first(),
        *Figure.objects.published().for_listing().filter(countries=country),
    ]
    return exports.detail_export(request, fmt, country, records, feed=feeds.country_feed)
