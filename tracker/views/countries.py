"""Countries: the index by region, and everything published about one country."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from tracker import exports, feeds
from tracker.models import Announcement, Commitment, CommitmentKind, Country, Figure, Quote


@require_safe
def country_list(request: HttpRequest) -> HttpResponse:
    countries = Country.objects.with_published_records()
    if fmt := exports.requested(request):
        return exports.list_export(request, fmt, None, countries, exports.COUNTRIES)
    return render(request, "tracker/country_list.html", {"countries": countries})


@require_safe
def country_detail(request: HttpRequest, slug: str) -> HttpResponse:
    country = get_object_or_404(Country, slug=slug)
    commitments = list(
        Commitment.objects.published()
        .for_listing()
        .with_disagreement()
        .involving(country)
        .newest_first()
    )
    by_kind = [
        (kind, label, [c for c in commitments if c.kind == kind])
        for kind, label in (
            (CommitmentKind.PARTNERSHIP, "Partnerships"),
            (CommitmentKind.FUNDING, "Funding"),
            (CommitmentKind.PLEDGE, "Pledges"),
        )
    ]
    context = {
        "country": country,
        "commitments_by_kind": by_kind,
        "commitment_total": len(commitments),
        "announcements": Announcement.objects.published()
        .for_listing()
        .filter(countries=country)
        .latest(),
        "quotes": Quote.objects.published().for_listing().filter(countries=country).newest_first(),
        "figures": Figure.objects.published().for_listing().filter(countries=country),
    }
    if fmt := exports.requested(request):
        records = [
            *(commitment for _, _, items in by_kind for commitment in items),
            *context["announcements"],
            *context["quotes"],
            *context["figures"],
        ]
        return exports.detail_export(request, fmt, country, records, feed=feeds.country_feed)
    return render(request, "tracker/country_detail.html", context)
