"""A record as it is shared: the few facts a share preview, a share image and an embed give.

``card(record)`` sums up a commitment, quote, announcement or figure for the places a
reader meets it outside the site: its Open Graph description (``describe``), its share
image (``tracker.share_images``) and its oEmbed title. Every one of them names its
evidence: how many published articles the record cites, from the record's public
citations (``for_detail()`` prefetches them, so counting costs no query).

``SHAREABLE`` names the record types that have a share image, and the routes of their
pages, images and embeds, so the views, the templates and oEmbed agree on them.
"""

from dataclasses import dataclass

from django.db.models import Model, QuerySet

from tracker.formatting import figure_value, fuzzy_date, money
from tracker.models import Announcement, Commitment, Figure, Quote

# How many words of a quote or a summary a description gives.
DESCRIPTION_WORDS = 40


@dataclass(frozen=True)
class Shareable:
    """One record type that is shared: its published records, and its routes' names."""

    model: type[Model]
    page: str
    image: str
    embed: str = ""  # the type has an embed card (commitments and quotes)

    def records(self) -> QuerySet:
        """Its published records, each with what a card reads (``for_detail``)."""
        return self.model.objects.published().for_detail()


SHAREABLE = {
    "commitment": Shareable(
        Commitment, "commitment-detail", "commitment-share-image", "commitment-embed"
    ),
    "quote": Shareable(Quote, "quote-detail", "quote-share-image", "quote-embed"),
    "announcement": Shareable(Announcement, "announcement-detail", "announcement-share-image"),
    "figure": Shareable(Figure, "figure-detail", "figure-share-image"),
}


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

    @property
    def sources_line(self) -> str:
        if not self.sources:
            return "No published source yet"
        return f"{self.sources} source{'' if self.sources == 1 else 's'}, cited word for word"


def kind_of(record: Model) -> str:
    """The ``SHAREABLE`` key of a record: "commitment" for each kind of commitment."""
    for kind, shareable in SHAREABLE.items():
        if isinstance(record, shareable.model):
            return kind
    raise TypeError(f"{type(record).__name__} is not shared")


def _source_count(record: Model) -> int:
    return len({citation.source_id for citation in record.citations.all()})


def _words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def card(record: Model) -> Card:
    sources = _source_count(record)
    match record:
        case Commitment():
            return Card(
                kind=record.get_kind_display(),
                title=record.title,
                headline=money(record.amount_minor, record.currency),
                byline=fuzzy_date(record.announced_on, record.announced_on_precision),
                status=record.get_status_display(),
                status_code=record.status,
                sources=sources,
            )
        case Quote():
            role = record.speaker_role
            speaker = record.speaker.name
            if role is not None:
                speaker += f", {role.title}"
            return Card(
                kind="Quote",
                title=record.speaker.name,
                headline=f"“{record.text}”",
                byline=speaker,
                sources=sources,
            )
        case Announcement():
            return Card(
                kind="Announcement",
                title=record.title,
                byline=fuzzy_date(record.announced_on, record.announced_on_precision),
                sources=sources,
            )
        case Figure():
            return Card(
                kind="Figure", title=record.label, headline=figure_value(record), sources=sources
            )
    raise TypeError(f"{type(record).__name__} is not shared")


def describe(record: Model) -> str:
    """The record's summary for a share preview (``og:description``): a commitment's title,
    amount and status; a quote's words and speaker; and how many articles say so."""
    shared = card(record)
    match record:
        case Commitment():
            parts = [f"{shared.title}.", f"{shared.headline}." if shared.headline else ""]
            parts.append(f"Status: {shared.status.lower()}.")
        case Quote():
            parts = [f"“{_words(record.text, DESCRIPTION_WORDS)}”", f"— {shared.byline}."]
        case Announcement():
            parts = [f"{shared.title}.", _words(record.summary, DESCRIPTION_WORDS)]
        case _:
            parts = [f"{shared.title}: {shared.headline}.", _words(record.note, DESCRIPTION_WORDS)]
    parts.append(f"{shared.sources_line}.")
    return " ".join(part for part in parts if part)
