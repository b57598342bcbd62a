"""Quotes and the people who said them."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from tracker import exports, feeds, overview
from tracker.filters import QuoteFilters
from tracker.http_cache import public_page
from tracker.models import Announcement, Commitment, Country, Event, Person, Quote
from tracker.views.listing import DETAIL_QUERY, list_page, show_list


@list_page(QuoteFilters)
@require_safe
def quote_list(request: HttpRequest) -> HttpResponse:
    filters = QuoteFilters(request.GET)
    rows = Quote.objects.published().for_listing()
    if fmt := exports.requested(request):
        return exports.list_export(request, fmt, filters, rows, exports.QUOTES)
    return show_list(
        request,
        filters,
        rows.with_evidence(),
        "tracker/quote_list.html",
        table=exports.QUOTES,
        choices={
            "speaker": ("quote-speakers", Person.objects.public),
            "country": ("quote-countries", Country.objects.in_published_quotes),
            "event": ("quote-events", Event.objects.public),
        },
    )


@public_page(query=DETAIL_QUERY)
@require_safe
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person.objects.public().for_detail(), slug=slug)
    context = {
        "person": person,
        "quotes": Quote.objects.published()
        .for_listing()
        .with_evidence()
        .filter(speaker=person)
        .newest_first(),
        "announcements": Announcement.objects.published()
        .for_listing()
        .with_evidence()
        .filter(speaker=person)
        .newest_first(),
    }
    if fmt := exports.requested(request):
        records = [*context["quotes"], *context["announcements"]]
        return exports.detail_export(request, fmt, person, records, feed=feeds.person_feed)
    glance = overview.at_a_glance(
        Commitment.objects.published().announced_by(person), {"person": slug}, timeline=True
    )
    context["glance"] = overview.drawn_glance(glance, indent="  ")
    return render(request, "tracker/person_detail.html", context)
