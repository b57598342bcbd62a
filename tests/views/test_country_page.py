"""A busy country's page shows the newest of each kind and the way to all of them."""

import datetime
import re

import pytest

from tests.once import built_once_per_module, own_copy
from tests.views.scale import Scale
from tracker.models import Commitment
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
