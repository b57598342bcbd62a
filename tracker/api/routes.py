"""The read-only JSON API: every kind of published record, paged, filtered like the pages.

Mounted at /api/; the OpenAPI 3 document is /api/openapi.json. Lists that have a filter
form on the HTML pages (commitments, quotes, sources) take the same query parameters and
validate them with the same form (tracker.filters), answering 400 with its messages.
Drafts are never shown: an unpublished record is a 404, as on the pages. Every
operation, and the OpenAPI document, is a public page (tracker.http_cache) whose query
is the operation's own parameters.
"""

import functools
import re
from typing import Annotated

from django import forms
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Query, Status
from ninja.operation import Operation
from pydantic import WithJsonSchema

from tracker import overview
from tracker.api import actor_schemas, commitment_values, schemas, source_schemas
from tracker.api.params import MAX_PAGE_SIZE, query_schema
from tracker.country_index import remembered_countries
from tracker.filters import CommitmentFilters, QuoteFilters, SourceFilters
from tracker.formats import problem_body
from tracker.http_cache import public_page
from tracker.index_filters import (
    AnnouncementFilters,
    CountryFilters,
    EventFilters,
    FigureFilters,
    OrganisationFilters,
    PersonFilters,
)
from tracker.models import (
    Announcement,
    Commitment,
    Country,
    Discrepancy,
    Event,
    Figure,
    Organisation,
    Person,
    Quote,
    SourceArticle,
)
from tracker.pagination import PER_PAGE, paginate

api = NinjaAPI(
    title="Policy Tracker API",
    version="1",
    description=(
        "What governments promised, who said it, with whom, for how much, and which "
        "articles say so, word for word. Read-only; published records only. Every record "
        "carries its citations (the article, the exact excerpt and its offsets in the "
        "article's text) and the discrepancies between its sources. Lists are paged "
        f"(`page`, `page_size` up to {MAX_PAGE_SIZE}) and take the filters of their HTML "
        "pages, with the same names and values."
    ),
    urls_namespace="api",
    docs_url=None,
    docs_decorator=public_page(query=()),
)


def query_parameters(operation: Operation) -> set[str]:
    """The names of an operation's query parameters (a ``Query[...]`` schema's fields)."""
    names = set()
    for model in operation.models:
        if model.__ninja_param_source__ != "query":
            continue
        for name, field in model.model_fields.items():
            names.update(getattr(field.annotation, "model_fields", None) or {name})
    return names


def public_operation(run):
    """Every operation is a public page that reads its own query parameters and no other
    (applied by django-ninja to each operation's ``run``, before it validates them)."""
    return public_page(query=query_parameters(run.__self__))(run)


api.add_decorator(public_operation, mode="view")

CommitmentQuery = query_schema(CommitmentFilters)
QuoteQuery = query_schema(QuoteFilters)
SourceQuery = query_schema(SourceFilters)
CountryQuery = query_schema(CountryFilters)
PersonQuery = query_schema(PersonFilters)
OrganisationQuery = query_schema(OrganisationFilters)
AnnouncementQuery = query_schema(AnnouncementFilters)
EventQuery = query_schema(EventFilters)
FigureQuery = query_schema(FigureFilters)
PageQuery = query_schema(None)

# An article's number, as in /sources/<id>/: anything else is a 404, as on the page.
SourceId = Annotated[str, WithJsonSchema({"type": "integer", "minimum": 1})]

# What Django's <slug:> path converter accepts.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")

LIST = {400: schemas.ErrorOut}
ONE = {404: schemas.ErrorOut}


class PageSizeForm(forms.Form):
    page_size = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        error_messages={
            "invalid": f"Enter a whole number of records per page, 1 to {MAX_PAGE_SIZE}.",
            "min_value": f"Enter a whole number of records per page, 1 to {MAX_PAGE_SIZE}.",
            "max_value": f"A page holds at most {MAX_PAGE_SIZE} records.",
        },
    )


def _address(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def listing(request: HttpRequest, rows: QuerySet, filters_class=None, read=None, known=None):
    """One page of ``rows`` as the query asks, or (400, why not). ``read``: what the
    filtered rows are read as (e.g. values), if not as they are; ``known(request,
    filters)``, their number where known without counting them, else None."""
    counted_as_known = None
    if filters_class is not None:
        filters = filters_class(request.GET)
        if not filters.is_valid():
            return Status(400, problem_body(filters))
        rows = filters.filter(rows)
        if known is not None:
            counted_as_known = lambda: known(request, filters)  # noqa: E731
    if read is not None:
        rows = read(rows)
    size = PageSizeForm(request.GET)
    if not size.is_valid():
        return Status(400, problem_body(size))
    try:
        page = paginate(
            request, rows, size.cleaned_data["page_size"] or PER_PAGE, known=counted_as_known
        )
    except ValueError as error:
        return Status(400, {"detail": str(error), "errors": {"page": [str(error)]}})
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": _address(request, page.next_page_number()) if page.has_next() else None,
        "previous": (
            _address(request, page.previous_page_number()) if page.has_previous() else None
        ),
        "results": list(page.object_list),
    }


def by_slug(rows: QuerySet, slug: str):
    """The record with ``slug``, or a 404. What is not a slug (as the pages' ``<slug:>``
    addresses define it) is a 404 at once: PostgreSQL refuses text holding NUL with an error."""
    if not SLUG.fullmatch(slug):
        raise Http404("There is no such record.")
    return get_object_or_404(rows, slug=slug)


# The lists, so that /api/ itself (an address trimmed from any endpoint's) answers.
LISTS = (
    "countries",
    "commitments",
    "announcements",
    "quotes",
    "figures",
    "people",
    "organisations",
    "events",
    "sources",
    "discrepancies",
)


@api.get("/", response={200: schemas.IndexOut}, tags=["index"], summary="What the API lists")
def index(request):
    return {
        "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
        "lists": {name: request.build_absolute_uri(reverse(f"api:{name}")) for name in LISTS},
    }


# Countries ---------------------------------------------------------------------------


@api.get(
    "/countries",
    response={200: schemas.Page[actor_schemas.CountryOut], **LIST},
    tags=["countries"],
    summary="Countries, filtered and sorted as on /countries/: those with commitments first",
)
def countries(request, query: Query[CountryQuery]):
    return listing(
        request,
        remembered_countries(request),
        functools.partial(CountryFilters, request=request),
    )


@api.get("/countries/{slug}", response={200: actor_schemas.CountryOut, **ONE}, tags=["countries"])
def country(request, slug: str):
    return by_slug(Country.objects.with_published_counts(), slug)


# Commitments -------------------------------------------------------------------------


@api.get(
    "/commitments",
    response={200: schemas.Page[schemas.CommitmentOut], **LIST},
    tags=["commitments"],
    summary="Partnerships, funding and pledges, filtered as on /commitments/",
)
def commitments(request, query: Query[CommitmentQuery]):
    page = listing(
        request,
        Commitment.objects.published(),
        CommitmentFilters,
        read=commitment_values.as_values,
        known=overview.counted_by_summary,
    )
    if isinstance(page, Status):
        return page
    return commitment_values.json_page(request, page)


@api.get("/commitments/{slug}", response={200: schemas.CommitmentOut, **ONE}, tags=["commitments"])
def commitment(request, slug: str):
    return by_slug(Commitment.objects.published().for_export(), slug)


@api.get(
    "/announcements",
    response={200: schemas.Page[schemas.AnnouncementOut], **LIST},
    tags=["commitments"],
    summary="Announcements, filtered as on /announcements/",
)
def announcements(request, query: Query[AnnouncementQuery]):
    rows = Announcement.objects.published().for_export()
    return listing(request, rows, AnnouncementFilters)


@api.get(
    "/announcements/{slug}",
    response={200: schemas.AnnouncementOut, **ONE},
    tags=["commitments"],
)
def announcement(request, slug: str):
    return by_slug(Announcement.objects.published().for_export(), slug)


# Quotes and figures ------------------------------------------------------------------


@api.get(
    "/quotes",
    response={200: schemas.Page[schemas.QuoteOut], **LIST},
    tags=["statements"],
    summary="Quotes, filtered as on /quotes/",
)
def quotes(request, query: Query[QuoteQuery]):
    return listing(request, Quote.objects.published().for_export(), QuoteFilters)


@api.get("/quotes/{slug}", response={200: schemas.QuoteOut, **ONE}, tags=["statements"])
def quote(request, slug: str):
    return by_slug(Quote.objects.published().for_export(), slug)


@api.get(
    "/figures",
    response={200: schemas.Page[schemas.FigureOut], **LIST},
    tags=["statements"],
    summary="Figures the sources state, filtered as on /figures/",
)
def figures(request, query: Query[FigureQuery]):
    return listing(request, Figure.objects.published().for_export(), FigureFilters)


@api.get("/figures/{slug}", response={200: schemas.FigureOut, **ONE}, tags=["statements"])
def figure(request, slug: str):
    return by_slug(Figure.objects.published().for_export(), slug)


# People and events -------------------------------------------------------------------


@api.get(
    "/people",
    response={200: schemas.Page[actor_schemas.PersonOut], **LIST},
    tags=["people and events"],
    summary="People a published quote or announcement names, filtered as on /people/",
)
def people(request, query: Query[PersonQuery]):
    return listing(request, Person.objects.public().for_index(), PersonFilters)


@api.get(
    "/people/{slug}", response={200: actor_schemas.PersonOut, **ONE}, tags=["people and events"]
)
def person(request, slug: str):
    return by_slug(Person.objects.public().for_detail(), slug)


@api.get(
    "/events",
    response={200: schemas.Page[actor_schemas.EventOut], **LIST},
    tags=["people and events"],
    summary="Events a published quote or announcement took place at, filtered as on /events/",
)
def events(request, query: Query[EventQuery]):
    return listing(request, Event.objects.public().for_index(), EventFilters)


@api.get(
    "/organisations",
    response={200: schemas.Page[schemas.OrganisationDetailOut], **LIST},
    tags=["people and events"],
    summary="Organisations a published commitment or announcement names, as on /organisations/",
)
def organisations(request, query: Query[OrganisationQuery]):
    return listing(request, Organisation.objects.public().for_detail(), OrganisationFilters)


@api.get(
    "/organisations/{slug}",
    response={200: schemas.OrganisationDetailOut, **ONE},
    tags=["people and events"],
)
def organisation(request, slug: str):
    return by_slug(Organisation.objects.public().for_detail(), slug)


@api.get(
    "/events/{slug}", response={200: actor_schemas.EventOut, **ONE}, tags=["people and events"]
)
def event(request, slug: str):
    return by_slug(Event.objects.public().for_detail(), slug)


# Sources and discrepancies -----------------------------------------------------------


@api.get(
    "/sources",
    response={200: schemas.Page[source_schemas.SourceOut], **LIST},
    tags=["sources"],
    summary="Source articles, filtered as on /sources/",
)
def sources(request, query: Query[SourceQuery]):
    rows = SourceArticle.objects.published().with_citation_count()
    return listing(request, rows, SourceFilters)


@api.get("/sources/{id}", response={200: source_schemas.SourceDetailOut, **ONE}, tags=["sources"])
def source(request, id: SourceId):
    """A source article with its text and every excerpt of it that a published record cites."""
    # No article has a 20-digit number; longer ones int() refuses to read at all.
    if not id.isascii() or not id.isdigit() or len(id) > 19:
        raise Http404("Source articles are numbered: there is no such article.")
    rows = SourceArticle.objects.published().with_citation_count().with_cited_records()
    return get_object_or_404(rows, pk=int(id))


@api.get(
    "/discrepancies",
    response={200: schemas.Page[source_schemas.DiscrepancyDetailOut], **LIST},
    tags=["sources"],
    summary="Where sources disagree about a published record, and what the editors decided",
)
def discrepancies(request, query: Query[PageQuery]):
    rows = Discrepancy.objects.public().for_export().order_by("status", "subject", "pk")
    return listing(request, rows)


@api.get(
    "/discrepancies/{slug}",
    response={200: source_schemas.DiscrepancyDetailOut, **ONE},
    tags=["sources"],
)
def discrepancy(request, slug: str):
    return by_slug(Discrepancy.objects.public().for_export(), slug)
