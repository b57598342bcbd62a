"""Source articles and discrepancies in JSON, as their own API pages and the sources'
exports give them; ``tracker.api.schemas`` gives records, with the citations and the
discrepancies about each, and ``actor_schemas`` countries, people and events."""

import datetime

from ninja import Schema
from pydantic import Field

from tracker.api.schemas import DiscrepancyOut, RecordRef, _absolute_url, _blank_as_null


class DiscrepancyDetailOut(DiscrepancyOut):
    about: list[RecordRef] = Field(description="The published records the sources disagree on.")

    @staticmethod
    def resolve_about(obj) -> list:
        records = {}
        for version in obj.versions.all():
            record = version.citation.target
            if record is not None and record.is_published:
                records.setdefault((type(record), record.pk), record)
        return list(records.values())


class SourceOut(Schema):
    id: int
    slug: str
    headline: str
    headline_supplied: bool = Field(
        description="True when the copy received has no headline and this one is the editors'."
    )
    publisher: str | None
    published_on: datetime.date | None
    published_on_precision: str
    original_url: str | None
    url: str
    excerpts_cited: int = Field(description="Excerpts of published records citing it.")

    resolve_publisher = _blank_as_null("publisher")
    resolve_original_url = _blank_as_null("url")
    resolve_url = staticmethod(_absolute_url)

    @staticmethod
    def resolve_excerpts_cited(obj) -> int:
        return obj.citation_count


class CitedByOut(Schema):
    excerpt: str
    start: int
    end: int
    record: RecordRef

    @staticmethod
    def resolve_record(obj):
        return obj.target


class SourceDetailOut(SourceOut):
    text: str = Field(description="The full text as received; offsets index into it.")
    citations: list[CitedByOut]

    @staticmethod
    def resolve_citations(obj) -> list:
        return obj.cited
