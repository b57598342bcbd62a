"""Figures: a number the articles state (a count, an amount, a share), for a period."""

from decimal import Decimal

from tracker import feeds, index_exports, money
from tracker.alerts.followed import Alerted, FollowedList
from tracker.api.schemas import FigureOut
from tracker.discrepancy_detection import Claim, amount_claim, count_claim
from tracker.formatting import figure_value, fuzzy_date
from tracker.index_filters import FigureFilters
from tracker.jsonld import cited_articles
from tracker.models import Citation, Country, DisputedAspect, Figure
from tracker.record_pages import RecordIndex, RecordPage
from tracker.records import RecordType, Summary, dated, published_or_drafts, register, words
from tracker.search import Kind, Searched
from tracker.search_highlights import Shown
from tracker.sharing import DESCRIPTION_WORDS, Card, Shareable


def summary(figure: Figure) -> Summary:
    return Summary(
        type="figure",
        slug=figure.slug,
        title=figure.label,
        path=figure.get_absolute_url(),
        text=figure.note,
        **dated(figure.period_end),
        quantity=Decimal(figure.value) if figure.value is not None else None,
        unit=figure.currency or figure.unit,
        updated=figure.updated_at,
    )


def linked_data(figure: Figure, request) -> dict:
    return {
        "@type": "QuantitativeValue",
        "name": figure.label,
        "value": float(figure.value),
        "unitText": figure.currency or figure.unit,
        "description": figure.note,
        "subjectOf": cited_articles(figure, request),
    }


def share_card(figure: Figure, sources: int) -> Card:
    return Card(kind="Figure", title=figure.label, headline=figure_value(figure), sources=sources)


def share_description(figure: Figure, card: Card) -> list[str]:
    return [f"{card.title}: {card.headline}.", words(figure.note, DESCRIPTION_WORDS)]


def alert_summary(figure: Figure) -> str:
    period = figure.period_label or fuzzy_date(figure.period_end)
    value = figure_value(figure)
    return value[:1].upper() + value[1:] + (f", {period}" if period else "")


def claims(figure: Figure, citation: Citation) -> list[tuple[str, Claim | None]]:
    """A figure of money states an amount; any other, a count."""
    if figure.currency:
        minor = money.to_minor(figure.value, money.exponent(figure.currency), round_up=False)
        return [(DisputedAspect.AMOUNT, amount_claim(citation, minor, figure.currency))]
    return [(DisputedAspect.COUNT, count_claim(citation, figure.value, figure.unit))]


FIGURE = register(
    RecordType(
        Figure,
        "figure",
        summary,
        api_rows=lambda preview: published_or_drafts(Figure, preview).for_export(),
        api_schema=FigureOut,
        linked_data=linked_data,
        page=RecordPage(Figure.objects.for_detail, "tracker/figure_detail.html"),
        index=RecordIndex(
            FigureFilters,
            Figure.objects.published,
            "tracker/figure_list.html",
            index_exports.FIGURES,
            feeds.figures_feed,
            (
                (
                    "country",
                    "figure-countries",
                    lambda rows: Country.objects.among(rows, "countries"),
                ),
            ),
        ),
        search=Searched(
            fields=("label", "note"),
            through=(("countries", Country),),
            kind=Kind(
                "figure",
                "figure",
                "figures",
                Figure.objects.published,
                "figure-list",
                Shown("label"),
                # A figure's result shows no countries: read without its list's.
                read=lambda figures: figures.with_evidence(),
            ),
        ),
        claims=claims,
        alerted=Alerted(
            "figure",
            alert_summary,
            FollowedList(
                "figure-list",
                "Figures",
                FigureFilters,
                lambda filters: filters.filter(Figure.objects.published()),
            ),
        ),
        shared=Shareable("figure-detail", "figure-share-image", share_card, share_description),
    )
)
