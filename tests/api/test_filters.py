"""The API filters through the HTML pages' own forms: same names, same rows, same messages."""

import re

import pytest

from tests.exports.bulk import bulk_commitments, first_page_slugs

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "",
        "country=serbia",
        "country=serbia&kind=funding&sort=amount-desc",
        "kind=pledge&sort=title",
        "status=delivered&sort=oldest",
        "announced_from=2024-01-03&announced_to=2024-01-10",
        "amount_min=200000000&amount_max=500000000",
        "q=Bulk commitment 02",
        "country=serbia&page=2",
    ],
)
def test_commitments_are_the_pages_rows(client, db, query):
    bulk_commitments()
    api = client.get(f"/api/commitments?{query}").json()
    assert [c["slug"] for c in api["results"]] == first_page_slugs(client, f"/commitments/?{query}")


def test_quotes_and_sources_are_the_pages_rows(client, world):
    for query in ("speaker=keir-starmer", "country=serbia", "event=epc-budapest", "q=gangs"):
        api = [q["slug"] for q in client.get(f"/api/quotes?{query}").json()["results"]]
        assert api == first_page_slugs(client, f"/quotes/?{query}"), query
    html = client.get("/sources/?publisher=The Daily Record", HTTP_HX_REQUEST="true")
    shown = [int(pk) for pk in re.findall(r'data-pk="(\d+)"', html.content.decode())]
    api = client.get("/api/sources?publisher=The Daily Record").json()["results"]
    assert [s["id"] for s in api] == shown


@pytest.mark.parametrize(
    ("address", "page", "field"),
    [
        ("/api/commitments?kind=banana", "/commitments/?kind=banana", "kind"),
        ("/api/commitments?country=atlantis", "/commitments/?country=atlantis", "country"),
        ("/api/commitments?status=forgotten", "/commitments/?status=forgotten", "status"),
        ("/api/commitments?sort=random", "/commitments/?sort=random", "sort"),
        (
            "/api/commitments?announced_to=yesterday",
            "/commitments/?announced_to=yesterday",
            "announced_to",
        ),
        ("/api/commitments?amount_min=lots", "/commitments/?amount_min=lots", "amount_min"),
        (
            "/api/commitments?amount_min=9&amount_max=1",
            "/commitments/?amount_min=9&amount_max=1",
            "amount_max",
        ),
        ("/api/quotes?speaker=nobody", "/quotes/?speaker=nobody", "speaker"),
        ("/api/quotes?event=nowhere", "/quotes/?event=nowhere", "event"),
        (
            "/api/sources?published_from=2024-13-45",
            "/sources/?published_from=2024-13-45",
            "published_from",
        ),
    ],
)
def test_bad_filters_are_rejected_with_the_pages_message(client, world, address, page, field):
    response = client.get(address)
    assert response.status_code == 400
    error = response.json()
    assert error["detail"] == "These filters could not be applied."
    (message,) = error["errors"][field]
    html = client.get(page).content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    assert message in html


def test_banana(client, world):
    response = client.get("/api/commitments?kind=banana")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "kind": ["“banana” is not a kind of commitment; choose partnership, funding or pledge."]
    }
