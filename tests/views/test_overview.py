"""At a glance, by value: status meters, money totals per currency and timelines count
published commitments only, each once, and link to exactly what they count."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.views.test_htmx import Tags
from tracker import overview
from tracker.models import Commitment, Publication

pytestmark = pytest.mark.django_db


def meter(html: str) -> dict[str, int]:
    """The status meter's words and numbers: {"announced": 11, "in_progress": 0, …}."""
    section = re.search(r'<section class="status-meter".*?</section>', html, re.S).group()
    return {
        status: int(count.replace(",", ""))
        for status, count in re.findall(
            r'status-chip--(\w+)(?: status-chip--none)?"[^>]*><strong>([\d,]+)</strong>', section
        )
    }


def meter_links(html: str) -> dict[str, str]:
    section = re.search(r'<ul class="status-legend">.*?</ul>', html, re.S).group()
    return {
        status: unescape(url)
        for url, status in re.findall(
            r'<a class="status-chip status-chip--\w+" href="([^"]+)"[^>]*>'
            r"<strong>[\d,]+</strong> ([\w ]+)</a>",
            section,
        )
    }


def totals(html: str) -> list[tuple[str, str, str]]:
    """(amount in words, where it comes from, link) of each money total."""
    section = re.search(r'<section class="money-totals".*?</section>', html, re.S).group()
    return [
        (unescape(amount), source, unescape(url))
        for url, amount, source in re.findall(
            r'<a href="([^"]+)"><data class="total-amount"[^>]*>([^<]+)</data> '
            r'<span class="total-source">([^<]+)</span>',
            section,
        )
    ]


def listed(client, url: str) -> list[str]:
    html = client.get(url).content.decode()
    return re.findall(r'<(?:li|tr) class="commitment[\w-]*" data-slug="([^"]+)"', html)


NONE_ELSE = {"in_progress": 0, "delivered": 0, "stalled": 0, "broken": 0, "superseded": 0}


def test_seed_status_meter_on_home_and_serbia(client, seed_data):
    # Ten commitments; the existing Albania partnership is in progress.
    home = meter(client.get("/").content.decode())
    assert home == {**NONE_ELSE, "announced": 9, "in_progress": 1}
    serbia = client.get("/countries/serbia/").content.decode()
    assert meter(serbia) == {"announced": 2, **NONE_ELSE}
    assert meter_links(serbia) == {"announced": "/commitments/?country=serbia&status=announced"}
    assert sorted(listed(client, "/commitments/?country=serbia&status=announced")) == [
        "break-gangs-business-models-at-source",
        "uk-serbia-partnership",
    ]


def test_seed_united_kingdom_money_is_150_million_counted_once(client, seed_data):
    html = client.get("/countries/united-kingdom/").content.decode()
    [(amount, source, url)] = totals(html)
    assert amount == "£150 million"
    assert source == "from 1 funding commitment"
    assert "1 already counted inside a total, not added again" in html
    # The link lists exactly the money added up: the total, not the £75 million inside it.
    assert listed(client, url) == ["border-security-command-150m"]
    assert url == ("/commitments/?country=united-kingdom&kind=funding&currency=GBP&money=countable")


def test_seed_person_and_event_pages_have_their_meters(client, seed_data):
    starmer = client.get("/people/keir-starmer/").content.decode()
    assert meter(starmer) == {"announced": 9, **NONE_ELSE}
    assert totals(starmer)[0][0] == "£150 million"
    budapest = client.get("/events/epc-budapest-2024/").content.decode()
    assert meter(budapest) == {"announced": 4, **NONE_ELSE}
    links = meter_links(budapest)
    assert links == {"announced": "/commitments/?event=epc-budapest-2024&status=announced"}
    assert len(listed(client, links["announced"])) == 4


@pytest.fixture
def two_currencies(db):
    """Pounds and euros, with a pound total that includes earlier money, and drafts."""
    made = {}
    for slug, amount, currency in [
        ("gbp-10m", 1_000_000_000, "GBP"),
        ("gbp-300m-total", 30_000_000_000, "GBP"),
        ("eur-200m", 20_000_000_000, "EUR"),
        ("eur-5m", 500_000_000, "EUR"),
    ]:
        made[slug] = factories.FundingCommitmentFactory(
            slug=slug, amount_minor=amount, currency=currency
        )
    made["gbp-100m-inside"] = factories.FundingCommitmentFactory(
        slug="gbp-100m-inside", amount_minor=10_000_000_000, included_in=made["gbp-300m-total"]
    )
    factories.FundingCommitmentFactory(
        slug="gbp-draft", amount_minor=90_000_000_000, publication=Publication.DRAFT
    )
    draft_total = factories.FundingCommitmentFactory(
        slug="gbp-draft-total", amount_minor=80_000_000_000, publication=Publication.DRAFT
    )
    # Inside a total the public cannot see: it counts on its own.
    made["gbp-1m-in-draft"] = factories.FundingCommitmentFactory(
        slug="gbp-1m-in-draft", amount_minor=100_000_000, included_in=draft_total
    )
    factories.PledgeFactory(slug="a-pledge")
    return made


def test_two_currencies_give_two_totals_never_added(client, two_currencies):
    html = client.get("/").content.decode()
    assert [(amount, source) for amount, source, _ in totals(html)] == [
        ("£311 million", "from 3 funding commitments"),
        ("€205 million", "from 2 funding commitments"),
    ]
    assert "1 already counted inside a total" in html
    [(_, _, pounds), (_, _, euros)] = totals(html)
    assert sorted(listed(client, pounds)) == ["gbp-10m", "gbp-1m-in-draft", "gbp-300m-total"]
    assert sorted(listed(client, euros)) == ["eur-200m", "eur-5m"]


@pytest.mark.parametrize("sort", ["amount-desc", "amount-asc"])
def test_amount_sort_never_interleaves_currencies(client, two_currencies, sort):
    slugs = listed(client, f"/commitments/?sort={sort}")
    rows = {c.slug: c for c in Commitment.objects.all()}
    currencies = [rows[slug].currency for slug in slugs]
    assert currencies == ["EUR", "EUR", "GBP", "GBP", "GBP", "GBP", ""]
    for code in ("EUR", "GBP"):
        amounts = [rows[s].amount_minor for s in slugs if rows[s].currency == code]
        assert amounts == sorted(amounts, reverse=sort == "amount-desc")


def test_the_sort_says_it_goes_by_currency(client, db):
    html = client.get("/commitments/").content.decode()
    assert "Largest amount first, by currency" in html


def test_one_currency_alone(client, two_currencies):
    assert listed(client, "/commitments/?currency=eur&sort=amount-desc") == [
        "eur-200m",
        "eur-5m",
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("currency=XYZ", "“XYZ” is not an ISO 4217 currency code"),
        ("money=all", "“all” is not a money filter"),
        ("person=nobody", "There is no person “nobody”"),
        ("organisation=nobody", "There is no organisation “nobody”"),
    ],
)
def test_bad_overview_filters_are_a_400_with_a_message(client, db, query, message):
    response = client.get(f"/commitments/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_organisation_filter_lists_each_commitment_once(client, db):
    border = factories.OrganisationFactory(slug="border-force")
    named_and_funded = factories.FundingCommitmentFactory(slug="both", recipient=border)
    named_and_funded.organisations.add(border)
    factories.PledgeFactory(slug="named").organisations.add(border)
    factories.PledgeFactory(slug="elsewhere")
    assert sorted(listed(client, "/commitments/?organisation=border-force")) == ["both", "named"]


def test_list_meter_counts_every_status_and_marks_the_chosen_one(client, db):
    factories.PledgeFactory(status="delivered")
    factories.PledgeFactory(status="stalled")
    factories.PledgeFactory(status="stalled")
    factories.PledgeFactory(status="broken", publication=Publication.DRAFT)
    html = client.get("/commitments/?kind=pledge&status=stalled").content.decode()
    assert meter(html) == {
        "announced": 0, "in_progress": 0, "delivered": 1, "stalled": 2, "broken": 0,
        "superseded": 0,
    }  # fmt: skip
    assert 'href="/commitments/?kind=pledge&amp;status=stalled" aria-current="true"' in html
    assert meter_links(html)["delivered"] == "/commitments/?kind=pledge&status=delivered"


def test_timeline_counts_and_money_per_month(client, db):
    serbia = "RS"
    for day, amount in [
        (datetime.date(2024, 1, 1), 1_000_000_000),
        (datetime.date(2024, 1, 1), 500_000_000),
        (datetime.date(2024, 3, 1), 200_000_000),
    ]:
        funding = factories.FundingCommitmentFactory(announced_on=day, amount_minor=amount)
        factories.CommitmentPartyFactory(commitment=funding, country_id=serbia)
    undated = factories.PledgeFactory(announced_on=None)
    factories.CommitmentPartyFactory(commitment=undated, country_id=serbia)
    draft = factories.PledgeFactory(
        announced_on=datetime.date(2024, 2, 1), publication=Publication.DRAFT
    )
    factories.CommitmentPartyFactory(commitment=draft, country_id=serbia)

    html = client.get("/countries/serbia/").content.decode()
    section = re.search(r'<section class="timeline-charts".*?</section>', html, re.S).group()
    rows = re.findall(
        r'<time datetime="([\d-]+)">[^<]+</time></th><td class="num">(\d+)</td>'
        r'<td class="num">([^<]*)</td>',
        section,
    )
    assert rows == [("2024-01", "2", "£15 million"), ("2024-03", "1", "£2 million")]
    # A year up to the last month drawn, a bar for each month with something in it.
    chart = re.search(r'aria-label="Commitments per month, ([^"]+)"', section).group(1)
    assert chart == "April 2023 to March 2024. January 2024: 2; March 2024: 1."
    assert "1 commitment without a date of announcement is not drawn." in section


def test_the_tally_reads_each_month_as_a_date_from_the_database():
    """The months come as dates, first of the month, cast in the query: PostgreSQL's
    DATE_TRUNC gives a timestamp, which Django would turn into a date row by row, and a
    busy country's list tallies hundreds of (status, currency, month) rows."""
    for day in (datetime.date(2024, 1, 31), datetime.date(2024, 3, 1), None):
        factories.PledgeFactory(announced_on=day)
    with CaptureQueriesContext(connection) as queries:
        rows = overview.tally(Commitment.objects.published(), by_month=True)
    assert sorted((row["month"] for row in rows), key=str) == [
        datetime.date(2024, 1, 1),
        datetime.date(2024, 3, 1),
        None,
    ]
    if connection.vendor == "postgresql":
        assert ')::date AS "month"' in queries.captured_queries[0]["sql"]


def test_status_history_is_a_dated_timeline_with_each_source_open(client, world):
    pledge = world.pledge
    citation = factories.CitationFactory(
        source=world.article, commitment=pledge, excerpt="The Prime Minister announced"
    )
    factories.StatusChangeFactory(
        commitment=pledge,
        status="stalled",
        changed_on=datetime.date(2025, 3, 1),
        changed_on_precision="month",
        reason="No money was set aside.",
        citation=citation,
    )
    html = client.get(pledge.get_absolute_url()).content.decode()
    timeline = re.search(r'<ol class="timeline status-timeline">.*?</ol>', html, re.S).group()
    stalled = re.search(r'<li class="status-change status-chip--stalled">.*?</li>', timeline, re.S)
    assert stalled, timeline
    change = stalled.group()
    assert '<time datetime="2025-03">March 2025</time>' in change
    assert '<span class="tag tag--status tag--status-stalled">Stalled</span>' in change
    assert "No money was set aside." in change
    # The source's exact words, shown without a click.
    assert "<details" not in change
    assert "The Prime Minister announced" in change


def test_the_form_carries_person_event_and_organisation(client, seed_data):
    html = client.get("/commitments/?person=keir-starmer&status=announced").content.decode()
    tags = Tags(html)
    assert tags.having("input", type="hidden", name="person", value="keir-starmer")
    assert "Announced by: <strong>Keir Starmer</strong>" in html
    assert tags.having("a", **{"class": "chip", "href": "/commitments/?status=announced"})
    assert tags.having("input", id="f-currency", name="currency")
    assert tags.having("select", id="f-money", name="money")


def test_person_and_event_meters_count_published_announcements_only(client, world):
    draft = factories.AnnouncementFactory(
        speaker=world.person, event=world.event, publication=Publication.DRAFT
    )
    factories.PledgeFactory(announcement=draft, status="broken")
    for address in (world.person.get_absolute_url(), world.event.get_absolute_url()):
        counts = meter(client.get(address).content.decode())
        assert counts["broken"] == 0, address
    assert listed(client, f"/commitments/?person={world.person.slug}&status=broken") == []


def kind_tiles(html: str) -> dict[str, int]:
    """The home page's counts by kind: {"partnership": 1, "funding": 0, "pledge": 2}."""
    return {
        kind: int(count.replace(",", ""))
        for kind, count in re.findall(
            r'\?kind=(\w+)"><span class="tile-number">([\d,]+)</span>', html
        )
    }


# Committed, so that on PostgreSQL the data version moves (at commit) as it does in use:
# the remembered value is what is tested.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_home_counts_published_commitments_by_kind_again_after_each_edit(client):
    factories.PartnershipFactory()
    factories.CommitmentFactory(publication=Publication.DRAFT)
    draft_pledge = factories.CommitmentFactory(publication=Publication.DRAFT)
    first = client.get("/").content.decode()
    assert kind_tiles(first) == {"partnership": 1, "funding": 0, "pledge": 0}
    assert sum(meter(first).values()) == 1

    draft_pledge.publication = Publication.PUBLISHED
    draft_pledge.save()
    factories.FundingCommitmentFactory()
    again = client.get("/").content.decode()
    assert kind_tiles(again) == {"partnership": 1, "funding": 1, "pledge": 1}
    assert sum(meter(again).values()) == 3
    assert totals(first) == []
    assert totals(again) == [
        (
            "£10 million",
            "from 1 funding commitment",
            "/commitments/?kind=funding&currency=GBP&money=countable",
        )
    ]
