"""Any public record in a few words: its type, title, date, money and address.

One description shared by what shows records of several kinds side by side:
the CSV of a detail or search page, the ``records`` of its JSON, the Atom
feeds, and the "Cite this" line.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Model

from tracker import money
from tracker.models import (
    Announcement,
    Commitment,
    Country,
    DatePrecision,
    Event,
    Figure,
    Organisation,
    Person,
    Quote,
    SourceArticle,
)

# How many words of a quote make its title.
QUOTE_TITLE_WORDS = 16


@dataclass(frozen=True)
class Summary:
    type: str
    slug: str
    title: str
    path: str
    text: str = ""
    date: datetime.date | None = None
    date_precision: str = ""  # DatePrecision's value; empty when there is no date
    status: str = ""
    amount: Decimal | None = None
    currency: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    speaker: str = ""
    updated: datetime.datetime | None = None


def _words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def _dated(day: datetime.date | None, precision: str = DatePrecision.DAY) -> dict:
    return {"date": day, "date_precision": precision if day else ""}


def summarise(record: Model) -> Summary:
    """A commitment, announcement, quote, figure, source, country, person, organisation or
    event, summed up."""
    match record:
        case Commitment():
            major = (
                money.to_major(record.amount_minor, record.currency)
                if record.amount_minor is not None and record.currency
                else None
            )
            return Summary(
                type=record.kind,
                slug=record.slug,
                title=record.title,
                path=record.get_absolute_url(),
                text=record.summary,
                **_dated(record.announced_on, record.announced_on_precision),
                status=record.status,
                amount=major,
                currency=record.currency,
                updated=record.updated_at,
            )
        case Announcement():
            return Summary(
                type="announcement",
                slug=record.slug,
                title=record.title,
                path=record.get_absolute_url(),
                text=record.summary,
                **_dated(record.announced_on, record.announced_on_precision),
                updated=record.updated_at,
            )
        case Quote():
            return Summary(
                type="quote",
                slug=record.slug,
                title=f"{record.speaker.name}: ‘{_words(record.text, QUOTE_TITLE_WORDS)}’",
                path=record.get_absolute_url(),
                text=record.text,
                **_dated(record.said_on, record.said_on_precision),
                speaker=record.speaker.name,
                updated=record.updated_at,
            )
        case Figure():
            return Summary(
                type="figure",
                slug=record.slug,
                title=record.label,
                path=record.get_absolute_url(),
                text=record.note,
                **_dated(record.period_end),
                quantity=Decimal(record.value) if record.value is not None else None,
                unit=record.currency or record.unit,
                updated=record.updated_at,
            )
        case SourceArticle():
            return Summary(
                type="source",
                slug=record.slug,
                title=record.shown_headline,
                path=record.get_absolute_url(),
                text=record.publisher,
                **_dated(record.published_on, record.published_on_precision),
                updated=record.added_at,
            )
        case Country():
            return Summary(
                type="country", slug=record.slug, title=record.name, path=record.get_absolute_url()
            )
        case Person():
            return Summary(
                type="person",
                slug=record.slug,
                title=record.name,
                path=record.get_absolute_url(),
                text=record.description,
            )
        case Organisation():
            return Summary(
                type="organisation",
                slug=record.slug,
                title=str(record),
                path=record.get_absolute_url(),
                text=record.description,
            )
        case Event():
            return Summary(
                type="event",
                slug=record.slug,
                title=str(record),
                path=record.get_absolute_url(),
                text=record.description,
                **_dated(record.starts_on, record.starts_on_precision),
            )
    raise TypeError(f"No summary for {type(record).__name__}")
