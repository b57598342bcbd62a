"""Exports, the API and JSON-LD give each date with its precision beside it, the date itself
unchanged (the 1st of a month known only to the month), and no day the sources lack."""

import json

import pytest

from tests.exports.bulk import body, csv_rows, json_body
from tests.exports.test_jsonld import BLOCK
from tests.views.month_known import FIRST_OF_NOVEMBER, month_known  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("month_known")]


def by_slug(rows: list[dict]) -> dict[str, dict]:
    return {row["slug"]: row for row in rows}


def test_commitments_csv_gives_each_date_then_its_precision(client):
    rows = by_slug(csv_rows(client.get("/commitments/?format=csv")))
    funding, partnership = rows["glasgow-150m"], rows["glasgow-partnership"]

    assert (funding["announced_on"], funding["announced_on_precision"]) == ("2024-11-01", "month")
    assert (funding["period_start"], funding["period_start_precision"]) == ("2025-01-01", "year")
    assert (funding["period_end"], funding["period_end_precision"]) == ("2026-01-01", "year")
    assert (partnership["signed_on"], partnership["signed_on_precision"]) == (
        "2024-11-01",
        "month",
    )
    header = list(funding)
    for date in ("announced_on", "period_start", "period_end", "signed_on"):
        assert header.index(f"{date}_precision") == header.index(date) + 1


def test_quotes_csv_gives_the_precision_of_the_date_said(client):
    row = by_slug(csv_rows(client.get("/quotes/?format=csv")))["glasgow-quote"]
    assert (row["said_on"], row["said_on_precision"]) == ("2024-11-01", "month")


@pytest.mark.parametrize(
    ("address", "record"),
    [
        ("/announcements/glasgow-funding/", "glasgow-150m"),
        ("/events/interpol-glasgow/", "glasgow-quote"),
        ("/people/keir-starmer/", "glasgow-quote"),
        ("/countries/united-kingdom/", "glasgow-funding"),
    ],
)
def test_the_records_of_a_detail_page_carry_their_precision(client, address, record):
    rows = by_slug(csv_rows(client.get(address + "?format=csv")))
    assert (rows[record]["date"], rows[record]["date_precision"]) == ("2024-11-01", "month")
    listed = by_slug(json_body(client.get(address + "?format=json"))["records"])
    assert (listed[record]["date"], listed[record]["date_precision"]) == ("2024-11-01", "month")


def test_an_undated_record_has_no_precision(client):
    rows = by_slug(csv_rows(client.get("/people/keir-starmer/?format=csv")))
    assert (rows["keir-starmer"]["date"], rows["keir-starmer"]["date_precision"]) == ("", "")


def test_json_and_the_api_give_each_date_with_its_precision(client):
    listed = by_slug(json_body(client.get("/commitments/?format=json"))["results"])
    from_api = client.get("/api/commitments/glasgow-150m").json()
    for funding in (listed["glasgow-150m"], from_api):
        assert (funding["announced_on"], funding["announced_on_precision"]) == (
            "2024-11-01",
            "month",
        )
        assert funding["period_start_precision"] == funding["period_end_precision"] == "year"
        assert funding["signed_on"] is None
        assert funding["signed_on_precision"] == "day"
        [change] = funding["status_history"]
        assert (change["changed_on"], change["changed_on_precision"]) == ("2024-11-01", "month")

    announcement = client.get("/api/announcements/glasgow-funding").json()
    quote = client.get("/api/quotes/glasgow-quote").json()
    assert announcement["announced_on_precision"] == quote["said_on_precision"] == "month"


def test_the_openapi_document_describes_each_precision(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    documented = {
        "CommitmentOut": (
            "announced_on_precision",
            "signed_on_precision",
            "period_start_precision",
            "period_end_precision",
        ),
        "StatusChangeOut": ("changed_on_precision",),
        "AnnouncementOut": ("announced_on_precision",),
        "QuoteOut": ("said_on_precision",),
    }
    for schema, fields in documented.items():
        for field in fields:
            described = schemas[schema]["properties"][field]
            assert described["type"] == "string"
            assert described["description"].startswith("day, month or year")
            assert field in schemas[schema]["required"]


def jsonld(client, address: str) -> dict:
    return json.loads(BLOCK.search(client.get(address).text).group(1))


def test_jsonld_dates_stop_at_their_precision(client):
    assert jsonld(client, "/commitments/glasgow-pledge/")["datePublished"] == "2024-11"
    assert jsonld(client, "/commitments/glasgow-partnership/")["foundingDate"] == "2024-11"
    assert jsonld(client, "/announcements/glasgow-funding/")["datePosted"] == "2024-11"
    assert jsonld(client, "/quotes/glasgow-quote/")["dateCreated"] == "2024-11"
    assert jsonld(client, "/events/interpol-glasgow/")["startDate"] == "2024-11"


@pytest.mark.parametrize(
    "address",
    ["/commitments/?format=atom", "/countries/united-kingdom/?format=atom", "/?format=atom"],
)
def test_feeds_claim_no_day_in_their_text(client, address):
    text = body(client.get(address)).decode()
    assert "Glasgow" in text
    for day in FIRST_OF_NOVEMBER:
        assert day not in text
