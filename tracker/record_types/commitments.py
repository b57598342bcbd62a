"""Commitments, of three kinds: partnerships, funding commitments and pledges."""

from tracker import formatting, money
from tracker.alerts.followed import Alerted, FollowedList
from tracker.api.schemas import CommitmentOut
from tracker.discrepancy_detection import Claim, amount_claim
from tracker.filters import CommitmentFilters
from tracker.jsonld import cited_articles, government, partial_date
from tracker.models import (
    COMMITMENT_PROXIES,
    Citation,
    Commitment,
    CommitmentKind,
    Country,
    DisputedAspect,
    Organisation,
)
from tracker.models.commitment_queries import ITEM_FIELDS, LIST_ROW_FIELDS
from tracker.records import RecordType, Summary, dated, published_or_drafts, register
from tracker.search import Kind, Searched
from tracker.search_highlights import Shown
from tracker.sharing import Card, Shareable

# What a search result reads: what its list item draws (``record_items``) and its export
# row says (``summary``); not the funder and recipient its list joins, which neither shows.
SEARCH_RESULT_FIELDS = (*LIST_ROW_FIELDS, *ITEM_FIELDS, "updated_at")


def summary(commitment: Commitment) -> Summary:
    major = (
        money.to_major(commitment.amount_minor, commitment.currency)
        if commitment.amount_minor is not None and commitment.currency
        else None
    )
    return Summary(
        type=commitment.kind,
        slug=commitment.slug,
        title=commitment.title,
        path=commitment.get_absolute_url(),
        text=commitment.summary,
        **dated(commitment.announced_on, commitment.announced_on_precision),
        status=commitment.status,
        amount=major,
        currency=commitment.currency,
        updated=commitment.updated_at,
    )


def linked_data(commitment: Commitment, request) -> dict:
    parties = [party.country for party in commitment.parties.all()]
    common = {
        "name": commitment.title,
        "description": commitment.summary,
        "identifier": commitment.slug,
        "subjectOf": cited_articles(commitment, request),
    }
    if commitment.kind == CommitmentKind.FUNDING:
        funders = [party.country for party in commitment.parties.all() if party.role == "funder"]
        funder = (
            {"@type": "Organization", "name": commitment.funder.name}
            if commitment.funder_id
            else [government(country) for country in funders]
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
            "member": [government(country) for country in parties],
            "foundingDate": partial_date(commitment.signed_on, commitment.signed_on_precision),
            "keywords": commitment.focus,
        }
    return {
        "@type": "Statement",
        "name": commitment.title,
        "text": commitment.summary,
        "identifier": commitment.slug,
        "datePublished": partial_date(commitment.announced_on, commitment.announced_on_precision),
        "spatialCoverage": [{"@type": "Country", "name": country.name} for country in parties],
        "citation": cited_articles(commitment, request),
    }


def share_card(commitment: Commitment, sources: int) -> Card:
    return Card(
        kind=commitment.kind_label(),
        title=commitment.title,
        headline=formatting.money(commitment.amount_minor, commitment.currency),
        byline=formatting.fuzzy_date(commitment.announced_on, commitment.announced_on_precision),
        status=commitment.status_label(),
        status_code=commitment.status,
        sources=sources,
        among=" · ".join(party.country.name for party in commitment.parties.all()),
    )


def share_description(commitment: Commitment, card: Card) -> list[str]:
    return [
        f"{card.title}.",
        f"{card.headline}." if card.headline else "",
        f"Status: {card.status.lower()}.",
    ]


def alert_summary(commitment: Commitment) -> str:
    return f"{commitment.kind_label()}, {commitment.status_label().lower()}"


def claims(commitment: Commitment, citation: Citation) -> list[tuple[str, Claim | None]]:
    """A funding commitment states an amount."""
    if commitment.kind != CommitmentKind.FUNDING:
        return []
    amount = amount_claim(citation, commitment.amount_minor, commitment.currency)
    return [(DisputedAspect.AMOUNT, amount)]


COMMITMENT = register(
    RecordType(
        Commitment,
        "commitment",
        summary,
        api_rows=lambda preview: published_or_drafts(Commitment, preview).for_export(),
        api_schema=CommitmentOut,
        linked_data=linked_data,
        edited_as=lambda commitment: COMMITMENT_PROXIES.get(commitment.kind, Commitment),
        search=Searched(
            fields=("title", "summary", "focus", "purpose"),
            through=(
                ("parties__country", Country),
                ("organisations", Organisation),
                ("funder", Organisation),
                ("recipient", Organisation),
            ),
            kind=Kind(
                "commitment",
                "commitment",
                "commitments",
                Commitment.objects.published,
                "commitment-list",
                Shown("title", "summary"),
                read=lambda commitments: (
                    commitments.only(*SEARCH_RESULT_FIELDS).with_parties().with_evidence()
                ),
            ),
        ),
        claims=claims,
        alerted=Alerted(
            "commitment",
            alert_summary,
            FollowedList(
                "commitment-list",
                "Commitments",
                CommitmentFilters,
                lambda filters: filters.matching(Commitment.objects.published()),
            ),
        ),
        shared=Shareable(
            "commitment-detail",
            "commitment-share-image",
            share_card,
            share_description,
            "commitment-embed",
        ),
    )
)
