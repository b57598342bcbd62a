"""Announcements and events, each with everything made or said in it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from tracker import exports, overview
from tracker.http_cache import public_page
from tracker.models import Announcement, Commitment, Discrepancy, Event, Figure, Quote
from tracker.preview import get_record_or_404, is_draft_preview
from tracker.views.listing import DETAIL_QUERY


@public_page(query=DETAIL_QUERY)
@require_safe
def announcement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    announcement = get_record_or_404(request, Announcement.objects.for_detail(), slug=slug)
    context = {
        "announcement": announcement,
        "commitments": Commitment.objects.published()
        .for_listing()
        .with_evidence()
        .filter(announcement=announcement)
        .newest_first(),
        "quotes": Quote.objects.published()
        .for_listing()
        .with_evidence()
        .filter(announcement=announcement)
        .newest_first(),
        "figures": Figure.objects.published()
        .for_listing()
        .with_evidence()
        .filter(announcement=announcement),
        "discrepancies": Discrepancy.objects.about_with_versions(
            announcement, is_draft_preview(request)
        ),
    }
    if fmt := exports.requested(request):
        records = [*context["commitments"], *context["quotes"], *context["figures"]]
        return exports.detail_export(request, fmt, announcement, records)
    return render(request, "tracker/announcement_detail.html", context)


@public_page(query=DETAIL_QUERY)
@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.public().for_detail(), slug=slug)
    context = {
        "event": event,
        "announcements": Announcement.objects.published()
        .for_listing()
        .with_evidence()
        .filter(event=event)
        .newest_first(),
        "quotes": Quote.objects.published()
        .for_listing()
        .with_evidence()
        .filter(event=event)
        .newest_first(),
    }
    if fmt := exports.requested(request):
        records = [*context["announcements"], *context["quotes"]]
        return exports.detail_export(request, fmt, event, records)
    glance = overview.at_a_glance(Commitment.objects.published().made_at(event), {"event": slug})
    context["glance"] = overview.drawn_glance(glance, indent="  ")
    return render(request, "tracker/event_detail.html", context)
