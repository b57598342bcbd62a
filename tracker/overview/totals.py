"""Money totals: one sum per currency, never adding currencies, never counting twice."""

from dataclasses import dataclass

from tracker.filters import MoneyFilter
from tracker.models import CommitmentKind

from .links import commitment_list_url


@dataclass(frozen=True)
class MoneyTotal:
    currency: str
    amount_minor: int
    # The funding commitments the sum adds up, and those whose money a published total
    # already includes, which the sum leaves out.
    counted: int
    inside: int
    url: str


def totals_of(rows: list[dict], filters: dict[str, str]) -> list[MoneyTotal]:
    """The money of a tally per currency, most commitments first; each total links to the
    list of exactly the commitments it adds up."""
    sums: dict[str, list[int]] = {}
    for row in rows:
        if row["currency"] and (row["counted"] or row["inside"]):
            total = sums.setdefault(row["currency"], [0, 0, 0])
            total[0] += row["amount"] or 0
            total[1] += row["counted"]
            total[2] += row["inside"]
    totals = [
        MoneyTotal(
            currency=currency,
            amount_minor=amount,
            counted=counted,
            inside=inside,
            url=commitment_list_url(
                filters,
                kind=CommitmentKind.FUNDING,
                currency=currency,
                money=MoneyFilter.COUNTABLE,
            ),
        )
        for currency, (amount, counted, inside) in sums.items()
    ]
    return sorted(totals, key=lambda total: (-total.counted, total.currency))
