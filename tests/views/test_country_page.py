"""A busy country's page shows the newest of each kind and the way to all of them."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.once import built_once_per_module, own_copy
from tests.views.scale import Scale
from tracker.models import Commitment, Publication
from tracker.views.countries import NEWEST_OF_EACH


def grown() -> Scale:
    """Serbia with 11 partnerships, 12 funding commitments, 11 pledges, 34 announcements,
    33 quotes and 33 figures."""
    return Scale().grow(33)


built_busy = built_once_per_module("busy", grown)


@pytest.fixture
def busy(db, built_busy) -> Scale:
    return own_copy(built_busy, grown)


def section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}".*?</section>', html, re.S)
    assert match, section_id
    return match.group(0)


def test_each_kind_shows_its_newest_and_links_to_all(client, busy):
    html = client.get("/countries/serbia/").content.decode()
    for kind, total, noun in (
        ("partnership", 11, "partnerships"),
        ("funding", 12, "funding commitments"),
        ("pledge", 11, "pledges"),
    ):
        part = section(html, kind)
        assert part.count('class="commitment"') == NEWEST_OF_EACH
        assert f'href="/commitments/?country=serbia&amp;kind={kind}">All {total} {noun}</a>' in (
            part
        )
    quotes = section(html, "quotes")
    assert quotes.count('class="quote"') == NEWEST_OF_EACH
    assert 'href="/quotes/?country=serbia">All 33 quotes</a>' in quotes


def test_kinds_without_a_list_say_where_the_rest_are_and_the_contents_count_all(client, busy):
    html = client.get("/countries/serbia/").content.decode()
    announcements = section(html, "announcements")
    assert announcements.count('class="announcement"') == NEWEST_OF_EACH
    assert "The 10 newest of 34 announcements are above" in announcements
    assert 'href="?format=csv"' in announcements
    contents = re.search(r'<nav class="on-this-page".*?</nav>', html, re.S).group(0)
    for label in (
        "Partnerships (11)",
        "Funding (12)",
        "Pledges (11)",
        "Announcements (34)",
        "Quotes (33)",
        "Figures (33)",
    ):
        assert label in contents


def test_the_newest_are_shown_newest_first(client, busy):
    pledges = list(Commitment.objects.pledges().order_by("pk"))
    for day, pledge in enumerate(pledges, start=1):
        Commitment.objects.filter(pk=pledge.pk).update(announced_on=datetime.date(2025, 1, day))
    html = section(client.get("/countries/serbia/").content.decode(), "pledge")
    shown = re.findall(r'data-slug="([^"]+)"', html)
    assert shown == [pledge.slug for pledge in reversed(pledges)][:NEWEST_OF_EACH]


def test_the_country_export_still_holds_every_record(client, busy):
    csv = b"".join(client.get("/countries/serbia/?format=csv").streaming_content).decode()
    rows = csv.strip().splitlines()[2:]  # the header, then the country itself
    kinds = [row.split(",", 1)[0] for row in rows]
    assert (kinds.count("partnership"), kinds.count("funding"), kinds.count("pledge")) == (
        11,
        12,
        11,
    )


def contents(client) -> str:
    html = client.get("/countries/serbia/").content.decode()
    return re.search(r'<nav class="on-this-page".*?</nav>', html, re.S).group(0) + section(
        html, "pledge"
    )


# Committed, so that on PostgreSQL the data version moves (at commit) as it does in use: the
# counts, tally and newest keys remembered per data version (tracker/country_summary.py)
# are what is tested.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_what_the_page_remembers_follows_publishing_unpublishing_and_deleting(client):
    pledge = factories.PledgeFactory(slug="first-pledge")
    factories.CommitmentPartyFactory(commitment=pledge, country_id="RS")
    quote = factories.QuoteFactory()
    quote.countries.add("RS")
    first = contents(client)
    assert "Pledges (1)" in first and "Quotes (1)" in first
    assert 'data-slug="first-pledge"' in first

    pledge.publication = Publication.DRAFT
    pledge.save()
    quote.publication = Publication.DRAFT
    quote.save()
    unpublished = contents(client)
    assert "Pledges (0)" in unpublished and "Quotes (0)" in unpublished
    assert "first-pledge" not in unpublished

    pledge.publication = Publication.PUBLISHED
    pledge.save()
    quote.publication = Publication.PUBLISHED
    quote.save()
    second = factories.PledgeFactory(slug="second-pledge")
    factories.CommitmentPartyFactory(commitment=second, country_id="RS")
    published = contents(client)
    assert "Pledges (2)" in published and "Quotes (1)" in published
    assert 'data-slug="first-pledge"' in published and 'data-slug="second-pledge"' in published

    second.delete()
    quote.delete()
    deleted = contents(client)
    assert "Pledges (1)" in deleted and "Quotes (0)" in deleted
    assert "second-pledge" not in deleted


def test_a_country_that_does_not_exist_is_a_404(client, db):
    assert client.get("/countries/atlantis/").status_code == 404


def test_at_most_ten_queries_whether_its_summary_is_remembered_or_not(client, busy):
    """Between edits the page reads its counts, overview and choice of rows remembered;
    right after one it reads them again, and uses the rows it chose as read."""
    client.get("/countries/serbia/")
    with CaptureQueriesContext(connection) as remembered:
        first = client.get("/countries/serbia/").content
    cache.clear()  # as after an edit: nothing remembered
    with CaptureQueriesContext(connection) as afresh:
        again = client.get("/countries/serbia/").content
    assert first == again
    assert len(remembered) < len(afresh) <= 10
    # Between edits the records are read by key, not found by the country's relations
    # (its rows of them: ``"tracker_figure_countries"."country_id"``, or for announcements
    # and quotes their rows' sort indexes, ``"country_row"."country_id"``).
    for kind in ("announcement", "quote", "figure"):
        (read,) = records_read(remembered, kind)
        (chosen,) = records_read(afresh, kind)
        found_by_country = f'"tracker_{kind}_countries"'
        assert found_by_country in chosen and '"country_id" = ' in chosen, kind
        assert found_by_country not in read and '"country_id" = ' not in read, kind


def records_read(queries, kind: str) -> list[str]:
    """The statements that read the records of ``kind`` a page shows."""
    start = f'SELECT "tracker_{kind}"."id"'
    return [query["sql"] for query in queries.captured_queries if query["sql"].startswith(start)]
