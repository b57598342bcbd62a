"""Countries: the index by region, and what is published about one country."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from tracker import exports, feeds, overview
from tracker.models import Announcement, Commitment, CommitmentKind, Country, Figure, Quote
from tracker.views.caching import remembered

# A country page shows the newest few of each kind and links to the whole list: a busy
# country has thousands of records, and one page of all of them helps no reader.
NEWEST_OF_EACH = 10


@require_safe
def country_list(request: HttpRequest) -> HttpResponse:
    countries = Country.objects.with_published_records()
    if fmt := exports.requested(request):
        return exports.list_export(request, fmt, None, countries, exports.COUNTRIES)
    # The map reads every country's commitments; the home page draws the same one.
    context = {
        "countries": countries,
        "world": remembered(request, "world-map", overview.world_map),
    }
    return render(request, "tracker/country_list.html", context)


@require_safe
def country_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if fmt := exports.requested(request):
        return country_export(request, fmt, slug)
    country = get_object_or_404(Country.objects.with_published_counts(), slug=slug)
    newest = list(
        Commitment.objects.published()
        .for_listing()
        .with_disagreement()
        .involving(country)
        .newest_of_each_kind(NEWEST_OF_EACH)
    )
    commitment_list = reverse("commitment-list")
    sections = [
        {
            "id": kind,
            "label": label,
            "noun": noun,
            "records": [c for c in newest if c.kind == kind],
            "total": getattr(country, f"{kind}_count"),
            "all_url": f"{commitment_list}?{urlencode({'country': slug, 'kind': kind})}",
        }
        for kind, label, noun in (
            (CommitmentKind.PARTNERSHIP, "Partnerships", "partnerships"),
            (CommitmentKind.FUNDING, "Funding", "funding commitments"),
            (CommitmentKind.PLEDGE, "Pledges", "pledges"),
        )
    ]
    context = {
        "country": country,
        "commitment_sections": sections,
        "commitment_total": sum(section["total"] for section in sections),
        "announcements": Announcement.objects.published()
        .for_listing()
        .filter(countries=country)
        .latest()[:NEWEST_OF_EACH],
        "quotes": Quote.objects.published()
        .for_listing()
        .filter(countries=country)
        .newest_first()[:NEWEST_OF_EACH],
        "quotes_url": f"{reverse('quote-list')}?{urlencode({'country': slug})}",
        "figures": Figure.objects.published()
        .filter(countries=country)
        .newest_first()[:NEWEST_OF_EACH],
        **overview.at_a_glance(
            Commitment.objects.published().involving(country), {"country": slug}, timeline=True
        ),
    }
    return render(request, "tracker/country_detail.html", context)


def country_export(request: HttpRequest, fmt: str, slug: str) -> HttpResponse:
    """Every published record about the country, whole (the page shows the newest few)."""
    country = get_object_or_404(Country, slug=slug)
    commitments = list(
        Commitment.objects.published()
        .for_listing()
        .with_disagreement()
        .involving(country)
        .newest_first()
    )
    records = [
        *(c for kind in CommitmentKind.values for c in commitments if c.kind == kind),
        *Announcement.objects.published().for_listing().filter(countries=country).latest(),
        *Quote.objects.published().for_listing().filter(countries=country).newest_first(),
        *Figure.objects.published().for_listing().filter(countries=country),
    ]
    return exports.detail_export(request, fmt, country, records, feed=feeds.country_feed)
