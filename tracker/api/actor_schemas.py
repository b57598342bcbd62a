"""Countries, people and events in JSON, as tracker.api.schemas gives records."""

import datetime

from ninja import Schema
from pydantic import Field, create_model

from tracker.api.schemas import (
    CitationOut,
    CountryRef,
    EventRef,
    OrganisationOut,
    PersonRef,
    _absolute_url,
    _blank_as_null,
    _published_citation,
)
from tracker.models import PUBLISHED_COUNTS

# A country's published records by kind: ``{"partnerships": 2, …, "figures": 1}``.
CountsOut = create_model(
    "CountsOut", __base__=Schema, **{counted.name: (int, ...) for counted in PUBLISHED_COUNTS}
)


class CountryOut(CountryRef):
    region: str
    url: str
    published: CountsOut = Field(description="Published records about the country, by kind.")

    resolve_url = staticmethod(_absolute_url)

    @staticmethod
    def resolve_published(obj) -> dict:
        return {counted.name: getattr(obj, counted.attribute) for counted in PUBLISHED_COUNTS}


class RoleOut(Schema):
    title: str
    organisation: OrganisationOut | None
    country: CountryRef | None
    started_on: datetime.date | None
    ended_on: datetime.date | None
    citation: CitationOut | None = Field(
        description="The excerpt that names the person in this role; null if there is none "
        "or its article is unpublished."
    )
    background_reference: str | None = Field(
        description="Where what the cited articles do not give (such as the dates) comes "
        "from: background, not from the cited articles."
    )

    resolve_background_reference = _blank_as_null("background_reference")

    @staticmethod
    def resolve_citation(obj):
        return _published_citation(obj.citation) if obj.citation_id else None


class PersonOut(PersonRef):
    honorific: str | None
    country: CountryRef | None
    description: str | None
    roles: list[RoleOut]

    resolve_honorific = _blank_as_null("honorific")
    resolve_description = _blank_as_null("description")


class EventOut(EventRef):
    location: str | None
    country: CountryRef | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    date_precision: str = Field(description="How much of the start and end dates is known.")
    description: str | None

    resolve_description = _blank_as_null("description")
    resolve_location = _blank_as_null("location")

    @staticmethod
    def resolve_date_precision(event) -> str:
        # The API's name predates the model's starts_on_precision and stays: it is public.
        return event.starts_on_precision
