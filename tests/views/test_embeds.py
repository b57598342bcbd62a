"""Embed cards and oEmbed (tracker/views/sharing.py, tracker/embedding.py): the cards show
their sources and link back, only they may be framed, and oEmbed answers by the spec."""

import json
import re
from html import unescape
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse

from tests.ops.test_security_headers import parse_csp

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def test_a_commitment_card_shows_its_facts_sources_and_excerpts(client, world):
    response = client.get("/embed/commitments/border-security-fund/")
    assert response.status_code == 200
    html = response.content.decode()
    permalink = "http://testserver/commitments/border-security-fund/"
    assert (
        f'<a href="{permalink}" target="_blank" rel="noopener">£150 million for border security</a>'
    ) in html
    assert ">Announced</span>" in html
    assert "2 sources" not in html and "1 source, cited word for word" in html
    article = world.article
    assert (
        f'<a href="{article.get_absolute_url()}" target="_blank" rel="noopener">'
        f"<cite>{article.headline}</cite></a>, The Daily Record"
    ) in html
    for excerpt in ("The government will spend £150 million over two years",
                    "Another report put the figure at £75 million."):  # fmt: skip
        assert f"<p>{excerpt}</p>" in html
    # Self-contained: its own stylesheet, no script, none of the site's chrome.
    assert '<link rel="stylesheet" href="/static/tracker/embed.css">' in html
    assert "<script" not in html and "site-nav" not in html and "tracker.css" not in html
    # Every link opens in a new tab, never inside the frame.
    links = re.findall(r"<a [^>]*>", html)
    assert links and all('target="_blank" rel="noopener"' in link for link in links)


def test_a_card_says_where_sources_disagree(client, world):
    html = client.get("/embed/commitments/border-security-fund/").content.decode()
    assert (
        '<a href="http://testserver/commitments/border-security-fund/#disagreement-heading" '
        'target="_blank" rel="noopener">Sources disagree</a>'
    ) in html
    assert html.count("Disputed: the sources disagree") == 2  # both versions' excerpts
    assert "Sources disagree" not in client.get("/embed/quotes/smash-the-gangs/").content.decode()


def test_a_quote_card(client, world):
    html = client.get("/embed/quotes/smash-the-gangs/").content.decode()
    assert "<p>“We will smash the gangs together”</p>" in html
    assert "Keir Starmer, Prime Minister</a>" in html
    assert "<p>&quot;We will smash the gangs together,&quot; he said</p>" in html


def test_only_published_records_are_embedded(client, world):
    for address in (f"/embed/commitments/{world.drafts['commitment'].slug}/",
                    f"/embed/quotes/{world.drafts['quote'].slug}/",
                    "/embed/quotes/no-such-quote/"):  # fmt: skip
        response = client.get(address)
        assert response.status_code == 404
        html = response.content.decode()
        # Said inside the article's frame: the frame may show it.
        assert "This record is not published" in html
        assert world.drafts["commitment"].title not in html
        assert_framing_allowed(response)
    world.article.publication = "draft"
    world.article.save()
    html = client.get("/embed/commitments/border-security-fund/").content.decode()
    assert "The Daily Record" not in html and "No published source yet" in html


def assert_framing_allowed(response) -> None:
    assert "X-Frame-Options" not in response
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["frame-ancestors"] == {"*"}
    # Everything else as strict as anywhere on the site.
    for name in ("default-src", "script-src", "style-src", "base-uri", "object-src"):
        expected = " ".join(settings.SECURE_CSP[name])
        assert csp[name] == set(expected.split()), name


def assert_framing_denied(response) -> None:
    assert response["X-Frame-Options"] == "DENY"
    assert parse_csp(response["Content-Security-Policy"])["frame-ancestors"] == {"'none'"}


def test_embeds_may_be_framed_by_any_site_and_kept_pages_still_may(client, world, settings):
    settings.PAGE_CACHE_TIMEOUT = 3600
    for address in ("/embed/commitments/border-security-fund/", "/embed/quotes/smash-the-gangs/"):
        assert_framing_allowed(client.get(address))
        assert_framing_allowed(client.get(address))  # the kept copy


def test_every_other_page_still_denies_framing(client, world, settings):
    settings.PAGE_CACHE_TIMEOUT = 3600
    for address in ("/", "/commitments/", "/commitments/border-security-fund/",
                    "/quotes/smash-the-gangs/", "/embed/", "/embed/quotes/",
                    "/oembed?url=x",
                    "/commitments/border-security-fund/share.png"):  # fmt: skip
        for _ in range(2):  # built, then kept
            assert_framing_denied(client.get(address))


def oembed(client, url: str, **parameters):
    return client.get(reverse("oembed"), {"url": url, **parameters})


# https://oembed.com, 2.3.4: the fields of every response, and of a "rich" one.
REQUIRED = {"type": str, "version": str}
RICH = {"html": str, "width": int, "height": int}
OPTIONAL = {"title": str, "author_name": str, "author_url": str, "provider_name": str,
            "provider_url": str, "cache_age": int, "thumbnail_url": str,
            "thumbnail_width": int, "thumbnail_height": int}  # fmt: skip


def assert_valid_oembed(data: dict) -> None:
    for name, kind in {**REQUIRED, **RICH}.items():
        assert isinstance(data.get(name), kind), name
    assert data["type"] == "rich" and data["version"] == "1.0"
    for name, value in data.items():
        assert name in REQUIRED | RICH | OPTIONAL, f"not an oEmbed field: {name}"
        assert isinstance(value, (REQUIRED | RICH | OPTIONAL)[name]), name
    thumbnail = {"thumbnail_url", "thumbnail_width", "thumbnail_height"} & data.keys()
    assert thumbnail in (set(), {"thumbnail_url", "thumbnail_width", "thumbnail_height"})
    assert data["width"] > 0 and data["height"] > 0


def frame_of(html: str) -> dict:
    (frame,) = re.findall(r"<iframe ([^>]*)></iframe>", html)
    return {name: unescape(value) for name, value in re.findall(r'(\w+)="([^"]*)"', frame)}


@pytest.mark.parametrize(
    ("page", "embed"),
    [
        ("/commitments/border-security-fund/", "/embed/commitments/border-security-fund/"),
        ("/quotes/smash-the-gangs/", "/embed/quotes/smash-the-gangs/"),
        ("/embed/quotes/smash-the-gangs/", "/embed/quotes/smash-the-gangs/"),
    ],
)
def test_oembed_answers_by_the_spec_and_frames_the_embed(client, world, page, embed):
    response = oembed(client, f"{HOST}{page}", format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert_valid_oembed(data)
    assert data["provider_name"] == "Policy Tracker"
    assert data["provider_url"] == f"{HOST}/"
    frame = frame_of(data["html"])
    assert frame["src"] == f"{HOST}{embed}"
    assert (int(frame["width"]), int(frame["height"])) == (data["width"], data["height"])
    assert frame["title"].startswith("Policy Tracker: ")
    assert client.get(embed).status_code == 200


def test_oembed_by_value(client, world):
    data = oembed(client, f"{HOST}/commitments/border-security-fund/").json()
    assert data["title"] == "£150 million for border security"
    assert data["width"] == 560
    assert data["height"] == 489  # with room for the disagreement it flags


def test_oembed_honours_maxwidth_and_maxheight(client, world):
    url = f"{HOST}/commitments/border-security-fund/"
    data = oembed(client, url, maxwidth="320", maxheight="200").json()
    assert (data["width"], data["height"]) == (320, 200)
    frame = frame_of(data["html"])
    assert (frame["width"], frame["height"]) == ("320", "200")
    assert oembed(client, url, maxwidth="5000").json()["width"] == 560


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (f"{HOST}/commitments/draft-pledge/", 404),  # a draft
        (f"{HOST}/commitments/no-such-thing/", 404),
        (f"{HOST}/figures/western-balkans-crossings/", 404),  # no embed for figures
        (f"{HOST}/commitments/", 404),
        (f"{HOST}/nowhere/", 404),
        ("https://elsewhere.example/commitments/border-security-fund/", 404),
        ("javascript:alert(1)", 404),
        ("/commitments/border-security-fund/", 404),  # not an absolute address
        ("http://[::1", 404),
        ("", 400),
    ],
)
def test_oembed_refuses_what_it_cannot_embed(client, world, url, status):
    response = oembed(client, url)
    assert response.status_code == status
    assert response.json()["detail"]


def test_oembed_formats_and_sizes(client, world):
    url = f"{HOST}/quotes/smash-the-gangs/"
    assert oembed(client, url, format="xml").status_code == 501
    assert oembed(client, url, format="yaml").status_code == 400  # no oEmbed format at all
    assert oembed(client, url, format="json").status_code == 200
    for bad in ("0", "-5", "wide", "1.5", "9" * 30):
        assert oembed(client, url, maxwidth=bad).status_code == 400, bad
        assert oembed(client, url, maxheight=bad).status_code == 400, bad
    assert client.get(reverse("oembed")).status_code == 400


def test_oembed_takes_the_site_by_any_of_its_names(client, world, settings):
    settings.ALLOWED_HOSTS = ["tracker.example.org", "www.tracker.example.org", "testserver"]
    url = "https://www.tracker.example.org/quotes/smash-the-gangs/"
    data = oembed(client, url).json()
    assert frame_of(data["html"])["src"] == f"{HOST}/embed/quotes/smash-the-gangs/"
    assert (
        oembed(client, "https://user@tracker.example.org/quotes/smash-the-gangs/").status_code
        == 404
    )
    assert (
        oembed(
            client, "https://tracker.example.org.evil.example/quotes/smash-the-gangs/"
        ).status_code
        == 404
    )


def test_oembed_url_encoded_as_consumers_send_it(client, world):
    page = f"{HOST}/quotes/smash-the-gangs/"
    response = client.get(f"/oembed?url={quote(page, safe='')}&format=json")
    assert response.status_code == 200


def test_the_guide_answers_at_the_cut_addresses(client, world):
    for address in ("/embed/", "/embed/commitments/", "/embed/quotes/"):
        html = client.get(address).content.decode()
        assert "<h1>Embed a record in your article</h1>" in html
        assert f"<code>{HOST}/oembed</code>" in html
