"""htmx asks a list for its results fragment; the same address without htmx gets the page."""

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LISTS = ["/commitments/", "/quotes/", "/sources/", "/search/?q=serbia"]


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, whatever order they are written in."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs) -> None:
        self.found.append((tag, dict(attrs)))

    def having(self, tag: str, **attributes: str) -> list[dict]:
        """The attributes of each ``tag`` whose attributes include ``attributes``."""
        return [
            found
            for name, found in self.found
            if name == tag and attributes.items() <= found.items()
        ]


@pytest.mark.parametrize("address", LISTS)
def test_htmx_request_gets_only_the_results_fragment(client, world, address):
    fragment = client.get(address, **HTMX)
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert 'id="result-count"' in html
    assert "<html" not in html and "<main" not in html and '<nav class="site-nav"' not in html
    assert 'id="results"' not in html  # the inside of #results, which htmx swaps in


@pytest.mark.parametrize("address", LISTS)
def test_same_address_without_htmx_gets_the_whole_page(client, world, address):
    page = client.get(address)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.startswith("<!doctype html>")
    assert Tags(html).having("section", id="results")
    assert 'id="result-count"' in html


@pytest.mark.parametrize("address", LISTS)
def test_list_responses_vary_on_the_htmx_header(client, world, address):
    for response in (client.get(address), client.get(address, **HTMX)):
        assert "HX-Request" in response["Vary"]


def test_history_restore_gets_the_whole_page(client, world):
    response = client.get(
        "/commitments/?kind=pledge", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    html = response.content.decode()
    assert html.startswith("<!doctype html>")
    assert '<form id="commitment-filters"' in html


def test_fragment_and_page_show_the_same_results(client, world):
    address = "/commitments/?kind=partnership"
    fragment = client.get(address, **HTMX).content.decode()
    page = client.get(address).content.decode()
    assert 'data-slug="uk-serbia-partnership"' in fragment
    assert 'data-slug="uk-serbia-partnership"' in page
    assert 'data-slug="border-security-fund"' not in fragment
    assert "1 partnership<" in fragment


def test_commitment_filter_form_keeps_its_contract(client, world):
    html = client.get("/commitments/").content.decode()
    assert Tags(html).having("form", id="commitment-filters") == [
        {
            "id": "commitment-filters",
            "class": "filters",
            "method": "get",
            "action": "/commitments/",
            "hx-get": "/commitments/",
            "hx-target": "#results",
            "hx-push-url": "true",
            "hx-trigger": "submit",
        }
    ]
    tags = Tags(html)
    for name in ("country", "kind", "status", "organisation", "money", "sort"):
        assert tags.having("select", id=f"f-{name}", name=name), name
    for name, kind in (
        ("q", "search"),
        ("announced_from", "date"),
        ("announced_to", "date"),
        ("amount_min", "number"),
        ("amount_max", "number"),
        ("currency", "text"),
    ):
        assert tags.having("input", id=f"f-{name}", name=name, type=kind), name
    for tag, attributes in (
        ("button", {"type": "submit"}),
        ("table", {"class": "data-table commitment-table"}),
        ("tr", {"class": "commitment-row", "data-slug": "uk-serbia-partnership"}),
    ):
        assert tags.having(tag, **attributes), (tag, attributes)
    for text in (
        ">Apply filters</button>",
        '<option value="" selected>All countries</option>',
        '<option value="serbia">Serbia</option>',
    ):
        assert text in html, text


def test_pagination_links_keep_filters_and_work_with_and_without_htmx(client, db):
    from tests.factories import PledgeFactory

    PledgeFactory.create_batch(30)
    html = client.get("/commitments/?kind=pledge").content.decode()

    def link_to(page: int) -> dict:
        address = f"?kind=pledge&page={page}"
        return {"href": address, "hx-get": address, "hx-target": "#results", "hx-push-url": "true"}

    assert Tags(html).having("a", **link_to(2))
    fragment = client.get("/commitments/?kind=pledge&page=2", **HTMX).content.decode()
    assert "30 pledges, page 2 of 2" in fragment
    assert Tags(fragment).having("a", **link_to(1))


def test_fragment_carries_the_form_out_of_band_with_the_chosen_values(client, world):
    """So the form htmx saves for the back button matches the results beside it."""
    html = client.get("/commitments/?country=serbia&kind=partnership", **HTMX).content.decode()
    assert html.count('<form id="commitment-filters"') == 1
    assert Tags(html).having("form", id="commitment-filters", **{"hx-swap-oob": "true"})
    assert '<option value="serbia" selected>Serbia</option>' in html
    assert '<option value="partnership" selected>Partnership</option>' in html
    page = client.get("/commitments/?country=serbia").content.decode()
    assert "hx-swap-oob" not in page
