"""A country's newest commitments of each kind (``newest_of_each_kind``, its page's choice):
the newest few of each kind it is a party to, published only, newest first; on PostgreSQL
read off the parties' newest-first index one kind at a time, not ranked among every
commitment of the country."""

import datetime

import pytest
from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.plans import plan_of, postgresql_only
from tracker.models import Commitment, CommitmentKind, Country, Publication

pytestmark = pytest.mark.django_db

KINDS = {
    CommitmentKind.PARTNERSHIP: factories.PartnershipFactory,
    CommitmentKind.FUNDING: factories.FundingCommitmentFactory,
    CommitmentKind.PLEDGE: factories.PledgeFactory,
}


def made(country: Country, count: int, kind: str, **fields) -> list[Commitment]:
    """``count`` commitments of ``kind`` with ``country`` a party, a day apart, some titles
    alike on the same day (the order's ties), none dated last."""
    commitments = []
    for n in range(count):
        day = None if n == count - 1 else datetime.date(2024, 1 + n % 12, 1 + n % 3)
        commitment = KINDS[kind](announced_on=day, title=f"{kind} {n % 4}", **fields)
        factories.CommitmentPartyFactory(commitment=commitment, country_id=country.code)
        commitments.append(commitment)
    return commitments


def ranked(country: Country, limit: int) -> list[int]:
    """The choice as a window over every commitment of the country ranks it."""
    published = Commitment.objects.published()
    rank = Window(RowNumber(), partition_by=F("kind"), order_by=Commitment.NEWEST_FIRST)
    chosen = published.involving(country).annotate(rank_in_kind=rank)
    chosen = chosen.filter(rank_in_kind__lte=limit).values("pk")
    return list(published.filter(pk__in=chosen).newest_first().values_list("pk", flat=True))


def test_the_newest_of_each_kind_published_only_newest_first():
    serbia, albania = Country.objects.get(code="RS"), Country.objects.get(code="AL")
    mine = [
        *made(serbia, 14, CommitmentKind.PARTNERSHIP),
        *made(serbia, 3, CommitmentKind.FUNDING),
        *made(serbia, 12, CommitmentKind.PLEDGE),
    ]
    drafts = made(serbia, 4, CommitmentKind.PLEDGE, publication=Publication.DRAFT)
    made(albania, 5, CommitmentKind.PLEDGE)  # another country's
    chosen = list(Commitment.objects.published().newest_of_each_kind(serbia, 10))
    assert [c.pk for c in chosen] == ranked(serbia, 10)
    assert [sum(c.kind == kind for c in chosen) for kind in KINDS] == [10, 3, 10]
    assert {c.pk for c in chosen} <= {c.pk for c in mine}
    assert not {c.pk for c in chosen} & {c.pk for c in drafts}


def test_on_postgresql_each_kind_is_read_off_the_parties_newest_first_index():
    postgresql_only()
    serbia = Country.objects.get(code="RS")
    for kind in KINDS:
        made(serbia, 12, kind)
    with CaptureQueriesContext(connection) as queries:
        list(Commitment.objects.published().newest_of_each_kind(serbia, 10))
    (read,) = queries.captured_queries
    plan = plan_of(read["sql"], off=("seqscan", "bitmapscan", "sort"))
    assert plan.count("commitmentparty_newest_idx") == len(KINDS), plan
    assert "WindowAgg" not in plan, plan
