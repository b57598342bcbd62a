"""JSON exports: a list's records as the API gives them; a detail page's record and its list."""

import datetime

import pytest

from tests import factories
from tests.exports.bulk import json_body
from tracker import models

pytestmark = pytest.mark.django_db


def test_a_list_is_its_count_and_every_record_with_citations_and_discrepancies(client, world):
    response = client.get("/commitments/?kind=funding&format=json")
    assert response.streaming
    assert response["Content-Type"] == "application/json"
    data = json_body(response)
    assert data["count"] == 1
    (funding,) = data["results"]
    assert funding["slug"] == "border-security-fund"
    assert (funding["amount_minor"], funding["amount"], funding["currency"]) == (
        15_000_000_000,
        150_000_000,
        "GBP",
    )
    excerpts = {(c["excerpt"], c["source"]["slug"]) for c in funding["citations"]}
    assert ("The government will spend £150 million over two years", "pm-budapest") in excerpts
    citation = funding["citations"][0]
    text = world.article.text
    assert text[citation["start"] : citation["end"]] == citation["excerpt"]
    # The editor's discrepancy (others may have been detected automatically).
    discrepancy = next(d for d in funding["discrepancies"] if d["slug"] == "fund-amount")
    assert [v["stated_value"] for v in discrepancy["versions"]] == ["£150 million", "£75 million"]


def test_the_json_of_a_record_is_the_apis(client, world):
    page = json_body(client.get(f"{world.funding.get_absolute_url()}?format=json"))
    api = json_body(client.get(f"/api/commitments/{world.funding.slug}"))
    assert page["commitment"] == api


@pytest.mark.parametrize(
    ("address", "key", "records"),
    [
        ("/announcements/budapest-package/", "announcement", 4),
        ("/quotes/smash-the-gangs/", "quote", 0),
        ("/figures/western-balkans-crossings/", "figure", 0),
        ("/people/keir-starmer/", "person", 2),
        ("/events/epc-budapest/", "event", 2),
        ("/countries/serbia/", "country", 4),
    ],
)
def test_a_detail_page_is_its_record_and_the_records_it_lists(client, world, address, key, records):
    data = json_body(client.get(f"{address}?format=json"))
    assert set(data) == {key, "records"}
    assert data[key]["url"] == f"http://testserver{address}"
    assert len(data["records"]) == records
    for record in data["records"]:
        assert record["url"].startswith("http://testserver/")


def test_a_source_article_gives_its_text_and_what_cites_it(client, world):
    data = json_body(client.get(f"{world.article.get_absolute_url()}?format=json"))
    source = data["source"]
    assert source["text"] == world.article.text
    cited = {(c["record"]["type"], c["record"]["slug"]) for c in source["citations"]}
    assert ("quote", "smash-the-gangs") in cited
    assert all(source["text"][c["start"] : c["end"]] == c["excerpt"] for c in source["citations"])


def test_drafts_are_in_no_export(client, world):
    for address in ("/commitments/", "/quotes/", "/sources/", "/search/?q=secret"):
        separator = "&" if "?" in address else "?"
        text = client.get(f"{address}{separator}format=json")
        body = b"".join(text.streaming_content) if text.streaming else text.content
        assert b"draft-" not in body and b"Secret plan" not in body, address
    assert client.get("/commitments/draft-pledge/?format=json").status_code == 404


def test_status_changes_of_one_day_come_in_the_order_they_were_recorded(client, world):
    """Two changes on one day: the record's page, its JSON and the list's JSON agree, in
    the order the editor recorded them (their keys), not as the database happens to read."""
    day = datetime.date(2024, 12, 2)
    for status in (models.CommitmentStatus.STALLED, models.CommitmentStatus.IN_PROGRESS):
        factories.StatusChangeFactory(commitment=world.funding, status=status, changed_on=day)
    recorded = [
        change.status for change in world.funding.status_history.all() if change.changed_on == day
    ]
    assert recorded == ["stalled", "in_progress"]
    own = json_body(client.get(f"{world.funding.get_absolute_url()}?format=json"))
    (listed,) = json_body(client.get("/commitments/?kind=funding&format=json"))["results"]
    for record in (own["commitment"], listed):
        same_day = [c["status"] for c in record["status_history"] if c["changed_on"] == str(day)]
        assert same_day == recorded
