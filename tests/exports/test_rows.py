"""A list's CSV and JSON hold exactly the HTML list's rows: same filters, same sort, in order.

Exports are not paged: they hold every matching row, so they are compared with the
HTML list read page after page. The filters pass through the same form, so a filter
that narrows the page narrows the export the same way.
"""

import re

import pytest

from tests import factories
from tests.exports.bulk import bulk_commitments, csv_rows, html_slugs, json_body

pytestmark = pytest.mark.django_db

COMMITMENT_FILTERS = [
    "",
    "country=serbia",
    "country=serbia&sort=title",
    "country=serbia&kind=funding&sort=amount-desc",
    "kind=funding&amount_min=300000000&sort=amount-asc",
    "status=in_progress&sort=oldest",
    "announced_from=2024-01-05&announced_to=2024-01-09&sort=newest",
    "q=Bulk commitment 01",
    "kind=pledge&country=albania",
]


@pytest.fixture
def commitments(db):
    made = bulk_commitments()
    factories.PledgeFactory(slug="draft-bulk", publication="draft")  # never exported
    return made


@pytest.mark.parametrize("query", COMMITMENT_FILTERS)
def test_commitment_exports_hold_exactly_the_pages_rows_in_order(client, commitments, query):
    address = f"/commitments/?{query}"
    shown = html_slugs(client, address)

    from_csv = [row["slug"] for row in csv_rows(client.get(f"{address}&format=csv"))]
    json = json_body(client.get(f"{address}&format=json"))
    from_json = [record["slug"] for record in json["results"]]

    assert from_csv == shown
    assert from_json == shown
    assert json["count"] == len(shown)
    assert "draft-bulk" not in shown


def test_the_comparison_spans_pages_and_filters_narrow(client, commitments):
    """Without this, the test above could pass on one short page or on no filter at all."""
    everything = html_slugs(client, "/commitments/")
    serbia = html_slugs(client, "/commitments/?country=serbia")
    assert len(everything) == 60
    assert len(serbia) == 45 > 25  # two pages
    assert set(serbia) < set(everything)
    by_title = html_slugs(client, "/commitments/?country=serbia&sort=title")
    assert by_title != serbia and sorted(by_title) == sorted(serbia)


def test_exports_ignore_the_page_and_hold_every_page(client, commitments):
    page_two = [
        row["slug"]
        for row in csv_rows(client.get("/commitments/?country=serbia&page=2&format=csv"))
    ]
    assert page_two == html_slugs(client, "/commitments/?country=serbia")


@pytest.mark.parametrize("query", ["", "speaker=keir-starmer", "country=serbia", "q=smash"])
def test_quote_exports_hold_the_pages_rows(client, world, query):
    address = f"/quotes/?{query}"
    shown = html_slugs(client, address)
    assert [row["slug"] for row in csv_rows(client.get(f"{address}&format=csv"))] == shown
    assert [q["slug"] for q in json_body(client.get(f"{address}&format=json"))["results"]] == shown


@pytest.mark.parametrize("query", ["", "publisher=The Daily Record", "q=Budapest", "sort=headline"])
def test_source_exports_hold_the_pages_rows(client, world, query):
    address = f"/sources/?{query}"
    response = client.get(address, HTTP_HX_REQUEST="true")
    shown = [int(pk) for pk in re.findall(r'data-pk="(\d+)"', response.content.decode())]
    assert shown, "the list shows articles"
    assert [int(row["id"]) for row in csv_rows(client.get(f"{address}&format=csv"))] == shown
    assert [s["id"] for s in json_body(client.get(f"{address}&format=json"))["results"]] == shown


def test_country_list_export_holds_the_pages_countries(client, world):
    html = client.get("/countries/").content.decode()
    shown = re.findall(r'<tr class="country" data-slug="([^"]+)"', html)
    rows = csv_rows(client.get("/countries/?format=csv"))
    assert [row["slug"] for row in rows] == shown
    serbia = next(row for row in rows if row["slug"] == "serbia")
    assert (serbia["partnerships"], serbia["pledges"]) == ("1", "0")  # the draft is not counted
    assert [c["slug"] for c in json_body(client.get("/countries/?format=json"))["results"]] == shown


def test_search_export_holds_the_pages_results(client, world):
    html = client.get("/search/?q=serbia").content.decode()
    shown = re.findall(r'data-slug="([^"]+)"', html)
    rows = csv_rows(client.get("/search/?q=serbia&format=csv"))
    assert [row["slug"] for row in rows if row["type"] != "source"] == shown
    results = json_body(client.get("/search/?q=serbia&format=json"))
    assert results["q"] == "serbia"
    assert [r["slug"] for r in results["results"]] == [row["slug"] for row in rows]
