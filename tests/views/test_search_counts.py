"""Search counts every match per record type, and "show all" opens a list of exactly that many
(issue 14). Names find records: a quote by its speaker, a commitment by its parties' countries
and its organisations; organisations and events are results of their own."""

import json
import re

import pytest

from tests import factories
from tracker import search_page
from tracker.filters import CommitmentFilters, QuoteFilters
from tracker.models import Commitment, Publication, Quote

pytestmark = pytest.mark.django_db

MANY = search_page.PER_KIND + 5


def page(client, address: str, **params) -> str:
    response = client.get(address, params)
    assert response.status_code == 200, address
    return response.getvalue().decode()


def counts(html: str) -> dict[str, int]:
    """The counts in the line under the search's heading, by record type."""
    line = re.search(r'<p class="search-counts">(.*?)</p>', html, re.S).group(1)
    found = re.findall(r'href="#group-(\w+)">([\d,]+) [^<]+</a>', line)
    return {kind: int(number.replace(",", "")) for kind, number in found}


def group(html: str, kind: str) -> str:
    return re.search(
        rf'<section class="search-group" aria-labelledby="group-{kind}">(.*?)</section>', html, re.S
    ).group(1)


def list_count(html: str) -> int:
    return int(re.search(r'<h2 id="result-count"[^>]*>([\d,]+) ', html).group(1).replace(",", ""))


def show_all(html: str, kind: str) -> str:
    """Where the group's link to its list leads."""
    return re.search(r'<a class="more" href="([^"]+)"', group(html, kind)).group(1)


def test_the_count_is_every_match_and_show_all_lists_that_many(client, db):
    for number in range(MANY):
        factories.PledgeFactory(title=f"Pledge about lighthouses {number}")
    factories.PledgeFactory(title="Draft lighthouses", publication=Publication.DRAFT)
    html = page(client, "/search/", q="lighthouses")
    assert counts(html) == {"commitment": MANY}
    assert f'<span class="count">{MANY}</span>' in group(html, "commitment")
    assert group(html, "commitment").count('<li class="commitment"') == search_page.PER_KIND
    assert f"{MANY} results for" in html
    address = show_all(html, "commitment")
    assert address == "/commitments/?q=lighthouses"
    assert f"Show all {MANY} commitments" in html
    assert list_count(page(client, address)) == MANY
    exported = json.loads(page(client, address + "&format=json"))
    assert exported["count"] == MANY
    api = json.loads(page(client, "/api/commitments", q="lighthouses"))
    assert api["count"] == MANY


def test_a_speakers_name_finds_their_quotes_and_the_list_agrees(client, db):
    speaker = factories.PersonFactory(name="Zebedee Quartermaine", slug="zebedee-quartermaine")
    for number in range(MANY):
        factories.QuoteFactory(speaker=speaker, text=f"We shall see, number {number}")
    factories.QuoteFactory(speaker=speaker, publication=Publication.DRAFT, text="A secret")
    html = page(client, "/search/", q="Quartermaine")
    assert counts(html) == {"quote": MANY, "person": 1}
    address = show_all(html, "quote")
    assert address == "/quotes/?q=Quartermaine"
    assert list_count(page(client, address)) == MANY
    assert "A secret" not in html


def test_countries_and_organisations_find_their_commitments(client, db):
    party = factories.CommitmentPartyFactory(country_id="LI")
    agency = factories.OrganisationFactory(name="Frontex Lighthouse Agency", slug="flagency")
    funded = factories.FundingCommitmentFactory(funder=agency)
    listed = factories.PledgeFactory()
    listed.organisations.add(agency)
    drafted = factories.PledgeFactory(publication=Publication.DRAFT)
    drafted.organisations.add(agency)
    html = page(client, "/search/", q="Liechtenstein")
    assert counts(html) == {"commitment": 1}
    assert f'data-slug="{party.commitment.slug}"' in group(html, "commitment")
    html = page(client, "/search/", q="lighthouse agency")
    assert counts(html) == {"commitment": 2, "organisation": 1}
    found = re.findall(r'data-slug="([^"]+)"', group(html, "commitment"))
    assert sorted(found) == sorted([funded.slug, listed.slug])
    assert 'href="/organisations/flagency/"' in group(html, "organisation")
    assert list_count(page(client, "/commitments/", q="lighthouse agency")) == 2


def test_events_are_results_of_their_own(client, db):
    event = factories.EventFactory(name="Lighthouse Summit", slug="lighthouse-summit")
    factories.QuoteFactory(event=event)
    factories.EventFactory(name="Lighthouse Draft Summit", slug="unseen")  # nothing public there
    html = page(client, "/search/", q="lighthouse")
    assert counts(html) == {"event": 1}
    assert 'href="/events/lighthouse-summit/"><mark>Lighthouse</mark> Summit</a>' in html
    assert show_all(html, "event") == "/events/?q=lighthouse"
    assert list_count(page(client, show_all(html, "event"))) == 1


def test_drafts_are_never_counted(client, world):
    html = page(client, "/search/", q="secret")
    assert "search-counts" not in html
    assert "Nothing matches" in html


def test_every_list_matches_as_search_does(db):
    """Each kind's list filters its words through the search's own match."""
    factories.QuoteFactory(speaker=factories.PersonFactory(name="Ada Lovelace", slug="ada"))
    form = QuoteFilters({"q": "Lovelace"})
    assert form.is_valid()
    assert form.filter(Quote.objects.published()).count() == 1
    form = CommitmentFilters({"q": "Lovelace"})
    assert form.is_valid()
    assert form.filter(Commitment.objects.published()).count() == 0


def test_the_two_search_forms_have_distinct_names(client, db):
    html = page(client, "/search/", q="anything")
    landmarks = re.findall(r'<form[^>]*role="search"[^>]*aria-label="([^"]+)"', html)
    assert len(landmarks) == 2
    assert len(set(landmarks)) == 2
    labels = re.findall(r'<label for="(?:site-search-q|search-q)"[^>]*>([^<]+)</label>', html)
    assert len(labels) == 2
    assert len(set(labels)) == 2
