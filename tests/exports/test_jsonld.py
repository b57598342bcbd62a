"""Detail pages carry schema.org JSON-LD that parses, and that hostile text cannot break."""

import datetime
import json
import re

import pytest

from tests import factories
from tests.world import cite
from tracker.models import Quote

pytestmark = pytest.mark.django_db

BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
HOSTILE = (
    '</script><script>alert(1)</script> “quoted” "straight" <img src=x onerror=alert(2)> <!-- & -->'
)


def strings(data):
    """Every string in parsed JSON."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def jsonld(client, address: str) -> dict:
    html = client.get(address).content.decode()
    blocks = BLOCK.findall(html)
    assert len(blocks) == 1, address
    return json.loads(blocks[0])


def test_each_detail_page_has_a_fitting_type(client, world):
    types = {
        world.funding.get_absolute_url(): "MonetaryGrant",
        world.partnership.get_absolute_url(): "Project",
        world.pledge.get_absolute_url(): "Statement",
        world.announcement.get_absolute_url(): "SpecialAnnouncement",
        world.quote.get_absolute_url(): "Quotation",
        world.figure.get_absolute_url(): "QuantitativeValue",
        world.article.get_absolute_url(): "NewsArticle",
        world.event.get_absolute_url(): "Event",
        "/countries/serbia/": "Country",
        world.person.get_absolute_url(): "Person",
    }
    for address, kind in types.items():
        data = jsonld(client, address)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == kind, address


def test_the_data_says_what_the_page_says(client, world):
    grant = jsonld(client, world.funding.get_absolute_url())
    assert grant["amount"] == {"@type": "MonetaryAmount", "value": 150000000.0, "currency": "GBP"}
    assert grant["subjectOf"][0]["headline"] == world.article.headline
    quotation = jsonld(client, world.quote.get_absolute_url())
    assert quotation["text"] == world.quote.text
    assert quotation["creator"]["name"] == "Keir Starmer"
    assert quotation["creator"]["jobTitle"] == "Prime Minister"
    assert quotation["dateCreated"] == "2024-11-07"
    assert quotation["url"] == f"http://testserver{world.quote.get_absolute_url()}"


def test_lists_carry_no_jsonld(client, world):
    for address in ("/", "/commitments/", "/quotes/", "/sources/", "/countries/"):
        assert not BLOCK.findall(client.get(address).content.decode()), address


@pytest.fixture
def hostile(world):
    article = factories.SourceArticleFactory(
        slug="hostile-article", headline=HOSTILE, publisher=HOSTILE, text=HOSTILE + " The end."
    )
    commitment = factories.FundingCommitmentFactory(
        slug="hostile-funding", title=HOSTILE, summary=HOSTILE
    )
    cite(article, "The end.", commitment=commitment)
    quote = factories.QuoteFactory(slug="hostile-quote", text=HOSTILE, speaker=world.person)
    cite(article, "The end.", quote=quote)
    return {"article": article, "commitment": commitment, "quote": quote}


def test_hostile_text_stays_data(client, hostile):
    for record in hostile.values():
        html = client.get(record.get_absolute_url()).content.decode()
        (block,) = BLOCK.findall(html)
        for raw in ("<", ">", "&"):
            assert raw not in block, (record, raw)
        assert any(HOSTILE in text for text in strings(json.loads(block)))
        # Nothing escaped the block: the only scripts are the block and the static files.
        assert html.count("<script") == html.count('<script type="application/ld+json">') + len(
            re.findall(r'<script src="/static/[^"]+" defer></script>', html)
        )
        assert "<img src=x" not in html


def test_each_hostile_field_comes_back_exactly(client, hostile):
    assert jsonld(client, hostile["commitment"].get_absolute_url())["name"] == HOSTILE
    assert jsonld(client, hostile["quote"].get_absolute_url())["text"] == HOSTILE
    article = jsonld(client, hostile["article"].get_absolute_url())
    assert article["headline"] == HOSTILE
    assert article["publisher"]["name"] == HOSTILE
    assert article["articleBody"] == HOSTILE + " The end."


def test_a_speaker_is_named_in_the_role_held_on_the_day(client, world):
    """Not today's: a later role would misattribute the words (issue 12)."""
    later = factories.RoleFactory(
        person=world.person,
        title="Ambassador",
        started_on=datetime.date(2025, 1, 1),
    )
    world.person.roles.exclude(pk=later.pk).update(ended_on=datetime.date(2025, 1, 1))
    quotation = jsonld(client, world.quote.get_absolute_url())
    assert quotation["creator"]["jobTitle"] == "Prime Minister"
    announcement = jsonld(client, world.announcement.get_absolute_url())
    assert announcement["author"]["jobTitle"] == "Prime Minister"
    assert jsonld(client, world.person.get_absolute_url())["jobTitle"] == "Ambassador"


def test_an_undated_quote_names_no_role(client, world):
    Quote.objects.filter(pk=world.quote.pk).update(said_on=None)
    assert "jobTitle" not in jsonld(client, world.quote.get_absolute_url())["creator"]
