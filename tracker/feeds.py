"""Atom feeds: the latest published records, one country's, one person's, and a filtered list's.

Each is the page's own address with ``?format=atom`` (see tracker.exports), advertised
in the page's ``<head>``. One feed class serves them all; what differs is the
``FeedSource`` each function builds: a title, the page it stands for, and its records.

- ``latest_feed``: the records most recently published or changed, of every kind.
- ``country_feed``, ``person_feed``: the records the page lists, latest change first.
- ``commitments_feed``, ``announcements_feed``, ``figures_feed``: exactly what the
  filtered list shows on its first page, in its order; the page holds ``FEED_SIZE`` rows,
  so does the feed.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice

from django.contrib.syndication.views import Feed
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed

from tracker.models import Country, Person, cited_models
from tracker.pagination import PER_PAGE
from tracker.plain_text import xml_safe
from tracker.records import summarise

FEED_SIZE = PER_PAGE
SITE = "Policy Tracker"


@dataclass(frozen=True)
class FeedSource:
    title: str
    subtitle: str
    link: str  # the page the feed stands for
    feed_url: str
    records: list


def _xml_safe(values: dict) -> dict:
    def clean(value):
        if isinstance(value, str):
            return xml_safe(value)
        if isinstance(value, list | tuple):
            return [clean(item) for item in value]
        return value

    return {name: clean(value) for name, value in values.items()}


class XmlSafeAtomFeed(Atom1Feed):
    """Atom whatever the stored text holds. Text is cleaned when it is saved
    (tracker.plain_text), but one control character that got in some other way
    would make Django refuse the whole feed (``UnserializableContentError``)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.feed = _xml_safe(self.feed)

    def add_item(self, *args, **kwargs) -> None:
        super().add_item(*args, **kwargs)
        self.items[-1] = _xml_safe(self.items[-1])


class RecordsFeed(Feed):
    feed_type = XmlSafeAtomFeed

    def get_object(self, request: HttpRequest, source: FeedSource) -> FeedSource:
        return source

    def title(self, source: FeedSource) -> str:
        return f"{source.title} · {SITE}"

    def subtitle(self, source: FeedSource) -> str:
        return source.subtitle

    def link(self, source: FeedSource) -> str:
        return source.link

    def feed_url(self, source: FeedSource) -> str:
        return source.feed_url

    def author_name(self) -> str:
        return SITE

    def items(self, source: FeedSource) -> list:
        return source.records

    def item_title(self, item: Model) -> str:
        return summarise(item).title

    def item_description(self, item: Model) -> str:
        return summarise(item).text

    def item_link(self, item: Model) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Model):
        return item.created_at

    def item_updateddate(self, item: Model):
        return item.updated_at

    def item_categories(self, item: Model) -> tuple[str, ...]:
        return (summarise(item).type,)


def _respond(request: HttpRequest, title: str, subtitle: str, records: list) -> HttpResponse:
    source = FeedSource(
        title=title,
        subtitle=subtitle,
        link=_page_address(request),
        feed_url=request.get_full_path(),
        records=records,
    )
    return RecordsFeed()(request, source=source)


def _latest_changed(records: Iterable[Model]) -> list:
    ranked = sorted(records, key=lambda record: (record.updated_at, record.pk), reverse=True)
    return list(islice(ranked, FEED_SIZE))


def latest_feed(request: HttpRequest) -> HttpResponse:
    """The records most recently published or changed, of every kind."""
    recent = [
        model.objects.published().for_listing().order_by("-updated_at", "-pk")[:FEED_SIZE]
        for model in cited_models()
    ]
    records = _latest_changed(record for rows in recent for record in rows)
    return _respond(request, "Latest", "Records most recently published or changed.", records)


def _records_only(records: Iterable[Model]) -> list:
    """The dated, published records among a page's items (not people, events or countries)."""
    return [record for record in records if hasattr(record, "updated_at")]


def country_feed(request: HttpRequest, country: Country, records: list) -> HttpResponse:
    """The country page's records, latest change first."""
    return _respond(
        request,
        country.name,
        f"Records about {country.name}, latest change first.",
        _latest_changed(_records_only(records)),
    )


def person_feed(request: HttpRequest, person: Person, records: list) -> HttpResponse:
    """What the person said and announced, latest change first."""
    return _respond(
        request,
        person.name,
        f"Quotes and announcements of {person.name}, latest change first.",
        _latest_changed(_records_only(records)),
    )


def list_feed(title: str) -> Callable[[HttpRequest, QuerySet], HttpResponse]:
    """The feed of a filtered list: its first page, in its order."""

    def feed(request: HttpRequest, rows: QuerySet) -> HttpResponse:
        address = _page_address(request)
        noun = title.lower()
        return _respond(
            request,
            title,
            f"The first {FEED_SIZE} {noun} of {address}, in the order it lists them.",
            list(rows[:FEED_SIZE]),
        )

    return feed


commitments_feed = list_feed("Commitments")
announcements_feed = list_feed("Announcements")
figures_feed = list_feed("Figures")


def _page_address(request: HttpRequest) -> str:
    """The HTML page a feed stands for: its address without ``format`` and ``page``."""
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("page", None)
    return f"{request.path}?{query.urlencode()}" if query else request.path
