"""Each page type within 10 SQL queries on realistic data; counts and pages still right."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.views.scale import Scale

MOST_QUERIES = 10


@pytest.fixture(scope="module")
def scale_rows() -> int:
    """Thirty rows: 31 commitments, a second page of six (counted below)."""
    return 30


def page_types(scale: Scale) -> dict[str, tuple[str, dict]]:
    filtered = "/commitments/?country=serbia&kind=funding&sort=amount-desc"
    return {
        "home": ("/", {}),
        "country page": ("/countries/serbia/", {}),
        "commitments, filtered": (filtered, {}),
        "commitments, htmx fragment": (filtered, {"HTTP_HX_REQUEST": "true"}),
        "commitment detail": (f"/commitments/{scale.commitment.slug}/", {}),
        "organisation page": (f"/organisations/{scale.organisation.slug}/", {}),
        "search": ("/search/?q=border", {}),
        "CSV export": (filtered + "&format=csv", {}),
        "API list": ("/api/commitments?country=serbia", {}),
        "countries index": ("/countries/", {}),
        "countries by money in a region": ("/countries/?region=Western+Balkans&sort=money", {}),
    }


def queries_of(client, address: str, headers: dict, *, warm: bool = True) -> int:
    if warm:
        client.get(address, **headers)  # what is remembered per data version
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, **headers)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "page",
    [
        "country page",
        "commitments, filtered",
        "commitments, htmx fragment",
        "commitment detail",
        "organisation page",
        "search",
        "CSV export",
        "API list",
        "countries index",
        "countries by money in a region",
    ],
)
def test_each_page_type_within_ten_queries(client, scale, page):
    address, headers = page_types(scale)[page]
    assert queries_of(client, address, headers) <= MOST_QUERIES


@pytest.mark.parametrize(
    ("page", "most"),
    [
        # Its tally, its people, every country's commitments and the map's countries read
        # again, then its announcements, figures and sources.
        ("home", MOST_QUERIES),
        ("country page", MOST_QUERIES),
        ("commitments, filtered", MOST_QUERIES),
        ("commitment detail", MOST_QUERIES),
        ("organisation page", MOST_QUERIES),
        # Ten, and its count: the API's records carry parties, organisations, status
        # history, sources and disagreements (three levels), one query each.
        ("API list", MOST_QUERIES + 1),
        # Every count, the regions, the money and the map read again: seven.
        ("countries index", MOST_QUERIES),
        ("countries by money in a region", MOST_QUERIES),
    ],
)
def test_queries_with_nothing_remembered(client, scale, page, most):
    """Right after an edit (a new data version), counts and choices are read again."""
    cache.clear()
    address, headers = page_types(scale)[page]
    assert queries_of(client, address, headers, warm=False) <= most


def test_count_and_pages_are_right(client, scale):
    text = client.get("/commitments/").content.decode()
    assert "31 commitments" in text
    assert "?page=2" in text
    second = client.get("/commitments/?page=2").content.decode()
    assert second.count('<tr class="commitment-row"') == 6
    assert "31 commitments, page 2 of 2" in second
    api = client.get("/api/commitments?page=2").json()
    assert api["count"] == 31
    assert api["pages"] == 2
    assert len(api["results"]) == 6
    assert client.get("/commitments/?page=3").status_code == 400


def test_counts_are_remembered_until_the_data_changes(client, scale, fresh_writes):
    cache.clear()
    assert client.get("/api/commitments").json()["count"] == 31
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/commitments").json()["count"] == 31
    assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)
    fresh_writes()
    factories.PledgeFactory(slug="one-more")
    assert client.get("/api/commitments").json()["count"] == 32
