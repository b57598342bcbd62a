"""A record's evidence as its page shows it: each article once, with all its excerpts."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django import template

register = template.Library()


@dataclass
class SourceGroup:
    """One article and the excerpts of it that support the record, in text order."""

    source: object
    citations: list = field(default_factory=list)


@register.filter
def by_source(citations) -> list[SourceGroup]:
    """``citations`` grouped by article, articles in the order they first appear."""
    groups: dict[int, SourceGroup] = {}
    for citation in citations:
        group = groups.setdefault(citation.source_id, SourceGroup(citation.source))
        group.citations.append(citation)
    for group in groups.values():
        group.citations.sort(key=lambda citation: (citation.start, citation.end, citation.pk))
    return list(groups.values())


@register.filter
def disputed_citation_ids(discrepancies) -> set[int]:
    """The citations some version of ``discrepancies`` quotes (from their ``version_list``)."""
    return {
        version.citation_id
        for discrepancy in discrepancies or ()
        for version in getattr(discrepancy, "version_list", ())
    }


@register.filter
def background_site(url: str) -> str:
    """The site a background reference is on, as a reader names it: "gov.uk"."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")
