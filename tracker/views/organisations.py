"""One organisation: the commitments that name it, what its people said, and the
announcements and figures about it."""

from django.db.models import Func, IntegerField, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from tracker import exports, overview
from tracker.http_cache import public_page
from tracker.models import Announcement, Commitment, Figure, Organisation, Quote
from tracker.views.listing import DETAIL_QUERY

# As on a country page: the newest few of each kind; the downloads hold every one.
NEWEST_OF_EACH = 10


def record_totals() -> dict:
    """The organisation's published announcements, quotes and figures counted within the
    query that reads it (``OuterRef("pk")``: the organisation), so they cost no query."""
    here = OuterRef("pk")
    return {
        "announcement_total": row_count(
            Announcement.objects.published().filter(organisations=here)
        ),
        # said_for() reads roles in a subquery of the quotes: the organisation is one more out.
        "quote_total": row_count(Quote.objects.published().said_for(OuterRef(here))),
        "figure_total": row_count(Figure.objects.published().in_announcements_naming(here)),
    }


def row_count(rows: QuerySet) -> Subquery:
    """How many rows ``rows`` holds, as a value of the query it is put in."""
    counted = rows.order_by().annotate(n=Func("pk", function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


@public_page(query=DETAIL_QUERY)
@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.public().for_detail().annotate(**record_totals()), slug=slug
    )
    if fmt := exports.requested(request):
        return organisation_export(request, fmt, organisation)
    # The tally counts the commitments by status and currency: their total is its sum.
    tally = overview.tally(Commitment.objects.published().concerning(organisation))
    # Each item says how many articles back the record and whether they disagree.
    context = {
        "organisation": organisation,
        "commitments": Commitment.objects.published()
        .for_items()
        .concerning(organisation)
        .newest_first()[:NEWEST_OF_EACH],
        "commitment_total": sum(row["commitments"] for row in tally),
        "quotes": Quote.objects.published()
        .for_items()
        .said_for(organisation)
        .newest_first()[:NEWEST_OF_EACH],
        "quote_total": organisation.quote_total,
        "announcements": Announcement.objects.published()
        .for_items()
        .filter(organisations=organisation)
        .newest_first()[:NEWEST_OF_EACH],
        "announcement_total": organisation.announcement_total,
        "figures": Figure.objects.published()
        .for_items()
        .in_announcements_naming(organisation)
        .newest_first()[:NEWEST_OF_EACH],
        "figure_total": organisation.figure_total,
        "shown": NEWEST_OF_EACH,
        **overview.glance_of(tally, {"organisation": slug}),
    }
    return render(request, "tracker/organisation_detail.html", context)


def organisation_export(request: HttpRequest, fmt: str, organisation: Organisation) -> HttpResponse:
    """Every published record naming the organisation, whole (the page shows the newest few)."""
    records = [
        *Commitment.objects.published().for_listing().concerning(organisation).newest_first(),
        *Announcement.objects.published()
        .for_listing()
        .filter(organisations=organisation)
        .newest_first(),
        *Quote.objects.published().for_listing().said_for(organisation).newest_first(),
        *Figure.objects.published()
        .for_listing()
        .in_announcements_naming(organisation)
        .newest_first(),
    ]
    return exports.detail_export(request, fmt, organisation, records)
