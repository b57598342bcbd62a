"""One organisation: the commitments that name it, what its people said, and the
announcements and figures about it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from tracker import exports, overview
from tracker.http_cache import public_page
from tracker.models import Announcement, Commitment, Figure, Organisation, Quote
from tracker.views.listing import DETAIL_QUERY

# As on a country page: the newest few of each kind; the downloads hold every one.
NEWEST_OF_EACH = 10


@public_page(query=DETAIL_QUERY)
@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.public().for_detail(), slug=slug)
    # Rows say how many articles back each record and whether they disagree.
    commitments = (
        Commitment.objects.published()
        .for_listing()
        .with_evidence()
        .concerning(organisation)
        .newest_first()
    )
    quotes = (
        Quote.objects.published().for_listing().with_evidence().said_for(organisation)
    ).newest_first()
    announcements = (
        Announcement.objects.published()
        .for_listing()
        .with_evidence()
        .filter(organisations=organisation)
        .newest_first()
    )
    figures = (
        Figure.objects.published()
        .for_listing()
        .with_evidence()
        .in_announcements_naming(organisation)
        .newest_first()
    )
    if fmt := exports.requested(request):
        records = [*commitments, *announcements, *quotes, *figures]
        return exports.detail_export(request, fmt, organisation, records)
    context = {
        "organisation": organisation,
        "commitments": commitments[:NEWEST_OF_EACH],
        "commitment_total": commitments.count(),
        "quotes": quotes[:NEWEST_OF_EACH],
        "quote_total": quotes.count(),
        "announcements": announcements[:NEWEST_OF_EACH],
        "announcement_total": announcements.count(),
        "figures": figures[:NEWEST_OF_EACH],
        "figure_total": figures.count(),
        "shown": NEWEST_OF_EACH,
        **overview.at_a_glance(
            Commitment.objects.published().concerning(organisation), {"organisation": slug}
        ),
    }
    return render(request, "tracker/organisation_detail.html", context)
