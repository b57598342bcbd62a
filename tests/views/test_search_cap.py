"""Search counts each kind up to a cap and says "more than" beyond it, so that a frequent word
does not make the page read every match (issue 18); its queries stay within ten when every
kind matches."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.views.test_search_counts import group, list_count, page, show_all
from tracker import search, search_page
from tracker.models import Organisation, Publication

pytestmark = pytest.mark.django_db

CAP = 4


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(search_page, "COUNT_CAP", CAP)


def counts_as_shown(html: str) -> dict[str, str]:
    """The counts in the line under the search's heading, as they read, by record type."""
    line = re.search(r'<p class="search-counts">(.*?)</p>', html, re.S)
    found = re.findall(r'href="#group-(\w+)">((?:more than )?[\d,]+) [^<]+</a>', line.group(1))
    return dict(found)


def pledges(number: int, title: str = "Pledge about lighthouses") -> None:
    for n in range(number):
        factories.PledgeFactory(title=f"{title} {n}")


def test_more_than_the_cap_says_more_than_and_show_all_still_lists_them_all(client, small_cap):
    pledges(CAP + 3)
    html = page(client, "/search/", q="lighthouses")
    assert counts_as_shown(html) == {"commitment": f"more than {CAP}"}
    assert f'<span class="count">more than {CAP}</span>' in group(html, "commitment")
    assert f"More than {CAP} results for “lighthouses”" in html
    assert f"Show all of the more than {CAP} commitments in the list of commitments" in html
    assert group(html, "commitment").count('<li class="commitment"') == CAP + 3
    address = show_all(html, "commitment")
    assert address == "/commitments/?q=lighthouses"
    assert list_count(page(client, address)) == CAP + 3


def test_exactly_the_cap_is_counted_exactly(client, small_cap):
    pledges(CAP)
    html = page(client, "/search/", q="lighthouses")
    assert counts_as_shown(html) == {"commitment": str(CAP)}
    assert f"{CAP} results for “lighthouses”" in html
    assert "more than" not in html.lower()


def test_one_past_the_cap_is_more_than_it(client, small_cap):
    pledges(CAP + 1)
    assert counts_as_shown(page(client, "/search/", q="lighthouses")) == {
        "commitment": f"more than {CAP}"
    }


def test_drafts_never_reach_the_cap(client, small_cap):
    """Drafts, and drafts found through a published name, are not counted towards the cap."""
    pledges(CAP - 1)
    agency = factories.OrganisationFactory(name="Lighthouses Authority", slug="lighthouses")
    factories.PledgeFactory(title="Published, found by its funder", funder=agency)
    for n in range(CAP):
        factories.PledgeFactory(title=f"Draft lighthouses {n}", publication=Publication.DRAFT)
        factories.PledgeFactory(
            title=f"Draft funded {n}", funder=agency, publication=Publication.DRAFT
        )
    html = page(client, "/search/", q="lighthouses")
    assert counts_as_shown(html)["commitment"] == str(CAP)
    assert "Draft" not in group(html, "commitment")


def test_the_count_adds_each_way_of_matching_once(client, small_cap):
    """A record found by its own words and by a name it is tied to counts once, at the cap too."""
    agency = factories.OrganisationFactory(name="Lighthouses Authority", slug="lighthouses")
    for n in range(CAP):
        listed = factories.PledgeFactory(title=f"Lighthouses {n}", funder=agency)
        listed.organisations.add(agency)
    html = page(client, "/search/", q="lighthouses")
    assert counts_as_shown(html) == {"commitment": str(CAP), "organisation": "1"}


def every_kind(word: str, numbers: range) -> None:
    """Records of each kind that ``word`` finds, and names that it finds, one per number."""
    for n in numbers:
        person = factories.PersonFactory(name=f"Ada {word}{n}", slug=f"ada-{n}")
        event = factories.EventFactory(name=f"{word} summit {n}", slug=f"summit-{n}")
        agency = factories.OrganisationFactory(name=f"{word} agency {n}", slug=f"agency-{n}")
        factories.QuoteFactory(speaker=person, event=event, text=f"On the {word} {n}")
        factories.AnnouncementFactory(title=f"{word} package {n}", speaker=person, event=event)
        pledge = factories.PledgeFactory(title=f"{word} pledge {n}")
        pledge.organisations.add(agency)
        factories.CommitmentPartyFactory(commitment=pledge, country_id="RS")
        factories.FigureFactory(label=f"{word} crossings {n}")
        factories.SourceArticleFactory(headline=f"{word} report {n}")


def test_every_kind_matching_stays_within_ten_queries_however_many_match(client, db):
    kinds = {kind.name for kind in search.kinds()}
    queries = []
    for numbers in (range(2), range(2, 2 * search_page.PER_KIND)):
        every_kind("Kestrel", numbers)
        client.get("/search/?q=kestrel")  # what is remembered per data version
        with CaptureQueriesContext(connection) as captured:
            html = page(client, "/search/", q="kestrel")
        assert set(counts_as_shown(html)) == kinds
        queries.append(len(captured))
    assert queries[0] == queries[1]
    assert queries[1] <= 10


def test_nothing_matching_is_one_query_of_the_search(client, db):
    client.get("/search/?q=kestrel")
    with CaptureQueriesContext(connection) as captured:
        html = page(client, "/search/", q="kestrel")
    assert "Nothing matches" in html
    searched = [q for q in captured.captured_queries if "dataversion" not in q["sql"]]
    assert len(searched) == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite cuts no part of a UNION short"
)
def test_each_way_of_matching_is_read_only_to_the_cap(db):
    """The count's every way of matching has its own LIMIT, so none reads past the cap."""
    commitments = search.kinds()[0]
    ways = search.ways_of_matching(commitments.public(), "border")
    sql, _ = search_page._counted_to_the_cap(ways)
    assert len(re.findall(rf"LIMIT {search_page.COUNT_CAP + 1}\b", sql)) == len(ways) + 1


def test_names_past_the_cap_say_more_than_and_so_do_the_records_found_through_them(
    client, small_cap
):
    """A kind of name counts every name that matches, and says "more than" past the cap; the
    records found only through those names are counted through them, to the cap too."""
    for n in range(CAP + 2):
        agency = factories.OrganisationFactory(name=f"Lighthouse Board {n}", slug=f"board-{n}")
        factories.PledgeFactory(title=f"Pledge {n}", funder=agency)
    html = page(client, "/search/", q="lighthouse")
    assert counts_as_shown(html) == {
        "commitment": f"more than {CAP}",
        "organisation": f"more than {CAP}",
    }
    assert group(html, "organisation").count('<li class="organisation"') == CAP + 2
    assert group(html, "commitment").count('<li class="commitment"') == CAP + 2


def test_a_name_tied_only_to_drafts_finds_nothing(client, db):
    """An organisation that funds only a draft is no result of its own, and its draft is
    not found through its name, though the name matches."""
    agency = factories.OrganisationFactory(name="Lighthouse Office", slug="lighthouse-office")
    factories.PledgeFactory(title="Secret pledge", funder=agency, publication=Publication.DRAFT)
    html = page(client, "/search/", q="lighthouse")
    assert "Nothing matches" in html
    assert "Secret pledge" not in html


def test_ways_through_names_that_match_nothing_are_left_out(db):
    """The page reads a kind only through the named models some name of which matched."""
    commitments = search.kinds()[0].public()
    through = search.searched(commitments.model).through
    assert len(search.ways_of_matching(commitments, "lighthouse")) == 1 + len(through)
    assert len(search.ways_of_matching(commitments, "lighthouse", found={})) == 1
    assert search.ways_of_matching(commitments, "lighthouse", found={}, by_text=False) == []
    found = {Organisation: None}
    ways = search.ways_of_matching(commitments, "lighthouse", found=found)
    assert len(ways) == 1 + sum(related in found for _, related in through) == 4
    assert len(search.ways_of_matching(commitments, "lighthouse", found, by_text=False)) == 3


def test_equal_names_come_in_the_order_they_were_added(client, db):
    """Names the words match are shown by name, and equal names by their key, as before."""
    first = factories.PersonFactory(name="Ada Lighthouse", slug="ada-1")
    second = factories.PersonFactory(name="Ada Lighthouse", slug="ada-2")
    for person in (second, first):
        factories.QuoteFactory(speaker=person, text="Nothing to see")
    html = group(page(client, "/search/", q="lighthouse"), "person")
    assert html.index('data-slug="ada-1"') < html.index('data-slug="ada-2"')


def boards_funding_pledges(number: int) -> list:
    """``number`` organisations the word "lighthouse" finds, each funding a pledge it does
    not find by its own text; and a pledge of another funder."""
    boards = []
    for n in range(number):
        board = factories.OrganisationFactory(name=f"Lighthouse Board {n}", slug=f"board-{n}")
        factories.PledgeFactory(title=f"Pledge {n}", funder=board)
        boards.append(board)
    factories.PledgeFactory(title="Other pledge", funder=factories.OrganisationFactory())
    return boards


def test_records_are_read_through_the_keys_of_the_names_that_matched(client, db):
    """The first query reads the keys of the names that match, and each way through them
    is read by those keys, not by matching the names again."""
    boards = boards_funding_pledges(2)
    first = search_page._first_reading(search.kinds(), "lighthouse")
    assert first.found == {Organisation: sorted(board.pk for board in boards)}
    commitments = search.kinds()[0].public()
    ways = search.ways_of_matching(commitments, "lighthouse", first.found)
    assert all("LIKE" not in str(way.query) for way in ways[1:])
    html = page(client, "/search/", q="lighthouse")
    assert counts_as_shown(html) == {"commitment": "2", "organisation": "2"}
    assert "Other pledge" not in html


def test_past_the_keys_read_the_names_are_matched_in_each_way(client, monkeypatch):
    """More names match than the first query reads the keys of: each way through them
    matches the names again, and finds the same records."""
    monkeypatch.setattr(search_page, "NAMED_KEYS", 1)
    boards_funding_pledges(2)
    assert search_page._first_reading(search.kinds(), "lighthouse").found == {Organisation: None}
    html = page(client, "/search/", q="lighthouse")
    assert counts_as_shown(html) == {"commitment": "2", "organisation": "2"}
    assert "Other pledge" not in html


def test_a_kind_no_record_of_which_says_the_words_is_read_only_through_names(client, db):
    """When the words match no record of a kind by its own text, its results are read
    through the names that matched only, and are the same."""
    boards_funding_pledges(2)
    factories.QuoteFactory(text="Nothing about the boards")
    with CaptureQueriesContext(connection) as captured:
        html = page(client, "/search/", q="lighthouse")
    assert counts_as_shown(html) == {"commitment": "2", "organisation": "2"}
    commitments = [q["sql"] for q in captured.captured_queries if "tracker_commitment" in q["sql"]]
    if connection.vendor == "postgresql":
        assert not any("search_vector" in sql and "@@" in sql for sql in commitments[1:])
