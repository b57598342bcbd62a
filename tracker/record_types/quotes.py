"""Quotes: a person's words, as the articles give them."""

from tracker.alerts.followed import Alerted, FollowedList
from tracker.api.schemas import QuoteOut
from tracker.discrepancy_detection import wording_claim
from tracker.filters import QuoteFilters
from tracker.formatting import fuzzy_date
from tracker.jsonld import cited_articles, partial_date, person
from tracker.models import Country, DisputedAspect, Person, Quote
from tracker.record_pages import RecordPage
from tracker.records import RecordType, Summary, dated, published_or_drafts, register, words
from tracker.search import Kind, Searched
from tracker.search_highlights import Shown
from tracker.sharing import DESCRIPTION_WORDS, Card, Shareable

# How many words of a quote make its title.
QUOTE_TITLE_WORDS = 16


def summary(quote: Quote) -> Summary:
    return Summary(
        type="quote",
        slug=quote.slug,
        title=f"{quote.speaker.name}: ‘{words(quote.text, QUOTE_TITLE_WORDS)}’",
        path=quote.get_absolute_url(),
        text=quote.text,
        **dated(quote.said_on, quote.said_on_precision),
        speaker=quote.speaker.name,
        updated=quote.updated_at,
    )


def linked_data(quote: Quote, request) -> dict:
    return {
        "@type": "Quotation",
        "text": quote.text,
        "creator": person(quote.speaker, request, day=quote.said_on),
        "dateCreated": partial_date(quote.said_on, quote.said_on_precision),
        "citation": cited_articles(quote, request),
    }


def share_card(quote: Quote, sources: int) -> Card:
    role = quote.speaker_role
    speaker = quote.speaker.name
    if role is not None:
        speaker += f", {role.title}"
    return Card(
        kind="Quote",
        title=quote.speaker.name,
        headline=f"“{quote.text}”",
        byline=speaker,
        sources=sources,
    )


def share_description(quote: Quote, card: Card) -> list[str]:
    return [f"“{words(quote.text, DESCRIPTION_WORDS)}”", f"— {card.byline}."]


def alert_summary(quote: Quote) -> str:
    when = fuzzy_date(quote.said_on, quote.said_on_precision)
    return f"Said by {quote.speaker.name}" + (f", {when}" if when else "")


QUOTE = register(
    RecordType(
        Quote,
        "quote",
        summary,
        api_rows=lambda preview: published_or_drafts(Quote, preview).for_export(),
        api_schema=QuoteOut,
        linked_data=linked_data,
        page=RecordPage(Quote.objects.for_detail, "tracker/quote_detail.html"),
        search=Searched(
            fields=("text", "context"),
            through=(("speaker", Person), ("countries", Country)),
            kind=Kind(
                "quote", "quote", "quotes", Quote.objects.published, "quote-list", Shown("text")
            ),
        ),
        # A quote's citations state its wording.
        claims=lambda quote, citation: [(DisputedAspect.WORDING, wording_claim(citation))],
        alerted=Alerted(
            "quote",
            alert_summary,
            FollowedList(
                "quote-list",
                "Quotes",
                QuoteFilters,
                lambda filters: filters.filter(Quote.objects.published()),
            ),
        ),
        shared=Shareable(
            "quote-detail", "quote-share-image", share_card, share_description, "quote-embed"
        ),
    )
)
