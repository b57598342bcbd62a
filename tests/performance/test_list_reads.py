"""What the commitments list and the API's list read: only what they show, each thing once,
and no join that costs more to plan than to run (benchmarks/RESULTS.md, branch perflists2)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.exports.bulk import body
from tracker.models import Commitment
from tracker.models.commitment_queries import LIST_ROW_FIELDS

FILTERED = "/commitments/?country=serbia&kind=funding&sort=amount-desc"


@pytest.fixture(scope="module")
def scale_rows() -> int:
    """Thirty rows: 31 commitments about Serbia, 11 of them funding (counted below)."""
    return 30


def queries_of(client, address: str, **headers) -> list[str]:
    client.get(address, **headers)  # what is remembered per data version
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, **headers)
        assert response.status_code == 200
        body(response)
    return [query["sql"] for query in queries.captured_queries]


def page_query(queries: list[str]) -> str:
    """The query that reads the page's commitments (the one that ends cutting them)."""
    (found,) = [
        sql
        for sql in queries
        if 'FROM "tracker_commitment"' in sql and re.search(r"LIMIT \d+$", sql.strip())
    ]
    return found


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["page", "htmx"])
def test_the_list_reads_only_the_columns_its_rows_show(client, scale, headers):
    sql = page_query(queries_of(client, FILTERED, **headers))
    columns = {field.column for field in Commitment._meta.concrete_fields}
    read = {column for column in columns if f'"tracker_commitment"."{column}"' in sql}
    # The columns the page sorts and filters by are named too; only these are selected.
    selected = sql.split(" FROM ", 1)[0]
    shown = {Commitment._meta.get_field(name).column for name in LIST_ROW_FIELDS} | {"id"}
    assert {c for c in read if f'"tracker_commitment"."{c}"' in selected} == shown
    assert "tracker_organisation" not in sql  # the row shows no funder or recipient
    assert "summary" not in selected and "purpose" not in selected


def test_the_rows_still_show_what_they_showed(client, scale):
    html = client.get(FILTERED).content.decode()
    rows = html.count('<tr class="commitment-row"')
    assert rows == Commitment.objects.funding().count() == 11
    assert len(re.findall(r'data-label="Countries">[^<]*Serbia[^<]*</td>', html)) == rows
    assert html.count('<td data-label="Amount" class="num"><data value="') == rows
    assert 'aria-label="1 source article of' in html or "source articles of" in html


@pytest.mark.parametrize("address", [FILTERED, "/commitments/?country=serbia&status=announced"])
def test_the_list_reads_its_country_once(client, scale, address):
    """The overview's meter, which counts every status, reuses the page's valid filters
    rather than validating them again (which looked the country up again)."""
    queries = queries_of(client, address)
    lookups = [sql for sql in queries if 'FROM "tracker_country" WHERE' in sql and "slug" in sql]
    assert len(lookups) == 1, lookups


def legend(html: str) -> list[str]:
    """The status meter's counts in words: ["31 announced", "0 delivered", …]."""
    part = html.split('<ul class="status-legend">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<strong>([\d,]+)</strong> ([a-z ]+)<", part)


def test_the_meter_still_counts_every_status_of_a_list_filtered_by_one(client, scale):
    every = legend(client.get("/commitments/?country=serbia").content.decode())
    assert ("31", "announced") in every
    for status in ("announced", "delivered"):
        html = client.get(f"/commitments/?country=serbia&status={status}").content.decode()
        assert legend(html) == every, status


def test_the_api_list_joins_no_commitment_to_itself(client, scale):
    """The slugs of a commitment's totals are read by subqueries: the two joins of the
    table to itself took PostgreSQL longer to plan than the query took to run."""
    sql = page_query(queries_of(client, "/api/commitments?country=serbia&kind=funding"))
    assert 'JOIN "tracker_commitment"' not in sql
    assert 'JOIN "tracker_announcement"' not in sql
