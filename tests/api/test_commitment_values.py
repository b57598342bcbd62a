"""The API's commitments list reads what its records carry by key, compiled once per
number of keys, and the discrepancies only of commitments whose sources disagree
(tracker/api/commitment_values.py)."""

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db

# What a page's records carry, each read by one query for the page's keys.
CARRIED = (
    "tracker_citation",
    "tracker_commitmentparty",
    "tracker_commitment_organisations",
    "tracker_statuschange",
)


def test_a_page_without_disagreement_reads_no_discrepancy(client):
    factories.PledgeFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/commitments").json()
    assert [record["discrepancies"] for record in body["results"]] == [[], [], []]
    assert not [q for q in queries if "tracker_discrepancyversion" in q["sql"]]


def test_a_page_reads_the_discrepancies_of_its_commitments_whose_sources_disagree(client):
    plain = factories.PledgeFactory(title="Plain")
    version = factories.DiscrepancyVersionFactory(citation__commitment__title="Disputed")
    other = factories.CitationFactory(commitment=plain)
    # A version of the same discrepancy citing the plain commitment's citation: it too
    # is disputed now, and both carry the discrepancy.
    factories.DiscrepancyVersionFactory(discrepancy=version.discrepancy, citation=other)
    unrelated = factories.PledgeFactory(title="Unrelated")
    body = client.get("/api/commitments?sort=title").json()
    slugs = {record["slug"]: record["discrepancies"] for record in body["results"]}
    assert [d["slug"] for d in slugs[plain.slug]] == [version.discrepancy.slug]
    assert [d["slug"] for d in slugs[version.citation.commitment.slug]] == [
        version.discrepancy.slug
    ]
    assert slugs[unrelated.slug] == []


def test_what_the_records_carry_is_compiled_once_per_number_of_keys(client, monkeypatch):
    factories.PledgeFactory.create_batch(4)
    compiled = []
    as_sql = SQLCompiler.as_sql

    def recorded(compiler, *args, **kwargs):
        sql, params = as_sql(compiler, *args, **kwargs)
        compiled.append(sql)
        return sql, params

    monkeypatch.setattr(SQLCompiler, "as_sql", recorded)
    first = client.get("/api/commitments?page_size=2").json()
    compiled.clear()
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/api/commitments?page_size=2&page=2").json()
    # Read again for the second page's keys, without compiling them again.
    assert all(any(f'FROM "{table}"' in q["sql"] for q in queries) for table in CARRIED)
    assert not [sql for sql in compiled for table in CARRIED if f'FROM "{table}"' in sql]
    assert {r["slug"] for r in first["results"]}.isdisjoint(r["slug"] for r in second["results"])
