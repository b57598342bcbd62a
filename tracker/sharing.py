"""A record as it is shared: the few facts a share preview, a share image and an embed give.

``card(record)`` sums up a commitment, quote, announcement or figure for the places a
reader meets it outside the site: its Open Graph description (``describe``), its share
image (``tracker.share_images``) and its oEmbed title. Every one of them names its
evidence: how many published articles the record cites, from the record's public
citations (``for_detail()`` prefetches them, so counting costs no query).

A record type that is shared says so in its registration (``Shareable``: the routes of
its pages, images and embeds, its card and its description), so the views, the
templates and oEmbed agree on them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet

from tracker.records import RecordType, record_type, registered

# How many words of a quote or a summary a description gives.
DESCRIPTION_WORDS = 40


@dataclass(frozen=True)
class Card:
    """What a share image or preview shows of a record."""

    kind: str  # "Funding commitment", "Quote"
    title: str  # a commitment's or announcement's title, a figure's label; a quote's speaker
    headline: str = ""  # the amount, a figure's value; for a quote, its words
    byline: str = ""  # a quote's speaker and role; a commitment's or announcement's date
    status: str = ""  # a commitment's status, as it reads
    status_code: str = ""  # CommitmentStatus's value, for its colour
    sources: int = 0  # published articles cited, each once
    among: str = ""  # a commitment's parties, which an image without an amount shows

    @property
    def sources_line(self) -> str:
        if not self.sources:
            return "No published source yet"
        return f"{self.sources} source{'' if self.sources == 1 else 's'}, cited word for word"


@dataclass(frozen=True)
class Shareable:
    """How one record type is shared (its registration's ``shared``): its routes' names, its
    card (from the record and its number of sources) and the parts of its description
    before the sources line."""

    page: str
    image: str
    card: Callable[[Model, int], Card]
    description: Callable[[Model, Card], list[str]]
    embed: str = ""  # the type has an embed card (commitments and quotes)


def shared_types() -> dict[str, RecordType]:
    """The registrations of the record types that are shared, by key ("figure")."""
    return {registration.key: registration for registration in registered() if registration.shared}


def shared(record: Model) -> Shareable:
    """How a record is shared ("commitment"'s way for each kind of commitment)."""
    shareable = record_type(record).shared
    if shareable is None:
        raise TypeError(f"{type(record).__name__} is not shared")
    return shareable


def published(kind: str) -> QuerySet:
    """The published records of a shared type, by its key."""
    return shared_types()[kind].model.objects.published()


def records(kind: str) -> QuerySet:
    """Its published records, each with what a card reads (``for_detail``)."""
    return published(kind).for_detail()


def _source_count(record: Model) -> int:
    return len({citation.source_id for citation in record.citations.all()})


def card(record: Model) -> Card:
    return shared(record).card(record, _source_count(record))


def describe(record: Model) -> str:
    """The record's summary for a share preview (``og:description``): a commitment's title,
    amount and status; a quote's words and speaker; and how many articles say so."""
    shared_card = card(record)
    parts = [*shared(record).description(record, shared_card), f"{shared_card.sources_line}."]
    return " ".join(part for part in parts if part)
