"""An htmx fragment of a list carries the <head> links of its own filters.

head-support merges the fragment's <head hx-head="merge"> into the page's <head>, so the
<link rel="alternate"> there follow the filters htmx swaps in (tests/browser/test_head_links.py).
"""

import re
from html import unescape

import pytest

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
FRAGMENT_HEAD = re.compile(r'<head hx-head="merge">(.*?)</head>', re.S)
ALTERNATE = re.compile(r'<link rel="alternate" type="([^"]+)" href="([^"]+)" title="[^"]+">')


def fragment_head(html: str) -> dict[str, str]:
    """The alternate links of the fragment's one <head>, by media type."""
    heads = FRAGMENT_HEAD.findall(html)
    assert len(heads) == 1, heads
    links = ALTERNATE.findall(heads[0])
    assert len(links) == len(re.findall(r"<link ", heads[0])), "only alternate links"
    return {media_type: unescape(href) for media_type, href in links}


@pytest.mark.parametrize(
    ("address", "formats"),
    [
        ("/commitments/?country=serbia&kind=partnership", {"csv", "json", "atom"}),
        ("/quotes/?country=serbia", {"csv", "json"}),
        ("/sources/?q=border", {"csv", "json"}),
        ("/search/?q=serbia", {"csv", "json"}),
    ],
)
def test_a_fragment_carries_the_alternate_links_of_its_filters(client, world, address, formats):
    response = client.get(address, **HTMX)
    assert response.status_code == 200
    links = fragment_head(response.content.decode())
    media_types = {"csv": "text/csv", "json": "application/json", "atom": "application/atom+xml"}
    assert links == {media_types[fmt]: f"{address}&format={fmt}" for fmt in formats}


def test_a_fragment_for_another_page_of_results_advertises_every_page(client, db):
    from tests.factories import PledgeFactory

    PledgeFactory.create_batch(30)
    html = client.get("/commitments/?kind=pledge&page=2", **HTMX).content.decode()
    assert fragment_head(html)["text/csv"] == "/commitments/?kind=pledge&format=csv"


def test_a_fragment_with_bad_filters_has_an_empty_head(client, world):
    """So the merge takes away the links of the filters shown before."""
    response = client.get("/commitments/?kind=banana", **HTMX)
    assert response.status_code == 400
    assert fragment_head(response.content.decode()) == {}


def test_the_whole_page_has_one_head(client, world):
    html = client.get("/commitments/?country=serbia").content.decode()
    assert len(re.findall(r"<head[\s>]", html)) == 1
    assert "hx-head" not in html
