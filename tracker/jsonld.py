"""schema.org JSON-LD for detail pages, emitted so that no text in the data can break out.

Each record type gives its own (``tracker.record_types``): a funding commitment is a
``MonetaryGrant``; a partnership a ``Project`` (a collaborative enterprise, whose members
are the governments taking part); a pledge a ``Statement``; an announcement a
``SpecialAnnouncement`` (schema.org's date-stamped update by a government or other body); a
quote a ``Quotation``; a figure a ``QuantitativeValue``; a source article a
``NewsArticle``; an event an ``Event``; a country a ``Country`` (a ``Place``); a person a
``Person``. Creative works name their sources as ``citation``, other things as
``subjectOf``. This module holds what they share.

``script(data)`` writes ``<script type="application/ld+json">`` with ``<``, ``>`` and
``&`` as JSON ``\\u`` escapes, as Django's ``json_script`` does, so ``</script>`` or
``<!--`` in a headline stays data. The CSP's ``script-src 'self'`` does not apply:
browsers never execute a data block.
"""

import json

from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from tracker.formatting import iso_date
from tracker.models import Country, Person, SourceArticle
from tracker.records import record_type

CONTEXT = "https://schema.org"
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script(data: dict) -> SafeString:
    """``data`` as a JSON-LD block that nothing in it can end early."""
    text = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def partial_date(day, precision: str = "day") -> str | None:
    """ISO 8601 to the precision the sources give: schema.org takes "2024-11" and "2024"."""
    return iso_date(day, precision) or None


def without_empty(data: dict) -> dict:
    """Without empty values: schema.org has no use for them."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def government(country: Country) -> dict:
    return {"@type": "GovernmentOrganization", "name": f"Government of {country.name}"}


def article(source: SourceArticle, request: HttpRequest, *, body: bool = False) -> dict:
    permalink = request.build_absolute_uri(source.get_absolute_url())
    return without_empty(
        {
            "@type": "NewsArticle",
            # A headline the copy did not have is the editors' description, not its headline.
            "headline": None if source.headline_supplied else source.headline,
            "name": source.shown_headline if source.headline_supplied else None,
            "url": source.url or permalink,
            "mainEntityOfPage": permalink if body else None,
            "datePublished": partial_date(source.published_on, source.published_on_precision),
            "publisher": (
                {"@type": "Organization", "name": source.publisher} if source.publisher else None
            ),
            "articleBody": source.text if body else None,
        }
    )


def cited_articles(record, request: HttpRequest) -> list[dict]:
    """The published articles the record cites (``citations`` prefetched), once each."""
    seen = {}
    for citation in record.citations.all():
        seen.setdefault(citation.source_id, citation.source)
    return [article(source, request) for source in seen.values()]


def person(someone: Person, request: HttpRequest, *, day=None, today: bool = False) -> dict:
    """The person, with the role held on ``day`` (the record's date) or ``today``; an
    undated record names no role, which could otherwise be a later one."""
    role = someone.role_on(timezone.localdate() if today else day)
    return without_empty(
        {
            "@type": "Person",
            "name": someone.name,
            "url": request.build_absolute_uri(someone.get_absolute_url()),
            "honorificPrefix": someone.honorific,
            "jobTitle": role.title if role else None,
        }
    )


def describe(record, request: HttpRequest) -> dict:
    """The JSON-LD of a detail page's record."""
    linked_data = record_type(record).linked_data
    if linked_data is None:
        raise TypeError(f"No JSON-LD for {type(record).__name__}")
    data = linked_data(record, request)
    url = request.build_absolute_uri(record.get_absolute_url())
    return without_empty({"@context": CONTEXT, **data, "url": data.get("url", url)})
