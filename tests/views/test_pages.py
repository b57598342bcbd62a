"""Every public page answers 200 with what it should show; drafts and unknown slugs are 404."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def page_addresses(world) -> list[str]:
    return [
        reverse("home"),
        reverse("country-list"),
        reverse("country-detail", args=["serbia"]),
        reverse("commitment-list"),
        world.partnership.get_absolute_url(),
        world.funding.get_absolute_url(),
        world.pledge.get_absolute_url(),
        reverse("quote-list"),
        world.quote.get_absolute_url(),
        world.person.get_absolute_url(),
        world.figure.get_absolute_url(),
        world.announcement.get_absolute_url(),
        world.event.get_absolute_url(),
        reverse("source-list"),
        world.article.get_absolute_url(),
        reverse("search"),
        reverse("search") + "?q=serbia",
    ]


class StyleAttributes(HTMLParser):
    """The elements that carry a style attribute (text that shows markup, such as an embed
    code to copy, is text and styles nothing)."""

    def __init__(self, html: str):
        super().__init__()
        self.styled: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if any(name == "style" for name, _ in attrs):
            self.styled.append(tag)

    handle_startendtag = handle_starttag


def test_every_page_answers_200_with_the_site_landmarks(client, world):
    for address in page_addresses(world):
        response = client.get(address)
        assert response.status_code == 200, address
        html = response.content.decode()
        assert html.count('<main id="main"') == 1, address
        assert len(re.findall(r"<h1[ >]", html)) == 1, address
        assert '<nav class="site-nav" aria-label="Main">' in html, address
        assert 'name="htmx-config"' in html
        assert StyleAttributes(html).styled == [], f"inline style on {address}"
        assert "<style" not in html, f"inline style on {address}"
        for chunk in html.split("<script")[1:]:  # files from /static, or JSON-LD data
            opening, _, rest = chunk.partition(">")
            if opening == ' type="application/ld+json"':
                continue
            assert re.fullmatch(r' src="/static/[^"]+\.js" defer', opening), address
            assert rest.startswith("</script>"), f"inline script on {address}"


def test_home_shows_latest_announcements_figures_and_ways_in(client, world):
    html = client.get("/").content.decode()
    assert world.announcement.title in html
    assert "Almost 100,000 people" in html
    for name in ("country-list", "commitment-list", "quote-list", "source-list"):
        assert f'href="{reverse(name)}' in html
    assert world.person.get_absolute_url() in html
    assert "Secret plan" not in html


def test_country_list_groups_by_region_and_counts_each_kind(client, world):
    html = client.get("/countries/").content.decode()
    assert "Western Balkans" in html
    serbia = re.search(r'<tr class="country" data-slug="serbia">(.*?)</tr>', html, re.S).group(1)
    counts = re.findall(r'data-label="([^"]+)">(\d+)<', serbia)
    assert dict(counts) == {
        "Partnerships": "1",
        "Funding": "0",
        "Pledges": "0",  # the draft pledge about Serbia is not counted
        "Announcements": "1",
        "Quotes": "1",
        "Figures": "1",
    }
    assert 'data-slug="france"' not in html  # no published record concerns France


def test_country_detail_shows_each_kind_of_record(client, world):
    html = client.get("/countries/serbia/").content.decode()
    for text in (world.partnership.title, world.announcement.title, world.figure.label):
        assert text in html
    assert world.quote.text in html
    assert "Secret plan" not in html


def test_commitment_detail_shows_amount_parties_history_sources_and_disagreement(client, world):
    html = client.get(world.funding.get_absolute_url()).content.decode()
    assert "£150 million" in html
    assert "£150,000,000" in html
    assert "United Kingdom" in html
    assert "Announced at the summit." in html
    # Sources: headline linked to its page, publisher, date and the excerpt.
    assert world.article.headline in html
    article_url = world.article.get_absolute_url()
    assert re.search(rf'href="{article_url}\?excerpt=(\d+)#excerpt-\1"', html)
    assert "The Daily Record" in html and "7 November 2024" in html
    assert "The government will spend £150 million over two years" in html
    # The evidence is open: no excerpt waits behind a disclosure triangle (issue 12).
    assert "<details" not in html
    # Sources disagree, plainly, with each version and the resolution.
    assert "Sources disagree" in html
    assert "£75 million" in html
    assert "Accepted by the editor" in html
    assert "The government&#x27;s own figure is £150 million." in html
    # Related quotes: those of the same announcement.
    assert world.quote.text in html


def test_commitment_without_discrepancy_does_not_claim_one(client, world):
    html = client.get(world.pledge.get_absolute_url()).content.decode()
    assert "Sources disagree" not in html
    assert "We will smash the gangs together" in html


def test_quote_detail_gives_the_speakers_role_on_the_day(client, world):
    html = client.get(world.quote.get_absolute_url()).content.decode()
    assert "Keir Starmer</a>, Prime Minister" in html
    assert "Leader of the Opposition" not in html
    assert "he said" in html  # the citation keeps its article's own words


def test_person_detail_lists_roles_and_quotes(client, world):
    html = client.get(world.person.get_absolute_url()).content.decode()
    assert "Prime Minister" in html and "Leader of the Opposition" in html
    assert world.quote.text in html
    assert "draft-quote" not in html


def test_announcement_and_event_show_what_was_made_and_said_there(client, world):
    html = client.get(world.announcement.get_absolute_url()).content.decode()
    for text in (world.partnership.title, world.funding.title, world.figure.label):
        assert text in html
    event = client.get(world.event.get_absolute_url()).content.decode()
    assert world.announcement.title in event and world.quote.text in event


def test_figure_detail_reads_its_value_with_qualifier_and_unit(client, world):
    html = client.get(world.figure.get_absolute_url()).content.decode()
    assert "Almost 100,000 people" in html
    assert "Almost 100,000 people crossed the Western Balkans route last year" in html


@pytest.mark.parametrize(
    "address",
    [
        "/commitments/no-such-thing/",
        "/quotes/no-such-thing/",
        "/people/no-such-person/",
        "/figures/no-such-figure/",
        "/announcements/no-such-announcement/",
        "/events/no-such-event/",
        "/countries/atlantis/",
        "/sources/999999/",
        "/sources/99999999999999999999999/",  # beyond a 64-bit integer
    ],
)
def test_unknown_records_are_404_pages(client, world, address):
    response = client.get(address)
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Nothing here</h1>" in html
    assert '<nav class="site-nav" aria-label="Main">' in html


@pytest.mark.parametrize("kind", ["commitment", "announcement", "quote", "figure", "source"])
def test_drafts_are_404(client, world, kind):
    assert client.get(world.drafts[kind].get_absolute_url()).status_code == 404


def test_drafts_appear_in_no_list(client, world):
    for address in ("/commitments/", "/quotes/", "/sources/", "/search/?q=secret"):
        html = client.get(address).content.decode()
        assert "draft-" not in html, address
        assert "Secret plan" not in html, address


def test_a_person_no_published_record_names_is_404(client, world):
    from tests.factories import PersonFactory

    hidden = PersonFactory(slug="nobody-yet")
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_pages_answer_only_get(client, world):
    assert client.post("/commitments/").status_code == 405
