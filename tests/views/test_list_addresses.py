"""Issue 14: a list's address carries only the filters in use, in a stable order, and the
list says in words what it shows, each filter removable with one link."""

import re
from html import unescape

import pytest

from tests.views.test_htmx import Tags

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}

# What the filter form sends without JavaScript: every field, most of them empty.
COMMITMENT_FORM = (
    "q=&country=serbia&kind=partnership&status=&organisation=&announced_from=2024-01-01"
    "&announced_to=2024-12-31&amount_min=&amount_max=&currency=&money=&sort=newest"
)


def title(html: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))


def heading(html: str) -> str:
    found = re.search(r'<h2 id="result-count"[^>]*>(.*?)</h2>', html, re.S).group(1)
    return unescape(re.sub(r"<[^>]+>", "", found))


def subtitle(html: str) -> str:
    return unescape(re.search(r'<p id="list-subtitle"[^>]*>(.*?)</p>', html, re.S).group(1))


def chips(html: str) -> dict[str, str]:
    """Each active filter's words, by the address that removes it."""
    found = re.findall(r'<a class="chip" href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    return {
        unescape(href): unescape(re.sub(r"<[^>]+>", "", words)).replace("Remove the filter ", "")
        for href, words in found
    }


def test_the_no_javascript_form_is_redirected_to_the_clean_address(client, world):
    response = client.get(f"/commitments/?{COMMITMENT_FORM}")
    assert response.status_code == 302
    assert response["Location"] == (
        "/commitments/?country=serbia&kind=partnership"
        "&announced_from=2024-01-01&announced_to=2024-12-31"
    )
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("form", "clean"),
    [
        ("q=&country=&sort=name", "/people/"),
        ("country=&q=starmer&sort=quotes", "/people/?q=starmer&sort=quotes"),
        ("q=&speaker=keir-starmer&country=&event=&sort=newest", "/quotes/?speaker=keir-starmer"),
        ("q=&publisher=&published_from=&published_to=&sort=oldest", "/sources/?sort=oldest"),
        ("region=&sort=commitments", "/countries/"),
        ("q=&country=serbia&sort=newest&page=", "/figures/?country=serbia"),
    ],
)
def test_every_list_redirects_its_empty_fields(client, world, form, clean):
    path = clean.partition("?")[0]
    response = client.get(f"{path}?{form}")
    assert (response.status_code, response["Location"]) == (302, clean)


def test_an_address_without_empty_fields_is_not_redirected(client, world):
    """Junk and order are dropped quietly (tracker.http_cache), as before: not redirected."""
    for address in ("/commitments/?kind=pledge&country=serbia", "/quotes/?utm_source=x"):
        assert client.get(address).status_code == 200


def test_an_export_with_empty_fields_is_answered_not_redirected(client, world):
    response = client.get("/commitments/?country=serbia&kind=&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_the_htmx_fragment_pushes_the_clean_address(client, world):
    response = client.get(f"/commitments/?{COMMITMENT_FORM}", **HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == (
        "/commitments/?country=serbia&kind=partnership"
        "&announced_from=2024-01-01&announced_to=2024-12-31"
    )
    assert client.get("/people/?q=&country=&sort=name", **HTMX)["HX-Push-Url"] == "/people/"


def test_links_of_the_page_keep_the_clean_address(client, world):
    html = client.get("/commitments/?kind=partnership&sort=newest").content.decode()
    tags = Tags(html)
    assert tags.having("a", href="/commitments/?kind=partnership&sort=title")
    assert tags.having("a", href="/commitments/?kind=partnership&sort=oldest")
    assert not tags.having("a", href="/commitments/?kind=partnership&sort=newest")


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("/commitments/", "Commitments"),
        ("/commitments/?kind=partnership", "Partnerships"),
        (
            "/commitments/?country=serbia&kind=partnership"
            "&announced_from=2024-01-01&announced_to=2024-12-31",
            "Partnerships involving Serbia, announced in 2024",
        ),
        (
            "/commitments/?kind=funding&announced_from=2024-11-01&announced_to=2024-11-30",
            "Funding commitments announced in November 2024",
        ),
        (
            "/commitments/?status=announced&amount_min=1000&currency=GBP",
            "Commitments with status “Announced”, of at least 1,000, in GBP",
        ),
        ("/commitments/?person=keir-starmer", "Commitments announced by Keir Starmer"),
        (
            "/quotes/?speaker=keir-starmer&q=border",
            "Quotes matching “border”, said by Keir Starmer",
        ),
        ("/sources/?published_from=2024-03-05", "Source articles published since 5 March 2024"),
        ("/people/?country=united-kingdom", "People from United Kingdom"),
        ("/figures/?country=serbia", "Figures about Serbia"),
    ],
)
def test_title_and_subtitle_say_what_the_list_shows(client, world, address, words):
    html = client.get(address).content.decode()
    assert title(html) == f"{words} · Policy Tracker"
    filtered = "?" in address
    assert subtitle(html) == (words if filtered else "")
    assert ("hidden" in Tags(html).having("p", id="list-subtitle")[0]) is not filtered


@pytest.mark.parametrize(
    ("address", "summary"),
    [
        ("/commitments/?country=serbia&kind=partnership", "1 partnership involving Serbia"),
        ("/commitments/?country=serbia", "1 commitment involving Serbia"),
        (
            "/commitments/?kind=partnership&announced_from=2024-01-01&announced_to=2024-12-31",
            "1 partnership announced in 2024",
        ),
        ("/quotes/?speaker=keir-starmer", "1 quote said by Keir Starmer"),
        ("/people/?country=united-kingdom", "1 person from United Kingdom"),
        (
            "/commitments/?kind=pledge&country=serbia",
            "Nothing matches these filters: no pledge meets all of them.",
        ),
    ],
)
def test_the_summary_counts_and_says_the_filters(client, world, address, summary):
    for headers in ({}, HTMX):
        html = client.get(address, **headers).content.decode()
        assert heading(html) == summary


def test_the_fragment_carries_title_subtitle_count_and_status(client, world):
    html = client.get("/commitments/?country=serbia&kind=partnership", **HTMX).content.decode()
    assert title(html) == "Partnerships involving Serbia · Policy Tracker"
    tags = Tags(html)
    assert tags.having("p", id="list-subtitle", **{"hx-swap-oob": "true"})
    assert tags.having("span", id="filter-count", **{"hx-swap-oob": "true"})
    assert "Filter (2 active)" in html
    status = re.search(r'<p id="results-status"[^>]*>(.*?)</p>', html).group(1)
    assert status == "1 partnership"
    assert tags.having("p", id="results-status", role="status", **{"hx-swap-oob": "innerHTML"})


def test_the_status_line_names_the_page(client, db):
    from tests.factories import PledgeFactory

    PledgeFactory.create_batch(30)
    html = client.get("/commitments/?kind=pledge&page=2", **HTMX).content.decode()
    assert re.search(r'<p id="results-status"[^>]*>(.*?)</p>', html).group(1) == (
        "Page 2 of 2, 30 pledges"
    )
    assert title(html) == "Pledges, page 2 · Policy Tracker"


def test_each_chip_removes_exactly_its_filter(client, world):
    address = (
        "/commitments/?country=serbia&kind=partnership"
        "&announced_from=2024-01-01&announced_to=2024-12-31"
    )
    found = chips(client.get(address).content.decode())
    assert found == {
        "/commitments/?kind=partnership&announced_from=2024-01-01&announced_to=2024-12-31": (
            "Country: Serbia×"
        ),
        "/commitments/?country=serbia&announced_from=2024-01-01&announced_to=2024-12-31": (
            "Kind: Partnership×"
        ),
        "/commitments/?country=serbia&kind=partnership&announced_to=2024-12-31": (
            "Announced from: 1 January 2024×"
        ),
        "/commitments/?country=serbia&kind=partnership&announced_from=2024-01-01": (
            "Announced to: 31 December 2024×"
        ),
    }
    for without in found:
        response = client.get(without)
        assert response.status_code == 200
        assert len(chips(response.content.decode())) == 3


def test_a_chip_keeps_the_sort_and_drops_the_page(client, db):
    from tests.factories import PledgeFactory

    PledgeFactory.create_batch(30)
    html = client.get("/commitments/?kind=pledge&sort=title&page=2").content.decode()
    assert chips(html) == {"/commitments/?sort=title": "Kind: Pledge×"}


def test_the_last_chip_leads_to_the_whole_list(client, world):
    html = client.get("/quotes/?speaker=keir-starmer").content.decode()
    assert chips(html) == {"/quotes/": "Speaker: Keir Starmer×"}
    assert Tags(html).having("a", href="/quotes/", **{"hx-get": "/quotes/"})


def test_no_chip_and_no_subtitle_without_filters(client, world):
    html = client.get("/commitments/?sort=title").content.decode()
    assert chips(html) == {}
    assert "Filter (" not in html
    assert title(html) == "Commitments · Policy Tracker"
