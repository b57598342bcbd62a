"""Share previews by value: the canonical address, Open Graph and Twitter card tags of
record pages, lists and indexes (tracker/templatetags/sharing.py, tracker/sharing.py),
and the Share block of a record's page."""

import re
from html import unescape

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def head_tags(html: str) -> dict[str, str]:
    """The page's <meta property|name> contents and its canonical address, by name."""
    head = html.split("</head>", 1)[0]
    tags = {
        name: unescape(content)
        for name, content in re.findall(
            r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', head
        )
    }
    (canonical,) = re.findall(r'<link rel="canonical" href="([^"]+)">', head)
    tags["canonical"] = unescape(canonical)
    (title,) = re.findall(r"<title>(.*?)</title>", head, re.S)
    tags["title"] = unescape(title)
    return tags


def test_a_funding_commitment_by_value(client, world):
    tags = head_tags(client.get("/commitments/border-security-fund/").content.decode())
    address = f"{HOST}/commitments/border-security-fund/"
    description = (
        "£150 million for border security. £150 million. Status: announced. "
        "1 source, cited word for word."
    )
    assert tags == {
        "viewport": "width=device-width, initial-scale=1",
        "title": "£150 million for border security · Policy Tracker",
        "description": description,
        "canonical": address,
        "og:site_name": "Policy Tracker",
        "og:type": "article",
        "og:title": "£150 million for border security",
        "og:description": description,
        "og:url": address,
        "og:image": f"{address}share.png",
        "og:image:type": "image/png",
        "og:image:width": "1200",
        "og:image:height": "630",
        "og:image:alt": (
            "Policy Tracker: £150 million for border security. 1 source, cited word for word."
        ),
        "twitter:card": "summary_large_image",
        "twitter:image:alt": (
            "Policy Tracker: £150 million for border security. 1 source, cited word for word."
        ),
    }


def test_a_quote_gives_its_words_and_speaker(client, world):
    tags = head_tags(client.get("/quotes/smash-the-gangs/").content.decode())
    assert tags["og:description"] == (
        "“We will smash the gangs together” — Keir Starmer, Prime Minister. "
        "1 source, cited word for word."
    )
    assert tags["og:title"] == "Keir Starmer: “We will smash the gangs together”"
    assert tags["og:image"] == f"{HOST}/quotes/smash-the-gangs/share.png"
    assert tags["twitter:card"] == "summary_large_image"


def test_an_announcement_and_a_figure_have_their_images(client, world):
    for record in (world.announcement, world.figure):
        tags = head_tags(client.get(record.get_absolute_url()).content.decode())
        assert tags["og:image"] == f"{HOST}{record.get_absolute_url()}share.png"
        assert tags["og:type"] == "article"
    tags = head_tags(client.get(world.figure.get_absolute_url()).content.decode())
    assert tags["og:description"].startswith(
        "People who crossed the Western Balkans route: almost 100,000 people."
    )


def test_the_host_is_the_requests(client, world):
    html = client.get("/quotes/smash-the-gangs/", HTTP_HOST="localhost").content.decode()
    assert head_tags(html)["og:url"] == "http://localhost/quotes/smash-the-gangs/"


@pytest.mark.parametrize(
    ("address", "canonical", "title"),
    [
        ("/", "/", "What governments promised, and who says so"),
        ("/commitments/", "/commitments/", "Commitments"),
        # Filters in use, in their canonical order; empty ones and page 1 left out.
        (
            "/commitments/?status=&country=serbia&q=&kind=funding&page=1",
            "/commitments/?country=serbia&kind=funding",
            "Funding commitments involving Serbia",
        ),
        ("/quotes/?country=serbia&page=2", "/quotes/?country=serbia&page=2", "Quotes about Serbia"),
        ("/people/", "/people/", "People"),
        ("/countries/serbia/", "/countries/serbia/", "Serbia"),
        ("/search/?q=serbia&utm_source=x", "/search/?q=serbia", "Search: serbia"),
        ("/embed/", "/embed/", "Embed a record in your article"),
    ],
)
def test_lists_indexes_and_other_pages(client, world, address, canonical, title):
    # A list's address with empty fields is redirected to its clean one first.
    response = client.get(address, follow=True)
    tags = head_tags(response.content.decode())
    assert tags["canonical"] == tags["og:url"] == f"{HOST}{canonical}"
    assert tags["og:title"] == title
    assert tags["og:type"] == "website"
    assert tags["twitter:card"] == "summary"
    assert "og:image" not in tags
    assert tags["og:description"] == tags["description"]
    assert len(tags["og:description"]) > 40


def test_hostile_text_stays_in_its_attribute(client, world):
    world.funding.title = '"><script>alert(1)</script>'
    world.funding.save()
    html = client.get(world.funding.get_absolute_url()).content.decode()
    head = html.split("</head>", 1)[0]
    assert "<script>alert" not in head
    assert head_tags(html)["og:title"] == '"><script>alert(1)</script>'
    assert head_tags(html)["og:image:alt"].startswith(
        'Policy Tracker: "><script>alert(1)</script>.'
    )


def test_ampersands_are_escaped_once(client, world):
    world.funding.title = "Roads & bridges"
    world.funding.save()
    html = client.get(world.funding.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Roads &amp; bridges">' in html
    assert "&amp;amp;" not in html.split("</head>", 1)[0]
    assert head_tags(html)["og:image:alt"].startswith("Policy Tracker: Roads & bridges.")


def test_the_share_block_of_a_commitment(client, world):
    html = client.get("/commitments/border-security-fund/").content.decode()
    block = re.search(r'<section class="share-this".*?</section>', html, re.S).group(0)
    assert (
        '<input id="share-link" class="share-field" type="url" '
        f'value="{HOST}/commitments/border-security-fund/" readonly>'
    ) in block
    # The copy button is shown by cite.js, loaded once by "Cite this" right after it.
    assert 'data-copy="share-link" hidden>Copy link</button>' in block
    assert html.index('class="share-this"') < html.index('class="cite-this"')
    assert html.count('<script src="/static/tracker/cite.js" defer></script>') == 1
    embed_code = unescape(re.search(r'id="share-embed"[^>]*>(.*?)</textarea>', block, re.S)[1])
    assert embed_code.startswith(
        f'<iframe src="{HOST}/embed/commitments/border-security-fund/" width="560" height="489"'
    )
    assert f'href="{HOST}/commitments/border-security-fund/share.png"' in block


def test_announcements_and_figures_share_without_an_embed(client, world):
    html = client.get(world.figure.get_absolute_url()).content.decode()
    assert 'id="share-link"' in html
    assert 'id="share-embed"' not in html
    assert "json+oembed" not in html


def test_oembed_discovery_on_commitment_and_quote_pages(client, world):
    for record in (world.funding, world.quote):
        html = client.get(record.get_absolute_url()).content.decode()
        (href,) = re.findall(
            r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', html
        )
        page = f"{HOST}{record.get_absolute_url()}"
        expected = f"{HOST}{reverse('oembed')}?url={page.replace(':', '%3A').replace('/', '%2F')}"
        assert unescape(href) == f"{expected}&format=json"
        assert client.get(unescape(href)).status_code == 200


def test_each_list_and_index_describes_itself(client, world):
    descriptions = {}
    for name in ("commitment", "quote", "announcement", "figure", "country", "person",
                 "organisation", "event", "source"):  # fmt: skip
        html = client.get(reverse(f"{name}-list")).content.decode()
        descriptions[name] = head_tags(html)["og:description"]
    assert len(set(descriptions.values())) == len(descriptions)
    assert descriptions["quote"] == (
        "What ministers and officials said, word for word, "
        "each quote with the articles that report it."
    )
