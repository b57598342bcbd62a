"""Every list and detail page advertises its CSV, JSON (and Atom) in <head> and links them."""

import re
from html import unescape

import pytest

pytestmark = pytest.mark.django_db

ALTERNATE = re.compile(r'<link rel="alternate" type="([^"]+)" href="([^"]+)" title="[^"]+">')


def alternates(html: str) -> dict[str, str]:
    head = html.split("</head>")[0]
    return {media_type: unescape(href) for media_type, href in ALTERNATE.findall(head)}


def pages(world) -> dict[str, bool]:
    """Each page, and whether it has a feed."""
    return {
        "/commitments/": True,
        "/quotes/": False,
        "/sources/": False,
        "/countries/": False,
        "/search/?q=serbia": False,
        world.funding.get_absolute_url(): False,
        world.quote.get_absolute_url(): False,
        world.figure.get_absolute_url(): False,
        world.announcement.get_absolute_url(): False,
        world.event.get_absolute_url(): False,
        world.article.get_absolute_url(): False,
        "/countries/serbia/": True,
        world.person.get_absolute_url(): True,
    }


def test_each_page_advertises_its_formats_and_each_answers(client, world):
    embeddable = {world.funding.get_absolute_url(), world.quote.get_absolute_url()}
    for address, has_feed in pages(world).items():
        links = alternates(client.get(address).content.decode())
        expected = (
            {"text/csv", "application/json"}
            | ({"application/atom+xml"} if has_feed else set())
            | ({"application/json+oembed"} if address in embeddable else set())
        )
        assert set(links) == expected, address
        for media_type, href in links.items():
            response = client.get(href)
            assert response.status_code == 200, href
            # oEmbed's discovery type names the format; its answer is plain JSON (the spec).
            answered = "application/json" if media_type.endswith("+oembed") else media_type
            assert response["Content-Type"].startswith(answered), href


def test_the_home_page_advertises_the_latest_records_feed(client, world):
    links = alternates(client.get("/").content.decode())
    assert links == {"application/atom+xml": "/?format=atom"}


def test_links_carry_the_filters_and_sort_but_not_the_page(client, world):
    html = client.get("/commitments/?country=serbia&sort=title&page=1").content.decode()
    links = alternates(html)
    assert links["text/csv"] == "/commitments/?country=serbia&sort=title&format=csv"
    assert links["application/atom+xml"] == "/commitments/?country=serbia&sort=title&format=atom"
    downloads = re.search(r'<p class="downloads">(.*?)</p>', html, re.S).group(1)
    assert 'href="/commitments/?country=serbia&amp;sort=title&amp;format=json"' in downloads


def test_an_htmx_fragment_carries_download_links_for_its_filters(client, world):
    html = client.get("/commitments/?kind=funding", HTTP_HX_REQUEST="true").content.decode()
    assert 'href="/commitments/?kind=funding&amp;format=csv"' in html


def test_a_page_with_bad_filters_offers_no_exports(client, world):
    html = client.get("/commitments/?kind=banana").content.decode()
    assert alternates(html) == {}
    assert 'class="downloads"' not in html
