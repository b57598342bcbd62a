"""Commitments: the filterable list and one commitment with everything that supports it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tracker import exports, feeds
from tracker.filters import CommitmentFilters
from tracker.models import Commitment, CommitmentKind, Country, Discrepancy, Quote
from tracker.preview import get_record_or_404
from tracker.views.caching import remembered
from tracker.views.listing import list_context, render_list


@require_safe
def commitment_list(request: HttpRequest) -> HttpResponse:
    filters = CommitmentFilters(request.GET)
    # The CSV's sources_disagree column reads the same annotation as the rows' flag.
    rows = Commitment.objects.published().for_listing().with_evidence()
    if fmt := exports.requested(request):
        return exports.list_export(
            request, fmt, filters, rows, exports.COMMITMENTS, feed=feeds.commitments_feed
        )
    context = list_context(request, filters, rows)
    context["countries"] = remembered(
        request,
        "commitment-countries",
        lambda: list(Country.objects.party_to_published_commitments().values("slug", "name")),
    )
    return render_list(request, "tracker/commitment_list.html", context)


@require_safe
def commitment_detail(request: HttpRequest, slug: str) -> HttpResponse:
    commitment = get_record_or_404(request, Commitment.objects.for_detail(), slug=slug)
    related_quotes = (
        Quote.objects.published()
        .for_listing()
        .with_evidence()
        .filter(announcement=commitment.announcement_id)
        .newest_first()
        if commitment.announcement_id
        else Quote.objects.none()
    )
    if fmt := exports.requested(request):
        return exports.detail_export(request, fmt, commitment, related_quotes)
    linked = (
        list(Commitment.objects.published().linked_to(commitment))
        if commitment.kind == CommitmentKind.FUNDING
        else []
    )
    context = {
        "commitment": commitment,
        "additions": [c for c in linked if c.adds_to_id == commitment.pk],
        "included": [c for c in linked if c.included_in_id == commitment.pk],
        "discrepancies": Discrepancy.objects.about_with_versions(commitment),
        "related_quotes": related_quotes,
    }
    return render(request, "tracker/commitment_detail.html", context)
