"""A country's commitments are found through commitmentparty_country_idx (country, then
commitment), which takes the place of the country's own index: the lists' page and their
overview's tally read a country's parties from the index alone (benchmarks/RESULTS.md)."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from tests.factories import CommitmentPartyFactory
from tests.plans import plan_of, postgresql_only
from tracker import models, overview
from tracker.filters import CommitmentFilters

pytestmark = pytest.mark.django_db


def test_parties_are_indexed_by_country_then_commitment_and_not_by_country_alone():
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "tracker_commitmentparty")
    indexed = {name: c["columns"] for name, c in found.items() if c["index"] and not c["unique"]}
    assert indexed["commitmentparty_country_idx"] == ["country_id", "commitment_id"]
    assert ["country_id"] not in indexed.values()


def test_the_lists_tally_reads_a_countrys_parties_from_the_index_alone():
    postgresql_only()
    party = CommitmentPartyFactory()
    filters = CommitmentFilters(QueryDict(f"country={party.country.slug}"))
    assert filters.is_valid(), filters.errors
    matching = filters.matching(models.Commitment.objects.published(), leave_out=("status",))
    with CaptureQueriesContext(connection) as queries:
        overview.tally(matching, by_month=True)
    (tally,) = queries.captured_queries
    # With the table's scans priced out, the plan reads the parties through an index, and
    # this one answers from itself.
    plan = plan_of(tally["sql"], off=("seqscan", "bitmapscan"))
    assert "Index Only Scan using commitmentparty_country_idx" in plan, plan


def test_a_commitments_parties_are_indexed_by_the_commitment_with_their_role_and_country():
    """One index on the commitment (the foreign key's own is gone), carrying the role and
    country on PostgreSQL (``INCLUDE``; SQLite has none)."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "tracker_commitmentparty")
    indexed = {name: c["columns"] for name, c in found.items() if c["index"] and not c["unique"]}
    assert indexed.pop("commitmentparty_commitment_idx")[0] == "commitment_id"
    assert ["commitment_id"] not in indexed.values()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_indexdef('commitmentparty_commitment_idx'::regclass)")
            (definition,) = cursor.fetchone()
        assert definition.endswith("(commitment_id) INCLUDE (role, country_id)"), definition


def test_the_commitments_csv_reads_each_rows_parties_from_the_index_alone(client):
    """The CSV's "role:code" of every row (tracker.export_rows): none read from the table."""
    postgresql_only()
    CommitmentPartyFactory()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/commitments/?format=csv", secure=True)
        b"".join(response.streaming_content)
    (rows,) = [q["sql"] for q in queries.captured_queries if "party_codes" in q["sql"]]
    plan = plan_of(rows, off=("seqscan", "bitmapscan"))
    assert "Index Only Scan using commitmentparty_commitment_idx" in plan, plan
