"""A date the sources give only to the month (or year) reads as such on every page that
shows it, in words and in ``<time datetime>``: "November 2024", never "1 November 2024"."""

import datetime

import pytest

from tests.views.month_known import FIRST_OF_NOVEMBER, month_known  # noqa: F401
from tracker.models import Quote

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("month_known")]

PAGES = [
    "/",
    "/commitments/",
    "/commitments/glasgow-150m/",
    "/commitments/glasgow-partnership/",
    "/commitments/glasgow-pledge/",
    "/quotes/",
    "/quotes/glasgow-quote/",
    "/announcements/glasgow-funding/",
    "/events/interpol-glasgow/",
    "/people/keir-starmer/",
    "/countries/united-kingdom/",
    "/search/?q=Glasgow",
]


@pytest.mark.parametrize("address", PAGES)
def test_no_page_claims_a_day_the_sources_do_not_give(client, address):
    page = client.get(address).text
    assert "November 2024" in page
    assert 'datetime="2024-11"' in page
    for day in FIRST_OF_NOVEMBER:
        assert day not in page


@pytest.mark.parametrize("address", ["/commitments/", "/quotes/"])
def test_an_htmx_fragment_of_a_list_reads_the_same(client, address):
    fragment = client.get(address, HTTP_HX_REQUEST="true").text
    assert '<time datetime="2024-11">November 2024</time>' in fragment
    for day in FIRST_OF_NOVEMBER:
        assert day not in fragment


def test_a_commitment_page_gives_each_date_at_its_own_precision(client):
    funding = client.get("/commitments/glasgow-150m/").text
    partnership = client.get("/commitments/glasgow-partnership/").text

    assert '<dt>Announced</dt><dd><time datetime="2024-11">November 2024</time>' in funding
    assert "<dt>Period</dt><dd>2025 to 2026" in funding
    assert (
        '<time datetime="2024-11">November 2024</time> '
        '<span class="tag tag--status tag--status-announced">Announced</span>'
    ) in funding
    assert '<dt>Signed</dt><dd><time datetime="2024-11">November 2024</time>' in partnership


def test_a_date_known_to_the_day_still_reads_as_a_day(client):
    Quote.objects.filter(slug="glasgow-quote").update(
        said_on=datetime.date(2024, 11, 7), said_on_precision="day"
    )

    page = client.get("/quotes/glasgow-quote/").text

    assert '<time datetime="2024-11-07">7 November 2024</time>' in page
