"""Atom feeds: a filtered list's feed holds exactly the list's first page; the others theirs."""

import pytest

from tests import factories
from tests.exports.bulk import (
    ATOM,
    body,
    bulk_commitments,
    feed_entries,
    feed_slugs,
    first_page_slugs,
    html_slugs,
)
from tracker import models
from tracker.feeds import FEED_SIZE

pytestmark = pytest.mark.django_db

FILTERS = [
    "",
    "country=serbia",
    "country=serbia&sort=title",
    "kind=funding&sort=amount-desc",
    "status=delivered&announced_from=2024-01-04",
    "kind=pledge&country=albania&sort=oldest",
    "q=Bulk commitment 03",
]


@pytest.mark.parametrize("query", FILTERS)
def test_a_filtered_lists_feed_holds_exactly_its_first_page(client, db, query):
    bulk_commitments()
    response = client.get(f"/commitments/?{query}&format=atom")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert feed_slugs(response) == first_page_slugs(client, f"/commitments/?{query}")


def test_the_feed_is_the_csvs_first_rows(client, db):
    """Feed, CSV and page agree: the feed is the first FEED_SIZE rows of everything."""
    bulk_commitments()
    everything = html_slugs(client, "/commitments/?country=serbia")
    assert len(everything) > FEED_SIZE
    feed = feed_slugs(client.get("/commitments/?country=serbia&format=atom"))
    assert feed == everything[:FEED_SIZE]


def test_entries_are_complete_atom(client, world):
    response = client.get("/commitments/?kind=funding&format=atom")
    (entry,) = feed_entries(response)
    assert entry.find(f"{ATOM}title").text == "£150 million for border security"
    assert entry.find(f"{ATOM}id").text == "http://testserver/commitments/border-security-fund/"
    assert entry.find(f"{ATOM}updated").text
    assert entry.find(f"{ATOM}category").get("term") == "funding"
    text = body(response).decode()
    assert '<link href="http://testserver/commitments/?kind=funding" rel="alternate"/>' in text
    assert 'rel="self"' in text


def test_the_latest_feed_has_every_kind_newest_change_first_and_no_drafts(client, world):
    world.pledge.title = "Treat smugglers like terrorists, revised"
    world.pledge.save()  # the latest change
    slugs = feed_slugs(client.get("/?format=atom"))
    assert slugs[0] == "treat-smugglers-as-terrorists"
    assert {
        "border-security-fund",
        "budapest-package",
        "smash-the-gangs",
        "western-balkans-crossings",
    } <= set(slugs)
    assert not [slug for slug in slugs if slug.startswith("draft-")]


def test_a_countrys_feed_is_its_pages_records(client, world):
    slugs = set(feed_slugs(client.get("/countries/serbia/?format=atom")))
    assert slugs == {
        "uk-serbia-partnership",
        "budapest-package",
        "smash-the-gangs",
        "western-balkans-crossings",
    }  # not the draft pledge about Serbia, nor the British funding
    albania = feed_slugs(client.get("/countries/albania/?format=atom"))
    assert albania == ["treat-smugglers-as-terrorists"]


def test_a_persons_feed_is_what_they_said_and_announced(client, world):
    slugs = set(feed_slugs(client.get(f"{world.person.get_absolute_url()}?format=atom")))
    assert slugs == {"smash-the-gangs", "budapest-package"}  # not the draft quote


def test_hostile_text_is_escaped_xml(client, db):
    factories.PledgeFactory(
        slug="hostile", title="</title><script>x</script> & <b>", summary="]]> <a>"
    )
    (entry,) = feed_entries(client.get("/commitments/?format=atom"))  # parses
    assert entry.find(f"{ATOM}title").text == "</title><script>x</script> & <b>"
    assert entry.find(f"{ATOM}summary").text == "]]> <a>"


def test_feeds_are_advertised_on_their_pages(client, world):
    for page, feed in (
        ("/", "/?format=atom"),
        ("/commitments/?kind=funding&page=1", "/commitments/?kind=funding&amp;format=atom"),
        ("/countries/serbia/", "/countries/serbia/?format=atom"),
        (world.person.get_absolute_url(), f"{world.person.get_absolute_url()}?format=atom"),
    ):
        head = client.get(page).content.decode().split("</head>")[0]
        assert (
            f'<link rel="alternate" type="application/atom+xml" href="{feed}" title="Atom feed">'
            in head
        )


CONTROL = "We will smash\x0bthe gangs\x01 together\x0c"  # a soft line break, a stray control


def feed_addresses(world) -> list[str]:
    return [
        "/?format=atom",
        f"{world.person.get_absolute_url()}?format=atom",
        f"{models.Country.objects.get(code='RS').get_absolute_url()}?format=atom",
        "/commitments/?format=atom",
    ]


def test_a_control_character_stored_in_a_quote_breaks_no_feed(client, world):
    # As if stored before text was cleaned on save, or by a bulk update that skips save().
    models.Quote.objects.filter(pk=world.quote.pk).update(text=CONTROL)
    models.Commitment.objects.filter(pk=world.pledge.pk).update(title="Treat\x0bsmugglers")
    models.Person.objects.filter(pk=world.person.pk).update(name="Keir\x08 Starmer")

    for address in feed_addresses(world):
        response = client.get(address)
        assert response.status_code == 200, address
        feed_entries(response)  # parses as XML
        assert b"\x0b" not in body(response) and b"\x01" not in body(response)
    latest = body(client.get("/?format=atom")).decode()
    assert "We will smash\nthe gangs together" in latest
    assert "Treat\nsmugglers" in latest
