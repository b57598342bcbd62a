"""Each API endpoint: 200 with the right shape, citations and discrepancies, 404s, no drafts."""

import pytest

from tests.exports.bulk import first_page_slugs

pytestmark = pytest.mark.django_db

PAGE_KEYS = {"count", "page", "pages", "next", "previous", "results"}
RECORD_KEYS = {"slug", "url", "citations", "discrepancies"}


def get(client, address: str, status: int = 200):
    response = client.get(address)
    assert response.status_code == status, (address, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.mark.parametrize(
    ("address", "keys", "slugs"),
    [
        ("/api/countries", {"code", "name", "region", "published"}, None),
        (
            "/api/commitments",
            RECORD_KEYS | {"kind", "title", "status", "parties", "amount", "status_history"},
            ["border-security-fund", "uk-serbia-partnership", "treat-smugglers-as-terrorists"],
        ),
        ("/api/announcements", RECORD_KEYS | {"title", "speaker", "event"}, ["budapest-package"]),
        ("/api/quotes", RECORD_KEYS | {"text", "speaker", "speaker_role"}, ["smash-the-gangs"]),
        ("/api/figures", RECORD_KEYS | {"label", "value", "unit"}, ["western-balkans-crossings"]),
        ("/api/people", {"slug", "name", "roles", "url"}, ["keir-starmer"]),
        ("/api/events", {"slug", "name", "location", "starts_on"}, ["epc-budapest"]),
        ("/api/sources", {"id", "headline", "excerpts_cited"}, ["pm-budapest"]),
        ("/api/discrepancies", {"slug", "subject", "versions", "about"}, None),
    ],
)
def test_each_list_is_a_page_of_published_records(client, world, address, keys, slugs):
    page = get(client, address)
    assert set(page) == PAGE_KEYS
    assert page["count"] == len(page["results"]) > 0
    for record in page["results"]:
        assert keys <= set(record), address
        assert not record["slug"].startswith("draft-"), address
    if slugs is not None:
        assert [record["slug"] for record in page["results"]] == slugs


def test_each_record_has_its_own_address(client, world):
    for address in (
        "/api/countries/serbia",
        f"/api/commitments/{world.funding.slug}",
        f"/api/announcements/{world.announcement.slug}",
        f"/api/quotes/{world.quote.slug}",
        f"/api/figures/{world.figure.slug}",
        f"/api/people/{world.person.slug}",
        f"/api/events/{world.event.slug}",
        f"/api/sources/{world.article.pk}",
        f"/api/discrepancies/{world.discrepancy.slug}",
    ):
        record = get(client, address)
        assert record["slug"] == address.rsplit("/", 1)[-1] or record["id"] == world.article.pk


def test_records_carry_citations_with_article_excerpt_and_offsets(client, world):
    quote = get(client, f"/api/quotes/{world.quote.slug}")
    (citation,) = quote["citations"]
    assert citation["excerpt"] == '"We will smash the gangs together," he said'
    assert world.article.text[citation["start"] : citation["end"]] == citation["excerpt"]
    assert citation["source"] == {
        "id": world.article.pk,
        "slug": "pm-budapest",
        "headline": "PM strikes deal with Serbia in Budapest",
        "publisher": "The Daily Record",
        "published_on": "2024-11-07",
        "published_on_precision": "day",
        "original_url": "https://news.example/pm-budapest",
        "url": f"http://testserver/sources/{world.article.pk}/",
    }
    assert quote["speaker_role"] == "Prime Minister"
    assert quote["discrepancies"] == []


def test_records_carry_their_discrepancies(client, world):
    funding = get(client, f"/api/commitments/{world.funding.slug}")
    # The editor's discrepancy (others may have been detected automatically).
    discrepancy = next(d for d in funding["discrepancies"] if d["slug"] == "fund-amount")
    listed = get(client, "/api/discrepancies")["results"]
    assert "fund-amount" in [d["slug"] for d in listed]
    assert {d["slug"] for d in listed} == {d["slug"] for d in funding["discrepancies"]}
    assert discrepancy["status"] == "resolved"
    assert discrepancy["resolution"] == "The government's own figure is £150 million."
    accepted, other = discrepancy["versions"]
    assert (accepted["stated_value"], accepted["is_accepted"]) == ("£150 million", True)
    assert other["citation"]["excerpt"] == "Another report put the figure at £75 million."
    assert funding["amount_minor"] == 15_000_000_000 and funding["amount"] == 150_000_000
    assert funding["status_history"][0]["citation"]["source"]["slug"] == "pm-budapest"

    about = get(client, f"/api/discrepancies/{world.discrepancy.slug}")["about"]
    assert about == [
        {
            "type": "funding",
            "slug": "border-security-fund",
            "title": "£150 million for border security",
            "url": "http://testserver/commitments/border-security-fund/",
        }
    ]


def test_a_source_gives_its_text_and_the_excerpts_cited(client, world):
    source = get(client, f"/api/sources/{world.article.pk}")
    assert source["text"] == world.article.text
    assert len(source["citations"]) == source["excerpts_cited"] == 7
    for citation in source["citations"]:
        assert source["text"][citation["start"] : citation["end"]] == citation["excerpt"]


@pytest.mark.parametrize(
    "address",
    [
        "/api/commitments/no-such-thing",
        "/api/commitments/draft-pledge",
        "/api/announcements/draft-announcement",
        "/api/quotes/draft-quote",
        "/api/figures/draft-figure",
        "/api/countries/atlantis",
        "/api/people/nobody",
        "/api/events/nothing",
        "/api/sources/999999",
        "/api/sources/99999999999999999999999",
        "/api/sources/abc",
        "/api/sources/" + "9" * 5000,  # beyond what int() reads (4,300 digits): was a 500
        "/api/discrepancies/none",
        "/api/commitments/a%00b",  # NUL: PostgreSQL's error was a 500
        "/api/countries/%00",
        "/api/people/not%20a%20slug",
    ],
)
def test_unknown_and_draft_records_are_404(client, world, address):
    assert "detail" in get(client, address, status=404)


def test_drafts_are_invisible(client, world):
    draft_source = world.drafts["source"]
    assert get(client, f"/api/sources/{draft_source.pk}", status=404)
    everything = b"".join(
        client.get(address).content
        for address in (
            "/api/commitments?page_size=100",
            "/api/quotes?page_size=100",
            "/api/announcements?page_size=100",
            "/api/figures?page_size=100",
            "/api/sources?page_size=100",
        )
    )
    assert b"draft-" not in everything and b"Secret plan" not in everything


def test_pages_link_to_each_other(client, world):
    first = get(client, "/api/commitments?page_size=2&sort=title")
    assert (first["count"], first["pages"], first["page"]) == (3, 2, 1)
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/commitments?page_size=2&sort=title&page=2"
    second = get(client, first["next"])
    both = [c["slug"] for c in first["results"] + second["results"]]
    assert both == first_page_slugs(client, "/commitments/?sort=title")  # the collation's order
    assert second["next"] is None


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=0", "There is no page 0: pages are numbered from 1."),
        ("page=abc", "“abc” is not a page number"),
        ("page=9", "There is no page 9: the last page is 1."),
        ("page_size=0", "Enter a whole number of records per page, 1 to 100."),
        ("page_size=101", "A page holds at most 100 records."),
    ],
)
def test_bad_paging_is_400(client, world, query, message):
    error = get(client, f"/api/people?{query}", status=400)
    assert message in str(error)
