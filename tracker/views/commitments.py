"""Commitments: the filterable list and one commitment with everything that supports it."""

import hashlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from tracker import exports, feeds, overview, search_sql
from tracker.filters import CommitmentFilters
from tracker.http_cache import public_page, remembered
from tracker.models import (
    Commitment,
    CommitmentKind,
    Country,
    Discrepancy,
    Organisation,
    Quote,
)
from tracker.preview import get_by_slug_or_404, is_draft_preview
from tracker.views.listing import (
    DETAIL_QUERY,
    by_slug,
    list_context,
    list_page,
    offer_choices,
    render_list,
)


@list_page(CommitmentFilters)
@require_safe
def commitment_list(request: HttpRequest) -> HttpResponse:
    filters = CommitmentFilters(request.GET)
    if fmt := exports.requested(request):
        rows = Commitment.objects.published()
        # The CSV and JSON read plain values of their own (export_rows, commitment_values);
        # the relations and evidence they would not read cost building and compiling twice
        # (once for the count's key).
        if fmt not in ("csv", "json"):
            rows = rows.for_listing().with_evidence()
        return exports.list_export(
            request,
            fmt,
            filters,
            rows,
            exports.COMMITMENTS,
            feed=feeds.commitments_feed,
            known=overview.counted_by_summary,
        )
    if redirect := by_slug(request, filters):
        return redirect
    rows = Commitment.objects.published().for_list_rows().with_evidence()
    context = list_context(
        request, filters, rows, counted=lambda: overview.counted_by_summary(request, filters)
    )
    if not context["problems"]:
        context.update(list_overview(request, filters))
    offer_choices(
        request,
        filters,
        {
            "country": (
                "commitment-countries",
                Country.objects.party_to_published_commitments,
            ),
            "organisation": ("commitment-organisations", Organisation.objects.public),
        },
    )
    return render_list(request, "tracker/commitment_list.html", context)


def list_overview(request: HttpRequest, filters: CommitmentFilters) -> dict:
    """The meter, money and timeline of the filtered list, drawn. The meter counts every
    status under the other filters, to show what the status filter chose among; its links,
    and the money's, carry the list's filters.

    Where its country's summary answers the filters (``overview.list_tally``), the drawing
    is remembered for the data version under those filters and the status: every sort and
    page of a list, and its htmx fragment, show the same, and drawing it (a timeline of up
    to 120 months in three charts and a table) was most of what the overview still cost."""
    status = filters.cleaned_data["status"]
    answered = overview.answered_by_summary(filters)
    carried = (
        overview.answered_filters(filters)
        if answered
        else overview.list_filters(request.GET.dict(), leave_out=("status",))
    )

    def drawn() -> str:
        glance = overview.glance_of(
            overview.list_tally(request, filters), carried, status=status, timeline=True
        )
        return overview.drawn_glance(glance)

    if not answered:
        return {"glance": drawn()}
    # Under the filters as cleaned, so that addresses written differently share one.
    shown = urlencode(sorted({**carried, "status": status}.items()))
    digest = hashlib.blake2b(shown.encode(), digest_size=16).hexdigest()
    return {"glance": remembered(request, f"list-glance:{digest}", drawn)}


@public_page(query=DETAIL_QUERY)
@require_safe
def commitment_detail(request: HttpRequest, slug: str) -> HttpResponse:
    commitment = get_by_slug_or_404(
        request, Commitment, lambda: Commitment.objects.for_detail().with_page_flags(), slug
    )
    # ``announcement`` is None where it is a draft (published()): no quotes of a draft.
    related_quotes = (
        search_sql.by_keys("related", Quote, _quotes_of, [commitment.announcement.pk])
        if commitment.announcement
        else Quote.objects.none()
    )
    if fmt := exports.requested(request):
        return exports.detail_export(request, fmt, commitment, related_quotes)
    linked = (
        list(Commitment.objects.published().linked_to(commitment))
        if commitment.kind == CommitmentKind.FUNDING and commitment.has_linked_money
        else []
    )
    context = {
        "commitment": commitment,
        "additions": [c for c in linked if c.adds_to_id == commitment.pk],
        "included": [c for c in linked if c.included_in_id == commitment.pk],
        "discrepancies": (
            Discrepancy.objects.about_with_versions(commitment, is_draft_preview(request))
            if commitment.disputed
            else []
        ),
        "related_quotes": related_quotes,
    }
    return render(request, "tracker/commitment_detail.html", context)


def _quotes_of(announcements: list[int]):
    """The published quotes made in the announcement (its key, alone in the list)."""
    return (
        Quote.objects.published()
        .for_listing()
        .with_evidence()
        .filter(announcement=announcements[0])
        .newest_first()
    )
