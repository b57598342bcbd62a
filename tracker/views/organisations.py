"""One organisation: the commitments that name it, what its people said, and the
announcements and figures about it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tracker import exports, organisation_summary
from tracker.http_cache import public_page, remembered
from tracker.models import Announcement, Commitment, Figure, Organisation, Quote
from tracker.views.listing import DETAIL_QUERY

# As on a country page: the newest few of each kind; the downloads hold every one.
NEWEST_OF_EACH = 10


@public_page(query=DETAIL_QUERY)
@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if fmt := exports.requested(request):
        organisation = organisation_summary.public_organisation(slug)
        return organisation_export(request, fmt, organisation)
    # Whether it is public, its counts, its overview and the choice of the newest of each
    # kind read every record naming it: once per data version, not once per build.
    shown: organisation_summary.Shown | None = None  # read with the counts when not known

    def count_and_choose() -> organisation_summary.OrganisationSummary:
        nonlocal shown
        summary, shown = organisation_summary.summary(slug, NEWEST_OF_EACH)
        return summary

    summary = remembered(request, organisation_summary.key(slug), count_and_choose)
    organisation = summary.organisation
    if shown is None:  # remembered: the chosen rows read by key
        shown = summary.shown()
    # Each item says how many articles back the record and whether they disagree.
    context = {
        "organisation": organisation,
        "commitments": shown.commitments,
        "commitment_total": summary.commitment_total,
        "quotes": shown.quotes,
        "quote_total": organisation.quote_total,
        "announcements": shown.announcements,
        "announcement_total": organisation.announcement_total,
        "figures": shown.figures,
        "figure_total": organisation.figure_total,
        "shown": NEWEST_OF_EACH,
        "glance": summary.glance,
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
