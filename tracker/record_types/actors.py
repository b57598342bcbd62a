"""Countries, people, organisations and events: who and where the records are about."""

from tracker import index_exports
from tracker.api.actor_schemas import CountryOut, EventOut, PersonOut
from tracker.api.schemas import OrganisationDetailOut
from tracker.index_filters import EventFilters, PersonFilters
from tracker.jsonld import partial_date, person, without_empty
from tracker.models import Country, Event, Organisation, Person
from tracker.record_pages import RecordIndex
from tracker.records import RecordType, Summary, dated, register
from tracker.search import Kind, Searched
from tracker.search_highlights import Shown


def country_linked_data(country: Country, request) -> dict:
    return {
        "@type": "Country",
        "name": country.name,
        "identifier": country.code,
        "url": request.build_absolute_uri(country.get_absolute_url()),
        "containedInPlace": {"@type": "Place", "name": country.region},
    }


def person_linked_data(someone: Person, request) -> dict:
    return {
        **person(someone, request, today=True),
        "description": someone.description,
        "nationality": (
            {"@type": "Country", "name": someone.country.name} if someone.country else None
        ),
    }


def event_linked_data(event: Event, request) -> dict:
    return {
        "@type": "Event",
        "name": event.name,
        "startDate": partial_date(event.starts_on, event.starts_on_precision),
        "endDate": partial_date(event.ends_on, event.starts_on_precision),
        "description": event.description,
        "location": without_empty(
            {
                "@type": "Place",
                "name": event.location or (event.country.name if event.country else ""),
                "address": without_empty(
                    {
                        "@type": "PostalAddress",
                        "addressLocality": event.location,
                        "addressCountry": event.country_id,
                    }
                ),
            }
        ),
    }


COUNTRY = register(
    RecordType(
        Country,
        "country",
        lambda country: Summary(
            type="country", slug=country.slug, title=country.name, path=country.get_absolute_url()
        ),
        api_rows=lambda preview: Country.objects.with_published_counts(),
        api_schema=CountryOut,
        linked_data=country_linked_data,
        # Countries are not results of their own: records are found by their names.
        search=Searched(names=("name",)),
    )
)
PERSON = register(
    RecordType(
        Person,
        "person",
        lambda someone: Summary(
            type="person",
            slug=someone.slug,
            title=someone.name,
            path=someone.get_absolute_url(),
            text=someone.description,
        ),
        api_rows=lambda preview: Person.objects.public().for_detail(),
        api_schema=PersonOut,
        linked_data=person_linked_data,
        index=RecordIndex(
            PersonFilters,
            Person.objects.public,
            "tracker/person_list.html",
            index_exports.PEOPLE,
            choices=(("country", "people-countries", lambda rows: Country.objects.among(rows)),),
            page_rows=lambda people: people.for_index_page(),
        ),
        # Found by their names' letters; migration 0006 stores ``fields`` in their
        # ``search_vector`` all the same.
        search=Searched(
            fields=("name", "description"),
            names=("name",),
            kind=Kind(
                "person", "person", "people", Person.objects.public, "person-list", Shown("name")
            ),
        ),
    )
)
# An organisation's page has no JSON-LD.
ORGANISATION = register(
    RecordType(
        Organisation,
        "organisation",
        lambda organisation: Summary(
            type="organisation",
            slug=organisation.slug,
            title=str(organisation),
            path=organisation.get_absolute_url(),
            text=organisation.description,
        ),
        api_rows=lambda preview: Organisation.objects.public().for_detail(),
        api_schema=OrganisationDetailOut,
        search=Searched(
            names=("name", "abbreviation"),
            kind=Kind(
                "organisation",
                "organisation",
                "organisations",
                Organisation.objects.public,
                "organisation-list",
                Shown("name"),
            ),
        ),
    )
)
EVENT = register(
    RecordType(
        Event,
        "event",
        lambda event: Summary(
            type="event",
            slug=event.slug,
            title=str(event),
            path=event.get_absolute_url(),
            text=event.description,
            **dated(event.starts_on, event.starts_on_precision),
        ),
        api_rows=lambda preview: Event.objects.public().for_detail(),
        api_schema=EventOut,
        linked_data=event_linked_data,
        index=RecordIndex(
            EventFilters,
            Event.objects.public,
            "tracker/event_list.html",
            index_exports.EVENTS,
            choices=(("country", "event-countries", lambda rows: Country.objects.among(rows)),),
        ),
        search=Searched(
            names=("name", "location"),
            kind=Kind(
                "event", "event", "events", Event.objects.public, "event-list", Shown("name")
            ),
        ),
    )
)
