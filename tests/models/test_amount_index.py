"""The commitments lists' largest amount first is in the order of commitment_amount_idx
(published funding by currency, then amount, title and key), so that PostgreSQL can read a
page of the funding off it rather than sort all of it (benchmarks/RESULTS.md)."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from tests.factories import CommitmentPartyFactory, FundingCommitmentFactory
from tests.plans import page_plan, plan_of, postgresql_only
from tracker import models
from tracker.filters import CommitmentFilters

pytestmark = pytest.mark.django_db


def index_definition() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'commitment_amount_idx'"
            )
        else:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' "
                "AND name = 'commitment_amount_idx'"
            )
        (definition,) = cursor.fetchone()
    return definition


def test_the_index_holds_published_funding_in_the_order_of_the_amount_sort():
    definition = index_definition().replace('"', "")
    assert "NULLIF(" in definition
    assert "amount_minor DESC" in definition
    assert "publication" in definition and "funding" in definition
    # Ascending, NULLs last: PostgreSQL's default for an ascending key, which it leaves
    # unsaid, and where the lists sort commitments without money.
    assert "NULLS FIRST" not in definition


def test_the_funding_by_amount_is_read_off_the_index_without_a_sort():
    """Of every country; one country's is read off its parties' amount index
    (tests/models/test_party_sort_keys.py)."""
    postgresql_only()
    party = CommitmentPartyFactory(commitment=FundingCommitmentFactory())
    filters = CommitmentFilters(QueryDict("kind=funding&sort=amount-desc"))
    assert filters.is_valid(), filters.errors
    page = filters.filter(models.Commitment.objects.published().for_list_rows())[:25]
    with CaptureQueriesContext(connection) as queries:
        assert [commitment.pk for commitment in page] == [party.commitment_id]
    # With sorting priced out, the plan reads the rows in the index's order, which it can
    # only if the index is the sort's.
    plan = plan_of(queries.captured_queries[0]["sql"], off=("sort", "incremental_sort"))
    assert "Index Scan using commitment_amount_idx" in plan, plan
    assert "Sort" not in page_plan(plan), plan
