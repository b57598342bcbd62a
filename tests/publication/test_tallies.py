"""The whole-table tallies read from the published commitments' index (commitment_tally_idx):
every country's commitments and money, the home page's tally and the money sort's currency
count what is published and nothing else, and money once, as a reading of every row in
Python does."""

from collections import Counter, defaultdict

from tests import factories
from tests.publication.conftest import DRAFT, Leaky
from tracker import overview
from tracker.country_index import commitments_by_country
from tracker.index_filters import most_used_currency
from tracker.models import (
    Commitment,
    CommitmentKind,
    CommitmentParty,
    FundingType,
    Publication,
)

PUBLISHED = Publication.PUBLISHED


def countable(commitment: Commitment) -> bool:
    """Funding whose money no published total already includes, read from the models."""
    total = commitment.included_in
    return commitment.kind == CommitmentKind.FUNDING and (
        total is None or total.publication != PUBLISHED
    )


def read_row_by_row() -> tuple[dict, dict]:
    """Every country's published commitments by kind and countable money by currency."""
    kinds: dict[str, Counter] = defaultdict(Counter)
    money: dict[str, Counter] = defaultdict(Counter)
    for party in CommitmentParty.objects.select_related("commitment__included_in"):
        commitment = party.commitment
        if commitment.publication != PUBLISHED:
            continue
        kinds[party.country_id][commitment.kind] += 1
        if countable(commitment):
            money[party.country_id][commitment.currency] += commitment.amount_minor
    return (
        {code: dict(counted) for code, counted in kinds.items()},
        {code: dict(counted) for code, counted in money.items()},
    )


def tallied() -> tuple[dict, dict]:
    counted = commitments_by_country()
    return counted.kinds, {code: dict(totals) for code, totals in counted.money.items()}


def test_countries_count_published_commitments_and_money_once(leaky: Leaky):
    draft = factories.PledgeFactory(slug="xyzzy-pledge", publication=DRAFT)
    factories.CommitmentPartyFactory(commitment=draft, country_id="XK")
    kinds, money = tallied()
    assert (kinds, money) == read_row_by_row()
    assert "XK" not in kinds  # only a draft names it
    # The draft total is not counted, so the money inside it is, on its own.
    assert money["RS"]["GBP"] >= leaky.funding.amount_minor
    before = money["RS"]["GBP"]

    leaky.draft_total.publication = PUBLISHED
    leaky.draft_total.save()
    kinds, money = tallied()
    assert (kinds, money) == read_row_by_row()
    inside_now = leaky.funding.amount_minor
    assert money["RS"]["GBP"] == before - inside_now + leaky.draft_total.amount_minor


def test_the_map_counts_what_the_countries_index_counts(leaky: Leaky):
    counted = commitments_by_country()
    kinds, _ = read_row_by_row()
    assert counted.counts() == {code: sum(by_kind.values()) for code, by_kind in kinds.items()}


def test_the_home_tally_counts_published_commitments_and_money_once(leaky: Leaky):
    factories.PledgeFactory(slug="xyzzy-pledge", publication=DRAFT)
    published = Commitment.objects.published()
    rows = overview.tally(published, by_kind=True)
    assert overview.kinds_of(rows) == {
        kind: published.filter(kind=kind).count() for kind in CommitmentKind.values
    }
    money: Counter = Counter()
    for row in rows:
        if row["amount"] is not None:
            money[row["currency"]] += row["amount"]
    expected: Counter = Counter()
    for commitment in published.select_related("included_in"):
        if countable(commitment):
            expected[commitment.currency] += commitment.amount_minor
    assert money == expected
    assert money["GBP"] >= leaky.funding.amount_minor  # inside a draft total: counted
    leaky.draft_total.publication = PUBLISHED
    leaky.draft_total.save()
    rows = overview.tally(published.all(), by_kind=True)
    assert sum(row["inside"] for row in rows) == 1  # the funding, inside it now


def test_the_money_sorts_currency_counts_countable_published_funding_only(db):
    """The currency most countable published funding uses: not a draft's, nor money a
    published total already includes; money inside a draft total counts."""
    for _ in range(2):
        factories.FundingCommitmentFactory(currency="EUR")
    total = factories.FundingCommitmentFactory(
        currency="USD", funding_type=FundingType.TOTAL, amount_minor=9_000_000_000
    )
    for _ in range(3):
        factories.FundingCommitmentFactory(currency="USD", included_in=total)
    for _ in range(4):
        factories.FundingCommitmentFactory(currency="GBP", publication=DRAFT)
    assert most_used_currency() == "EUR"  # EUR 2, USD 1 (its total), GBP none
    total.publication = DRAFT
    total.save()
    assert most_used_currency() == "USD"  # the three inside the draft total
