"""schema.org JSON-LD for detail pages, emitted so that no text in the data can break out.

The types: a funding commitment is a ``MonetaryGrant``; a partnership a ``Project`` (a
collaborative enterprise, whose members are the governments taking part); a pledge a
``Statement``; an announcement a ``SpecialAnnouncement`` (schema.org's date-stamped
update by a government or other body); a quote a ``Quotation``; a figure a
``QuantitativeValue``; a source article a ``NewsArticle``; an event an ``Event``; a
country a ``Country`` (a ``Place``); a person a ``Person``. Creative works name their
sources as ``citation``, other things as ``subjectOf``.

``script(data)`` writes ``<script type="application/ld+json">`` with ``<``, ``>`` and
``&`` as JSON ``\\u`` escapes, as Django's ``json_script`` does, so ``</script>`` or
``<!--`` in a headline stays data. The CSP's ``script-src 'self'`` does not apply:
browsers never execute a data block.
"""

import json

from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from tracker import money
from tracker.formatting import iso_date
from tracker.models import (
    Announcement,
    Commitment,
    CommitmentKind,
    Country,
    Event,
    Figure,
    Person,
    Quote,
    SourceArticle,
)

CONTEXT = "https://schema.org"
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script(data: dict) -> SafeString:
    """``data`` as a JSON-LD block that nothing in it can end early."""
    text = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _date(day, precision: str = "day") -> str | None:
    """ISO 8601 to the precision the sources give: schema.org takes "2024-11" and "2024"."""
    return iso_date(day, precision) or None


def _clean(data: dict) -> dict:
    """Without empty values: schema.org has no use for them."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _government(country: Country) -> dict:
    return {"@type": "GovernmentOrganization", "name": f"Government of {country.name}"}


def article(source: SourceArticle, request: HttpRequest, *, body: bool = False) -> dict:
    permalink = request.build_absolute_uri(source.get_absolute_url())
    return _clean(
        {
            "@type": "NewsArticle",
            # A headline the copy did not have is the editors' description, not its headline.
            "headline": None if source.headline_supplied else source.headline,
            "name": source.shown_headline if source.headline_supplied else None,
            "url": source.url or permalink,
            "mainEntityOfPage": permalink if body else None,
            "datePublished": _date(source.published_on, source.published_on_precision),
            "publisher": (
                {"@type": "Organization", "name": source.publisher} if source.publisher else None
            ),
            "articleBody": source.text if body else None,
        }
    )


def _sources(record, request: HttpRequest) -> list[dict]:
    """The published articles the record cites (``citations`` prefetched), once each."""
    seen = {}
    for citation in record.citations.all():
        seen.setdefault(citation.source_id, citation.source)
    return [article(source, request) for source in seen.values()]


def _commitment(commitment: Commitment, request: HttpRequest) -> dict:
    parties = [party.country for party in commitment.parties.all()]
    common = {
        "name": commitment.title,
        "description": commitment.summary,
        "identifier": commitment.slug,
        "subjectOf": _sources(commitment, request),
    }
    if commitment.kind == CommitmentKind.FUNDING:
        funders = [party.country for party in commitment.parties.all() if party.role == "funder"]
        funder = (
            {"@type": "Organization", "name": commitment.funder.name}
            if commitment.funder_id
            else [_government(country) for country in funders]
        )
        amount = money.to_major(commitment.amount_minor, commitment.currency)
        return {
            "@type": "MonetaryGrant",
            **common,
            "amount": {
                "@type": "MonetaryAmount",
                "value": float(amount),
                "currency": commitment.currency,
            },
            "funder": funder,
            "fundedItem": (
                {"@type": "Thing", "name": commitment.purpose} if commitment.purpose else None
            ),
        }
    if commitment.kind == CommitmentKind.PARTNERSHIP:
        return {
            "@type": "Project",
            **common,
            "member": [_government(country) for country in parties],
            "foundingDate": _date(commitment.signed_on, commitment.signed_on_precision),
            "keywords": commitment.focus,
        }
    return {
        "@type": "Statement",
        "name": commitment.title,
        "text": commitment.summary,
        "identifier": commitment.slug,
        "datePublished": _date(commitment.announced_on, commitment.announced_on_precision),
        "spatialCoverage": [{"@type": "Country", "name": country.name} for country in parties],
        "citation": _sources(commitment, request),
    }


def _person(person: Person, request: HttpRequest, *, day=None, today: bool = False) -> dict:
    """The person, with the role held on ``day`` (the record's date) or ``today``; an
    undated record names no role, which could otherwise be a later one."""
    role = person.role_on(timezone.localdate() if today else day)
    return _clean(
        {
            "@type": "Person",
            "name": person.name,
            "url": request.build_absolute_uri(person.get_absolute_url()),
            "honorificPrefix": person.honorific,
            "jobTitle": role.title if role else None,
        }
    )


def _country(country: Country, request: HttpRequest) -> dict:
    return {
        "@type": "Country",
        "name": country.name,
        "identifier": country.code,
        "url": request.build_absolute_uri(country.get_absolute_url()),
        "containedInPlace": {"@type": "Place", "name": country.region},
    }


def describe(record, request: HttpRequest) -> dict:
    """The JSON-LD of a detail page's record."""
    match record:
        case Commitment():
            data = _commitment(record, request)
        case Announcement():
            data = {
                "@type": "SpecialAnnouncement",
                "name": record.title,
                "text": record.summary,
                "datePosted": _date(record.announced_on, record.announced_on_precision),
                "spatialCoverage": [
                    {"@type": "Country", "name": c.name} for c in record.countries.all()
                ],
                "author": (
                    _person(record.speaker, request, day=record.announced_on)
                    if record.speaker_id
                    else None
                ),
                "citation": _sources(record, request),
            }
        case Quote():
            data = {
                "@type": "Quotation",
                "text": record.text,
                "creator": _person(record.speaker, request, day=record.said_on),
                "dateCreated": _date(record.said_on, record.said_on_precision),
                "citation": _sources(record, request),
            }
        case Figure():
            data = {
                "@type": "QuantitativeValue",
                "name": record.label,
                "value": float(record.value),
                "unitText": record.currency or record.unit,
                "description": record.note,
                "subjectOf": _sources(record, request),
            }
        case SourceArticle():
            data = article(record, request, body=True)
        case Event():
            data = {
                "@type": "Event",
                "name": record.name,
                "startDate": _date(record.starts_on, record.starts_on_precision),
                "endDate": _date(record.ends_on, record.starts_on_precision),
                "description": record.description,
                "location": _clean(
                    {
                        "@type": "Place",
                        "name": record.location or (record.country.name if record.country else ""),
                        "address": _clean(
                            {
                                "@type": "PostalAddress",
                                "addressLocality": record.location,
                                "addressCountry": record.country_id,
                            }
                        ),
                    }
                ),
            }
        case Country():
            data = _country(record, request)
        case Person():
            data = {
                **_person(record, request, today=True),
                "description": record.description,
                "nationality": (
                    {"@type": "Country", "name": record.country.name} if record.country else None
                ),
            }
        case _:
            raise TypeError(f"No JSON-LD for {type(record).__name__}")
    url = request.build_absolute_uri(record.get_absolute_url())
    return _clean({"@context": CONTEXT, **data, "url": data.get("url", url)})
