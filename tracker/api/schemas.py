"""What each public record looks like in JSON: in the API and in the pages' JSON exports.

Each record carries its citations (the article, the exact excerpt and its offsets) and
the discrepancies about it. Objects come from the querysets' ``for_export()``, which
prefetch all of that, so a page of records costs a fixed number of queries.

Resolvers take the request from the validation context (``context={"request": ...}``)
to turn paths into absolute addresses. Amounts are given twice: ``amount_minor`` exactly
(integer minor units) and ``amount`` in major units, with the ISO 4217 ``currency``.
Dates are whole days (YYYY-MM-DD), as stored, with their precision beside them, so that
clients sort by the date and show no more of it than the sources give.
"""

import datetime

from ninja import Schema
from pydantic import Field

from tracker import money
from tracker.models import Citation, Publication
from tracker.records import summarise


def precision_of(what: str):
    """The precision field beside a date, described in the OpenAPI document."""
    return Field(
        description=f"day, month or year: how much of {what} the sources give. A date known "
        "only to its month is given as the 1st, one known only to its year as 1 January."
    )


def absolute(path: str, context: dict | None) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


def _blank_as_null(name: str) -> staticmethod:
    """A resolver giving the field ``name`` as null where it is blank."""
    return staticmethod(lambda obj: getattr(obj, name) or None)


def _absolute_url(obj, context) -> str:
    return absolute(obj.get_absolute_url(), context)


def _slug_of(relation: str) -> staticmethod:
    """A resolver giving the slug of the record ``relation`` points at, or null; a draft
    reads as None (``published()``)."""

    def slug(obj) -> str | None:
        related = getattr(obj, relation)
        return related.slug if related is not None else None

    return staticmethod(slug)


def _published_citation(citation: Citation) -> Citation | None:
    """The citation, if the public may see its article."""
    return citation if citation.source.publication == Publication.PUBLISHED else None


def discrepancies_of(record) -> list:
    """The discrepancies about ``record``, from what ``for_export()`` prefetched."""
    found = {}
    for citation in getattr(record, "disputed_citations", ()):
        for version in citation.versions.all():
            found.setdefault(version.discrepancy_id, version.discrepancy)
    return sorted(found.values(), key=lambda d: (d.status, d.subject, d.pk))


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in words.")
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description="For bad filters: each parameter at fault and the filter form's messages.",
    )


class IndexOut(Schema):
    openapi: str = Field(description="The OpenAPI document describing every endpoint.")
    lists: dict[str, str] = Field(description="Each list's name and address.")


class Page[T](Schema):
    count: int = Field(description="How many records match, on all pages.")
    page: int
    pages: int = Field(description="How many pages there are.")
    next: str | None = Field(description="The address of the next page, if any.")
    previous: str | None = Field(description="The address of the previous page, if any.")
    results: list[T]


# References --------------------------------------------------------------------


class CountryRef(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 (Kosovo: XK).")
    slug: str
    name: str


class PersonRef(Schema):
    slug: str
    name: str
    url: str

    resolve_url = staticmethod(_absolute_url)


class EventRef(PersonRef):
    name: str


class OrganisationOut(Schema):
    slug: str
    name: str
    abbreviation: str | None

    resolve_abbreviation = _blank_as_null("abbreviation")


class OrganisationDetailOut(OrganisationOut):
    url: str
    country: CountryRef | None = Field(description="Null for international organisations.")
    description: str | None

    resolve_url = staticmethod(_absolute_url)
    resolve_description = _blank_as_null("description")


class RecordRef(Schema):
    """Any public record, in a few words."""

    type: str = Field(description="partnership, funding, pledge, announcement, quote or figure.")
    slug: str
    title: str
    url: str

    @staticmethod
    def resolve_type(obj) -> str:
        return summarise(obj).type

    @staticmethod
    def resolve_title(obj) -> str:
        return summarise(obj).title

    resolve_url = staticmethod(_absolute_url)


# Sources, citations and discrepancies ----------------------------------------------


class ArticleRef(Schema):
    id: int
    slug: str
    headline: str
    publisher: str | None
    published_on: datetime.date | None
    published_on_precision: str = Field(description="day, month or year: what the date gives.")
    original_url: str | None = Field(description="Where the publisher put it, if known.")
    url: str = Field(description="The article's page here, with the text as received.")

    resolve_publisher = _blank_as_null("publisher")
    resolve_original_url = _blank_as_null("url")

    resolve_url = staticmethod(_absolute_url)


class CitationOut(Schema):
    source: ArticleRef
    excerpt: str = Field(description="The article's exact words.")
    start: int = Field(description="Offset of the excerpt's first character in the text.")
    end: int = Field(description="Offset just after the excerpt's last character.")


class VersionOut(Schema):
    stated_value: str
    is_accepted: bool
    citation: CitationOut | None = Field(
        description="Never null now: a version from an unpublished article is left out."
    )

    @staticmethod
    def resolve_citation(obj):
        return _published_citation(obj.citation)


class DiscrepancyOut(Schema):
    slug: str
    subject: str
    aspect: str
    status: str = Field(description="open or resolved.")
    resolution: str | None
    versions: list[VersionOut]

    resolve_resolution = _blank_as_null("resolution")


# Records ---------------------------------------------------------------------------


class RecordOut(Schema):
    """What every published record carries: its address, sources and disagreements."""

    slug: str
    url: str
    citations: list[CitationOut]
    discrepancies: list[DiscrepancyOut]

    resolve_url = staticmethod(_absolute_url)

    @staticmethod
    def resolve_discrepancies(obj) -> list:
        return discrepancies_of(obj)


class PartyOut(Schema):
    country: CountryRef
    role: str


class StatusChangeOut(Schema):
    status: str
    changed_on: datetime.date
    changed_on_precision: str = precision_of("the date of the change")
    reason: str
    citation: CitationOut | None

    @staticmethod
    def resolve_citation(obj):
        return _published_citation(obj.citation)


class CommitmentOut(RecordOut):
    kind: str = Field(description="partnership, funding or pledge.")
    title: str
    summary: str
    status: str
    announced_on: datetime.date | None
    announced_on_precision: str = precision_of("the announcement date")
    announcement: str | None = Field(
        description="The slug of the announcement it was made in, if that is published."
    )
    parties: list[PartyOut]
    organisations: list[OrganisationOut]
    focus: str | None
    novelty: str | None = Field(description="Partnerships: new or existing.")
    signed_on: datetime.date | None
    signed_on_precision: str = precision_of("the signing date")
    amount_minor: int | None = Field(description="Funding: the exact amount in minor units.")
    amount: float | None = Field(description="Funding: the amount in major units.")
    currency: str | None = Field(description="Funding: the ISO 4217 code.")
    funding_type: str | None = Field(description="Funding: new, additional or total.")
    period_start: datetime.date | None
    period_start_precision: str = precision_of("the period's start")
    period_end: datetime.date | None
    period_end_precision: str = precision_of("the period's end")
    period_label: str | None
    purpose: str | None
    funder: OrganisationOut | None
    recipient: OrganisationOut | None
    adds_to: str | None = Field(
        description="The slug of the commitment this money adds to, if that is published."
    )
    included_in: str | None = Field(
        description="The slug of a published total already counting it."
    )
    status_history: list[StatusChangeOut]

    resolve_focus = _blank_as_null("focus")
    resolve_novelty = _blank_as_null("novelty")
    resolve_currency = _blank_as_null("currency")
    resolve_funding_type = _blank_as_null("funding_type")
    resolve_period_label = _blank_as_null("period_label")
    resolve_purpose = _blank_as_null("purpose")

    resolve_announcement = _slug_of("announcement")
    resolve_adds_to = _slug_of("adds_to")
    resolve_included_in = _slug_of("included_in")

    @staticmethod
    def resolve_amount(obj) -> float | None:
        if obj.amount_minor is None or not obj.currency:
            return None
        return float(money.to_major(obj.amount_minor, obj.currency))


class AnnouncementOut(RecordOut):
    title: str
    summary: str
    announced_on: datetime.date | None
    announced_on_precision: str = precision_of("the announcement date")
    speaker: PersonRef | None
    event: EventRef | None
    countries: list[CountryRef]
    organisations: list[OrganisationOut]


class QuoteOut(RecordOut):
    text: str = Field(description="The fullest extent any source gives; citations keep theirs.")
    speaker: PersonRef
    speaker_role: str | None = Field(description="The speaker's role on the day.")
    said_on: datetime.date | None
    said_on_precision: str = precision_of("the date said")
    event: EventRef | None
    context: str | None
    announcement: str | None
    countries: list[CountryRef]

    @staticmethod
    def resolve_speaker_role(obj) -> str | None:
        role = obj.speaker_role
        return role.title if role else None

    resolve_context = _blank_as_null("context")
    resolve_announcement = _slug_of("announcement")


class FigureOut(RecordOut):
    label: str
    value: float
    unit: str
    currency: str | None = Field(description="Set when the figure is an amount of money.")
    qualifier: str = Field(description="exact, about, almost, more_than or up_to.")
    period_label: str | None
    period_start: datetime.date | None
    period_end: datetime.date | None
    note: str | None
    countries: list[CountryRef]
    announcement: str | None

    resolve_announcement = _slug_of("announcement")
    resolve_currency = _blank_as_null("currency")
    resolve_period_label = _blank_as_null("period_label")
    resolve_note = _blank_as_null("note")

    @staticmethod
    def resolve_value(obj) -> float:
        return float(obj.value)
