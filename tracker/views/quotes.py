"""Quotes and the people who said them."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from tracker import exports, feeds, overview
from tracker.filters import QuoteFilters
from tracker.http_cache import public_page, remembered
from tracker.models import Announcement, Commitment, Country, Discrepancy, Event, Person, Quote
from tracker.preview import get_record_or_404
from tracker.views.listing import DETAIL_QUERY, list_context, list_query, render_list


@public_page(query=list_query(QuoteFilters))
@require_safe
def quote_list(request: HttpRequest) -> HttpResponse:
    filters = QuoteFilters(request.GET)
    rows = Quote.objects.published().for_listing()
    if fmt := exports.requested(request):
        return exports.list_export(request, fmt, filters, rows, exports.QUOTES)
    context = list_context(request, filters, rows.with_evidence())
    context["speakers"] = remembered(
        request, "quote-speakers", lambda: list(Person.objects.public().values("slug", "name"))
    )
    context["events"] = remembered(
        request, "quote-events", lambda: list(Event.objects.public().values("slug", "name"))
    )
    context["countries"] = remembered(
        request,
        "quote-countries",
        lambda: list(Country.objects.in_published_quotes().values("slug", "name")),
    )
    return render_list(request, "tracker/quote_list.html", context)


@public_page(query=DETAIL_QUERY)
@require_safe
def quote_detail(request: HttpRequest, slug: str) -> HttpResponse:
    quote = get_record_or_404(request, Quote.objects.for_detail(), slug=slug)
    if fmt := exports.requested(request):
        return exports.detail_export(request, fmt, quote)
    context = {"quote": quote, "discrepancies": Discrepancy.objects.about_with_versions(quote)}
    return render(request, "tracker/quote_detail.html", context)


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
    context.update(
        overview.at_a_glance(
            Commitment.objects.published().announced_by(person), {"person": slug}, timeline=True
        )
    )
    return render(request, "tracker/person_detail.html", context)
