"""The indexes of people, organisations, announcements, events and figures: each a
filterable, paged list like the commitments list, with its CSV, JSON (and Atom) twins."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from tracker import feeds, index_exports, organisation_index
from tracker.http_cache import remembered
from tracker.index_filters import (
    AnnouncementFilters,
    EventFilters,
    FigureFilters,
    OrganisationFilters,
    PersonFilters,
)
from tracker.models import Announcement, Country, Event, Figure, Organisation, Person
from tracker.views.listing import list_page, show_list


@list_page(PersonFilters)
@require_safe
def person_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.public()
    return show_list(
        request,
        PersonFilters(request.GET),
        people.for_index(),
        "tracker/person_list.html",
        table=index_exports.PEOPLE,
        choices={"country": ("people-countries", lambda: Country.objects.among(people))},
    )


@list_page(OrganisationFilters)
@require_safe
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.public()
    return show_list(
        request,
        OrganisationFilters(request.GET),
        Organisation.objects.public_with_counts(
            remembered(request, organisation_index.COUNTS, organisation_index.counts)
        ),
        "tracker/organisation_list.html",
        table=index_exports.ORGANISATIONS,
        choices={
            "country": (
                "organisation-countries",
                lambda: Country.objects.among(organisations),
            )
        },
    )


@list_page(AnnouncementFilters)
@require_safe
def announcement_list(request: HttpRequest) -> HttpResponse:
    announcements = Announcement.objects.published()
    return show_list(
        request,
        AnnouncementFilters(request.GET),
        announcements.for_index(),
        "tracker/announcement_list.html",
        table=index_exports.ANNOUNCEMENTS,
        feed=feeds.announcements_feed,
        choices={
            "country": (
                "announcement-countries",
                lambda: Country.objects.among(announcements, "countries"),
            ),
            "speaker": (
                "announcement-speakers",
                lambda: Person.objects.filter(pk__in=announcements.values("speaker")),
            ),
            "event": (
                "announcement-events",
                lambda: Event.objects.filter(pk__in=announcements.values("event")),
            ),
        },
    )


@list_page(EventFilters)
@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    events = Event.objects.public()
    return show_list(
        request,
        EventFilters(request.GET),
        events.for_index(),
        "tracker/event_list.html",
        table=index_exports.EVENTS,
        choices={"country": ("event-countries", lambda: Country.objects.among(events))},
    )


@list_page(FigureFilters)
@require_safe
def figure_list(request: HttpRequest) -> HttpResponse:
    figures = Figure.objects.published()
    return show_list(
        request,
        FigureFilters(request.GET),
        figures.for_index(),
        "tracker/figure_list.html",
        table=index_exports.FIGURES,
        feed=feeds.figures_feed,
        choices={
            "country": ("figure-countries", lambda: Country.objects.among(figures, "countries"))
        },
    )
