"""The indexes of people, organisations, announcements, events and figures: each a
filterable, paged list like the commitments list, with its CSV, JSON (and Atom) twins."""

from collections.abc import Callable

from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from tracker import exports, feeds, index_exports
from tracker.exports import Table
from tracker.http_cache import public_page, remembered
from tracker.index_filters import (
    AnnouncementFilters,
    EventFilters,
    FigureFilters,
    OrganisationFilters,
    PersonFilters,
)
from tracker.models import Announcement, Country, Event, Figure, Organisation, Person
from tracker.views.listing import list_context, list_query, render_list


def _choices(request: HttpRequest, name: str, rows: Callable[[], QuerySet]) -> list[dict]:
    """A drop-down's slugs and names, remembered until the data changes."""
    return remembered(request, name, lambda: list(rows().values("slug", "name")))


def _index(
    request: HttpRequest,
    filters: Form,
    rows: QuerySet,
    table: Table,
    template_name: str,
    feed: Callable | None = None,
    choices: dict | None = None,
) -> HttpResponse:
    if fmt := exports.requested(request):
        return exports.list_export(request, fmt, filters, rows, table, feed=feed)
    context = list_context(request, filters, rows)
    context.update(choices or {})
    return render_list(request, template_name, context)


@public_page(query=list_query(PersonFilters))
@require_safe
def person_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.public()
    countries = _choices(request, "people-countries", lambda: Country.objects.among(people))
    return _index(
        request,
        PersonFilters(request.GET),
        people.for_index(),
        index_exports.PEOPLE,
        "tracker/person_list.html",
        choices={"countries": countries},
    )


@public_page(query=list_query(OrganisationFilters))
@require_safe
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.public()
    countries = _choices(
        request, "organisation-countries", lambda: Country.objects.among(organisations)
    )
    return _index(
        request,
        OrganisationFilters(request.GET),
        organisations.for_index(),
        index_exports.ORGANISATIONS,
        "tracker/organisation_list.html",
        choices={"countries": countries},
    )


@public_page(query=list_query(AnnouncementFilters))
@require_safe
def announcement_list(request: HttpRequest) -> HttpResponse:
    announcements = Announcement.objects.published()
    choices = {
        "countries": _choices(
            request,
            "announcement-countries",
            lambda: Country.objects.among(announcements, "countries"),
        ),
        "speakers": _choices(
            request,
            "announcement-speakers",
            lambda: Person.objects.filter(pk__in=announcements.values("speaker")),
        ),
        "events": _choices(
            request,
            "announcement-events",
            lambda: Event.objects.filter(pk__in=announcements.values("event")),
        ),
    }
    return _index(
        request,
        AnnouncementFilters(request.GET),
        announcements.for_index(),
        index_exports.ANNOUNCEMENTS,
        "tracker/announcement_list.html",
        feed=feeds.announcements_feed,
        choices=choices,
    )


@public_page(query=list_query(EventFilters))
@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    events = Event.objects.public()
    countries = _choices(request, "event-countries", lambda: Country.objects.among(events))
    return _index(
        request,
        EventFilters(request.GET),
        events.for_index(),
        index_exports.EVENTS,
        "tracker/event_list.html",
        choices={"countries": countries},
    )


@public_page(query=list_query(FigureFilters))
@require_safe
def figure_list(request: HttpRequest) -> HttpResponse:
    figures = Figure.objects.published()
    countries = _choices(
        request, "figure-countries", lambda: Country.objects.among(figures, "countries")
    )
    return _index(
        request,
        FigureFilters(request.GET),
        figures.for_index(),
        index_exports.FIGURES,
        "tracker/figure_list.html",
        feed=feeds.figures_feed,
        choices={"countries": countries},
    )
