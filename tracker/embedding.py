"""Embedding a record in another site's article: the ``<iframe>`` of its embed card, and
the oEmbed answer (https://oembed.com) a newsroom's CMS asks for when given a record's link.

Only commitments and quotes have embed cards (their registrations' ``Shareable.embed``); the
oEmbed endpoint takes the address of a record's page or of its embed card on this site.
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.http.request import split_domain_port, validate_host
from django.urls import Resolver404, resolve, reverse
from django.utils.html import format_html

from tracker import sharing
from tracker.models import Quote
from tracker.records import summarise

SITE = "Policy Tracker"
# The card's size as the iframe is given it: a column of an article wide, and as tall as
# its text needs at that width (estimated from the lengths of its texts, in pixels of the
# card's own stylesheet); the card scrolls inside its frame if it needs more.
WIDTH = 560
FRAME = 150  # the band, the sources' heading and the link back
LINE = 20  # a line of small text (a source, an excerpt)
CHARACTERS_PER_LINE = 68  # of small text
HEADING_LINE = 27  # a line of the title or of a quote's words
HEADING_CHARACTERS_PER_LINE = 52
ARTICLE = 20  # each article's line, beyond its text
EXCERPT = 18  # each excerpt's padding and gap
COMMITMENT_FACTS = 110  # the status, the amount and the date
QUOTE_BYLINE = 40
DISPUTE_FLAG = 46  # "Sources disagree"
MAX_HEIGHT = 1200


def embeddable_routes() -> dict[str, str]:
    """Each address that oEmbed takes, by route: the key of the record type it shows."""
    return {
        route: kind
        for kind, registration in sharing.shared_types().items()
        if registration.shared.embed
        for route in (registration.shared.page, registration.shared.embed)
    }


@dataclass(frozen=True)
class Size:
    width: int
    height: int


def lines(text: str, per_line: int) -> int:
    return -(-len(text) // per_line)


def size(
    record: Model,
    disputed: set[int],
    maxwidth: int | None = None,
    maxheight: int | None = None,
) -> Size:
    """The frame's size: room for the record and its sources (``disputed``: the citations
    a discrepancy quotes, each flagged), within the consumer's maxima."""
    shared = sharing.card(record)
    if isinstance(record, Quote):
        height = lines(shared.headline, HEADING_CHARACTERS_PER_LINE) * HEADING_LINE + QUOTE_BYLINE
    else:
        height = lines(shared.title, HEADING_CHARACTERS_PER_LINE) * HEADING_LINE
        height += COMMITMENT_FACTS
    height += FRAME
    articles = set()
    for citation in record.citations.all():
        if citation.source_id not in articles:  # each article's line once
            articles.add(citation.source_id)
            height += ARTICLE + lines(citation.source.shown_headline, CHARACTERS_PER_LINE) * LINE
        height += EXCERPT + lines(citation.excerpt, CHARACTERS_PER_LINE) * LINE
        height += LINE if citation.pk in disputed else 0
    if disputed & {citation.pk for citation in record.citations.all()}:
        height += DISPUTE_FLAG
    height = min(height, MAX_HEIGHT)
    return Size(min(WIDTH, maxwidth or WIDTH), min(height, maxheight or height))


def embed_address(request: HttpRequest, record: Model) -> str:
    embed = sharing.shared(record).embed
    return request.build_absolute_uri(reverse(embed, kwargs={"slug": record.slug}))


def oembed_address(request: HttpRequest, record: Model) -> str:
    """The oEmbed endpoint's address for the record's page (its discovery link)."""
    page = request.build_absolute_uri(record.get_absolute_url())
    query = urlencode({"url": page, "format": "json"})
    return request.build_absolute_uri(f"{reverse('oembed')}?{query}")


def iframe(request: HttpRequest, record: Model, frame: Size) -> str:
    """The HTML a newsroom pastes into its article."""
    return format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
        'style="border:0;max-width:100%"></iframe>',
        embed_address(request, record),
        frame.width,
        frame.height,
        f"{SITE}: {summarise(record).title}",
    )


class NotEmbeddable(Exception):
    """The address is not that of a published commitment or quote of this site."""


def is_this_site(request: HttpRequest, netloc: str) -> bool:
    """The host the request came to, or another this site answers to (``ALLOWED_HOSTS``:
    the site by another name, such as with or without ``www.``)."""
    if netloc.lower() == request.get_host().lower():
        return True
    domain, _ = split_domain_port(netloc)
    return "@" not in netloc and bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)


def record_at(request: HttpRequest, address: str) -> Model:
    """The published record whose page or embed card is at ``address`` on this site."""
    try:
        parts = urlsplit(address)
    except ValueError as error:  # "http://[::1" and the like
        raise NotEmbeddable(str(error)) from None
    if parts.scheme not in ("http", "https") or not is_this_site(request, parts.netloc):
        raise NotEmbeddable("not an address of this site")
    try:
        match = resolve(parts.path or "/")
    except Resolver404:
        raise NotEmbeddable("no page at this address") from None
    kind = embeddable_routes().get(match.url_name)
    if kind is None:
        raise NotEmbeddable("not a commitment's or a quote's page")
    record = sharing.records(kind).filter(slug=match.kwargs["slug"]).first()
    if record is None:
        raise NotEmbeddable("no published record at this address")
    return record


def oembed(
    request: HttpRequest,
    record: Model,
    disputed: set[int],
    maxwidth: int | None,
    maxheight: int | None,
) -> dict:
    """The oEmbed ``rich`` answer for the record (version 1.0)."""
    frame = size(record, disputed, maxwidth, maxheight)
    return {
        "type": "rich",
        "version": "1.0",
        "title": summarise(record).title,
        "provider_name": SITE,
        "provider_url": request.build_absolute_uri("/"),
        "html": iframe(request, record, frame),
        "width": frame.width,
        "height": frame.height,
    }
