"""A published record related to a draft shows no trace of the draft on any public path:
its page (and JSON-LD), its CSV and JSON, the API, feeds, search and money totals."""

import pytest

from tests.exports.bulk import body, csv_rows
from tests.publication.conftest import HIDDEN, Leaky
from tracker.models import Commitment

pytestmark = pytest.mark.django_db


def text(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    return body(response).decode()


def assert_hidden(client, *addresses: str) -> None:
    for address in addresses:
        assert HIDDEN not in text(client, address).lower(), address


def test_the_pages_of_records_in_a_draft_announcement_do_not_name_it(client, leaky: Leaky):
    """Also their JSON-LD, which is part of the page."""
    assert_hidden(
        client,
        leaky.funding.get_absolute_url(),
        leaky.quote.get_absolute_url(),
        leaky.figure.get_absolute_url(),
    )


def test_money_counted_in_or_added_to_a_draft_total_does_not_name_it(client, leaky: Leaky):
    html = text(client, leaky.funding.get_absolute_url())
    assert "Counted in" not in html
    html = text(client, leaky.addition.get_absolute_url())
    assert "added to" not in html
    assert HIDDEN not in html.lower()


def test_a_commitment_page_lists_no_quotes_of_a_draft_announcement(client, leaky: Leaky):
    html = text(client, leaky.funding.get_absolute_url())
    assert leaky.quote.slug not in html


def test_the_csv_announcement_column_is_empty_for_a_draft(client, leaky: Leaky):
    rows = {row["slug"]: row for row in csv_rows(client.get("/commitments/?format=csv"))}
    assert rows[leaky.funding.slug]["announcement"] == ""
    assert_hidden(
        client, "/commitments/?format=csv", f"{leaky.funding.get_absolute_url()}?format=csv"
    )


def test_the_json_exports_give_no_draft_slug(client, leaky: Leaky):
    assert_hidden(
        client,
        "/commitments/?format=json",
        "/quotes/?format=json",
        f"{leaky.funding.get_absolute_url()}?format=json",
        f"{leaky.addition.get_absolute_url()}?format=json",
        f"{leaky.quote.get_absolute_url()}?format=json",
        f"{leaky.figure.get_absolute_url()}?format=json",
    )


def test_the_api_gives_null_for_draft_relations(client, leaky: Leaky):
    funding = client.get(f"/api/commitments/{leaky.funding.slug}").json()
    assert (funding["announcement"], funding["included_in"]) == (None, None)
    assert client.get(f"/api/commitments/{leaky.addition.slug}").json()["adds_to"] is None
    assert client.get(f"/api/quotes/{leaky.quote.slug}").json()["announcement"] is None
    assert client.get(f"/api/figures/{leaky.figure.slug}").json()["announcement"] is None
    assert_hidden(
        client,
        "/api/commitments?page_size=100",
        "/api/quotes?page_size=100",
        "/api/figures?page_size=100",
        "/api/announcements?page_size=100",
        "/api/people?page_size=100",
        "/api/events?page_size=100",
        "/api/sources?page_size=100",
        "/api/discrepancies?page_size=100",
    )


def test_the_api_list_gives_a_relation_s_slug_once_it_is_published(client, leaky: Leaky):
    """The list reads these slugs as values (tracker.api.commitment_values), not through
    the detail's schema: null for a draft, the slug once published."""

    def listed() -> dict[str, dict]:
        results = client.get("/api/commitments?page_size=100").json()["results"]
        return {record["slug"]: record for record in results}

    records = listed()
    funding, addition = records[leaky.funding.slug], records[leaky.addition.slug]
    assert (funding["announcement"], funding["included_in"], addition["adds_to"]) == (
        None,
        None,
        None,
    )
    for draft in (leaky.draft_total, leaky.draft_announcement):
        draft.publication = "published"
        draft.save()
    records = listed()
    funding, addition = records[leaky.funding.slug], records[leaky.addition.slug]
    assert (funding["announcement"], funding["included_in"], addition["adds_to"]) == (
        "xyzzy-announcement",
        "xyzzy-total",
        "xyzzy-total",
    )


def test_feeds_and_search_give_no_draft(client, leaky: Leaky):
    assert_hidden(
        client,
        "/?format=atom",
        "/commitments/?format=atom",
        "/countries/serbia/?format=atom",
        "/search/?q=plan",
        "/search/?q=plan&format=json",
        "/search/?q=fund",
        "/search/?q=fund&format=csv",
    )


def test_lists_filtered_by_a_person_or_event_only_a_draft_names_are_refused(client, leaky):
    """As an unknown one is: a 200 would tell that the draft's speaker exists."""
    for query in ("speaker=xyzzy-speaker", "event=xyzzy-summit"):
        assert client.get(f"/quotes/?{query}").status_code == 400, query
        assert client.get(f"/api/quotes?{query}").status_code == 400, query


def test_money_counted_in_a_draft_total_counts_until_the_total_is_published(leaky: Leaky):
    """Otherwise the published money in a draft total would be counted nowhere."""
    countable = Commitment.objects.published().countable_money()
    assert leaky.funding in countable
    assert leaky.addition in countable  # in no total at all
    leaky.draft_total.publication = "published"
    leaky.draft_total.save()
    assert leaky.funding not in countable.all()
    assert leaky.draft_total in countable.all()
    assert leaky.addition in countable.all()
