"""Issue 12: valid filters that match nothing say so plainly, say how to widen the search
and keep the export links; only invalid filters are the reader's to correct (400)."""

import pytest

pytestmark = pytest.mark.django_db

NOTHING_MATCHES = "Nothing matches these filters"
NEED_CORRECTING = "the filters need correcting"


@pytest.mark.parametrize(
    "address",
    [
        "/commitments/?country=france&kind=funding",
        "/commitments/?announced_from=2031-01-01",
        "/quotes/?country=hungary",
        "/sources/?q=zebra",
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_valid_filters_that_match_nothing(client, seed_data, address, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.get(address, **headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert NOTHING_MATCHES in html
    assert "To widen the search, remove a filter" in html
    assert "clear all filters" in html
    assert NEED_CORRECTING not in html and "could not be applied" not in html
    # The export links stay: the same filters as data.
    assert "format=csv" in html and "format=json" in html
    assert "These filters as data" in html


def test_invalid_filters_are_the_only_ones_to_correct(client, seed_data):
    response = client.get("/commitments/?country=atlantis&kind=funding")
    html = response.content.decode()
    assert response.status_code == 400
    assert NEED_CORRECTING in html
    assert NOTHING_MATCHES not in html


def test_a_search_that_finds_nothing_says_how_to_widen_it(client, seed_data):
    html = client.get("/search/?q=zebra").content.decode()
    assert "Nothing matches “zebra”." in html
    assert "use fewer words" in html
