"""The public addresses, read from tracker.urls and the API's OpenAPI document.

Used by the fuzz, hostile-data and HTTP-method tests, so that a page or API endpoint
added later is covered by them without anyone remembering to list it: ``PAGES`` must
name every route of tracker.urls outside the admin and the API (a test checks).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.urls import URLPattern, URLResolver, reverse

from tracker import models, urls
from tracker.api.routes import api
from tracker.filters import CommitmentFilters, QuoteFilters, SearchForm, SourceFilters
from tracker.index_filters import (
    AnnouncementFilters,
    CountryFilters,
    EventFilters,
    FigureFilters,
    OrganisationFilters,
    PersonFilters,
)


@dataclass(frozen=True)
class Page:
    """A public page: the form reading its query (if any) and, for a detail page,
    the published records it can show (a callable, run once the database is there)."""

    form: type[forms.Form] | None = None
    records: object = None  # () -> QuerySet of the objects the page shows
    path_kind: str = ""  # "slug", "int" or "" (no path parameter)
    extra: tuple[str, ...] = field(default=())
    media_type: str = "text/html"
    chrome: bool = True  # the site's header, navigation and JSON-LD (not an embed card)
    query: object = None  # () -> the query it needs to answer 200 (oEmbed's url)


PNG = "image/png"

PAGES: dict[str, Page] = {
    "home": Page(),
    "country-list": Page(form=CountryFilters),
    "country-detail": Page(
        records=lambda: models.Country.objects.with_published_records(), path_kind="slug"
    ),
    "commitment-list": Page(form=CommitmentFilters),
    "commitment-detail": Page(
        records=lambda: models.Commitment.objects.published(), path_kind="slug"
    ),
    "quote-list": Page(form=QuoteFilters),
    "quote-detail": Page(records=lambda: models.Quote.objects.published(), path_kind="slug"),
    "person-list": Page(form=PersonFilters),
    "person-detail": Page(records=lambda: models.Person.objects.public(), path_kind="slug"),
    "organisation-list": Page(form=OrganisationFilters),
    "organisation-detail": Page(
        records=lambda: models.Organisation.objects.public(), path_kind="slug"
    ),
    "figure-list": Page(form=FigureFilters),
    "announcement-list": Page(form=AnnouncementFilters),
    "event-list": Page(form=EventFilters),
    "figure-detail": Page(records=lambda: models.Figure.objects.published(), path_kind="slug"),
    "announcement-detail": Page(
        records=lambda: models.Announcement.objects.published(), path_kind="slug"
    ),
    "event-detail": Page(records=lambda: models.Event.objects.public(), path_kind="slug"),
    "source-list": Page(form=SourceFilters),
    "source-detail": Page(
        records=lambda: models.SourceArticle.objects.published(), path_kind="int"
    ),
    "search": Page(form=SearchForm),
    "commitment-share-image": Page(
        records=lambda: models.Commitment.objects.published(), path_kind="slug", media_type=PNG
    ),
    "quote-share-image": Page(
        records=lambda: models.Quote.objects.published(), path_kind="slug", media_type=PNG
    ),
    "announcement-share-image": Page(
        records=lambda: models.Announcement.objects.published(), path_kind="slug", media_type=PNG
    ),
    "figure-share-image": Page(
        records=lambda: models.Figure.objects.published(), path_kind="slug", media_type=PNG
    ),
    "embed-guide": Page(),
    "commitment-embed": Page(
        records=lambda: models.Commitment.objects.published(), path_kind="slug", chrome=False
    ),
    "quote-embed": Page(
        records=lambda: models.Quote.objects.published(), path_kind="slug", chrome=False
    ),
    "oembed": Page(
        extra=("url", "maxwidth", "maxheight"),
        media_type="application/json",
        query=lambda: {
            "url": "http://testserver"
            + models.Quote.objects.published().order_by("pk").first().get_absolute_url()
        },
    ),
    "suggestions": Page(
        extra=("of", "q"), chrome=False, query=lambda: {"of": "people", "q": "keir"}
    ),
    "healthz": Page(),
}

# What every page reads besides its form's fields (pagination.paginate, exports.requested,
# and the htmx request headers, sent separately).
COMMON_PARAMETERS = ("page", "sort", "format")


def route_names() -> set[str]:
    """Every named route of tracker.urls outside the admin and the API."""
    return {
        entry.name
        for entry in urls.urlpatterns
        if isinstance(entry, URLPattern) and entry.name and not isinstance(entry, URLResolver)
    }


def page_parameters(name: str) -> list[str]:
    page = PAGES[name]
    names = list(page.form.base_fields) if page.form else []
    return sorted({*names, *COMMON_PARAMETERS, *page.extra})


def page_address(name: str, record=None) -> str:
    """The page's address; a detail page's for ``record`` (or its first published one)."""
    page = PAGES[name]
    if not page.path_kind:
        return reverse(name)
    record = record if record is not None else page.records().order_by("pk").first()
    assert record is not None, f"the seed data has nothing for {name}"
    if page.path_kind == "int":
        return reverse(name, kwargs={"pk": record.pk})
    return reverse(name, kwargs={"slug": record.slug})


def sample_address(name: str) -> str:
    """``page_address`` with the query the page needs to answer 200, if it needs one."""
    page = PAGES[name]
    address = page_address(name)
    return f"{address}?{urlencode(page.query())}" if page.query else address


def segment_template(name: str) -> str:
    """A detail page's address with ``{}`` where its slug or id goes."""
    kwargs = {"pk": 999_999_999} if PAGES[name].path_kind == "int" else {"slug": "segment"}
    return reverse(name, kwargs=kwargs).replace(str(next(iter(kwargs.values()))), "{}")


def api_operations() -> list[tuple[str, list[str], list[str]]]:
    """(path template, path parameters, query parameters) of every GET in the OpenAPI document."""
    schema = api.get_openapi_schema(path_prefix="/api")
    operations = []
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        parameters = operation.get("parameters", [])
        operations.append(
            (
                path,
                [p["name"] for p in parameters if p["in"] == "path"],
                sorted({p["name"] for p in parameters if p["in"] == "query"}),
            )
        )
    return sorted(operations)
