"""Money totals: one sum per currency, never adding currencies, never counting twice."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from tracker.filters import MoneyFilter
from tracker.models import CommitmentKind
from tracker.models.commitments import counted_once

from .links import commitment_list_url


@dataclass(frozen=True)
class MoneyTotal:
    currency: str
    amount_minor: int
    # The funding commitments the sum adds up, and those whose money a total among
    # them (or elsewhere) already includes, which the sum leaves out.
    counted: int
    inside: int
    url: str


def money_totals(commitments: QuerySet, filters: dict[str, str]) -> list[MoneyTotal]:
    """The countable money of ``commitments`` per currency (one query), largest count first;
    each links to the list of exactly the commitments it adds up."""
    rows = (
        commitments.funding()
        .order_by()
        .values("currency")
        .annotate(
            amount=Sum("amount_minor", filter=counted_once()),
            counted=Count("pk", filter=counted_once()),
            inside=Count("pk", filter=~counted_once()),
        )
    )
    totals = [
        MoneyTotal(
            currency=row["currency"],
            amount_minor=row["amount"] or 0,
            counted=row["counted"],
            inside=row["inside"],
            url=commitment_list_url(
                filters,
                kind=CommitmentKind.FUNDING,
                currency=row["currency"],
                money=MoneyFilter.COUNTABLE,
            ),
        )
        for row in rows
    ]
    return sorted(totals, key=lambda total: (-total.counted, total.currency))
