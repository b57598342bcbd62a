"""A commitments list's overview read from its country's summary (tracker.overview.summaries)
gives what the scan of its matching rows gives, for every filter the summary answers,
counts published commitments only, and follows every edit at once."""

import itertools
import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.views.test_overview import meter, totals
from tracker import overview
from tracker.filters import CommitmentFilters
from tracker.models import Commitment, CommitmentKind, CommitmentStatus, Country, Publication

KINDS = ("", *CommitmentKind.values)
MONEY = ("", "countable")


def scanned(data: dict) -> list[dict]:
    """The tally of the rows the filters match, as the overview read it before summaries."""
    filters = valid(data)
    return overview.tally(
        filters.matching(Commitment.objects.published(), leave_out=("status",)), by_month=True
    )


def valid(data: dict) -> CommitmentFilters:
    filters = CommitmentFilters(data)
    assert filters.is_valid(), filters.errors
    return filters


def by_status_currency_and_month(rows: list[dict]) -> dict:
    """A tally's figures per status, currency and month, whatever else its rows are split by
    (a summary's are by kind too): what the meter, money and timeline add up."""
    summed: dict[tuple, list[int]] = {}
    for row in rows:
        figures = summed.setdefault((row["status"], row["currency"], row["month"]), [0, 0, 0, 0])
        for index, name in enumerate(("commitments", "amount", "counted", "inside")):
            figures[index] += row[name] or 0
    return {key: figures for key, figures in summed.items() if figures[0]}


def drawn(rows: list[dict], data: dict, status: str = "") -> str:
    carried = {name: value for name, value in data.items() if value}
    glance = overview.glance_of(rows, carried, status=status, timeline=True)
    return render_to_string("tracker/includes/glance.html", glance)


def combinations(countries: list[str], currencies: list[str]):
    """Every list the summaries answer: each country or none, kind, currency, money."""
    for country, kind, currency, money in itertools.product(
        ["", *countries], KINDS, ["", *currencies], MONEY
    ):
        yield {"country": country, "kind": kind, "currency": currency, "money": money}


def assert_summaries_equal_the_scan() -> int:
    """Compares every answered list's tally and drawn overview with the scan's; returns
    how many lists had something to count (the comparison means something only then)."""
    # The countries and currencies with the most commitments, so that most lists count some.
    countries = list(
        Country.objects.annotate(parties=Count("commitment_roles"))
        .filter(parties__gt=0)
        .order_by("-parties", "slug")
        .values_list("slug", flat=True)
    )
    currencies = list(
        Commitment.objects.exclude(currency="")
        .values_list("currency", flat=True)
        .annotate(used=Count("pk"))
        .order_by("-used", "currency")
    )
    request = RequestFactory().get("/commitments/")
    counted = 0
    for data in combinations(countries[:6], currencies[:3]):
        filters = valid(data)
        assert overview.answered_by_summary(filters), data
        from_summary = overview.list_tally(request, filters)
        from_scan = scanned(data)
        assert by_status_currency_and_month(from_summary) == by_status_currency_and_month(
            from_scan
        ), data
        assert drawn(from_summary, data) == drawn(from_scan, data), data
        counted += bool(from_scan)
    return counted


def test_the_summary_gives_what_the_scan_gives_for_every_answered_list_of_the_world(world):
    # The world holds a draft of each kind, a party to one of them, and a total.
    assert assert_summaries_equal_the_scan() > 10


def generated_with_drafts(seed: int, every: int) -> None:
    """300 generated commitments, drafts among them: every ``every``-th commitment, and
    totals that others' money is inside, so that money inside a draft total counts on its
    own."""
    call_command("generate_synthetic", commitments=300, seed=seed, verbosity=0)
    drafts = list(Commitment.objects.order_by("pk").values_list("pk", flat=True)[::every])
    totals_drafted = list(
        Commitment.objects.filter(included_in__isnull=False)
        .values_list("included_in", flat=True)
        .distinct()[:5]
    )
    Commitment.objects.filter(pk__in=drafts + totals_drafted).update(publication=Publication.DRAFT)


def test_the_summary_gives_what_the_scan_gives_on_generated_data_with_drafts(db):
    generated_with_drafts(seed=3, every=7)
    assert Commitment.objects.filter(
        included_in__publication=Publication.DRAFT, publication=Publication.PUBLISHED
    ).exists()
    assert Commitment.objects.filter(
        included_in__publication=Publication.PUBLISHED, publication=Publication.PUBLISHED
    ).exists()
    assert assert_summaries_equal_the_scan() > 50


def test_filters_no_summary_answers_are_counted_from_their_rows(world):
    # One the funding commitment names: a filter chooses among organisations a published
    # record names, which have a public page (Organisation.objects.public()).
    organisation = factories.OrganisationFactory()
    world.funding.organisations.add(organisation)
    for more in (
        {"q": "border"},
        {"person": world.person.slug},
        {"event": world.event.slug},
        {"organisation": organisation.slug},
        {"announced_from": "2024-01-01"},
        {"announced_to": "2024-12-31"},
        {"amount_min": "5"},
        {"amount_max": "5000"},
    ):
        data = {"country": "serbia", **more}
        filters = valid(data)
        assert not overview.answered_by_summary(filters), more
        request = RequestFactory().get("/commitments/")
        assert overview.list_tally(request, filters) == scanned(data), more


def test_sort_and_status_are_answered_without_changing_what_is_counted(world):
    for data in ({"sort": "amount-desc"}, {"status": "announced"}, {"status": "delivered"}):
        filters = valid({"country": "serbia", **data})
        assert overview.answered_by_summary(filters)
        request = RequestFactory().get("/commitments/")
        assert by_status_currency_and_month(
            overview.list_tally(request, filters)
        ) == by_status_currency_and_month(scanned({"country": "serbia"}))


def glance_of_list(client, address: str) -> tuple[int, list]:
    html = client.get(address).content.decode()
    return sum(meter(html).values()), totals(html)


# Committed, so that on PostgreSQL the data version moves (at commit) as it does in use:
# what the lists remembered is what is tested.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_list_counts_published_commitments_only_and_follows_each_edit_at_once(client):
    total = factories.FundingCommitmentFactory(amount_minor=50_000_000_00)
    inside = factories.FundingCommitmentFactory(amount_minor=10_000_000_00)
    for commitment in (total, inside):
        factories.CommitmentPartyFactory(commitment=commitment, country_id="RS")
    draft = factories.FundingCommitmentFactory(publication=Publication.DRAFT)
    factories.CommitmentPartyFactory(commitment=draft, country_id="RS")
    addresses = ("/commitments/?country=serbia", "/commitments/?country=serbia&kind=funding")

    for address in addresses:
        count, money = glance_of_list(client, address)
        assert count == 2, address  # never the draft
        assert money[0][:2] == ("£60 million", "from 2 funding commitments")
        # Again, from what the first build remembered.
        assert glance_of_list(client, address) == (count, money)

    # Money inside a draft total counts on its own; once the total is published, the
    # money inside it is counted in it alone.
    total.publication = Publication.DRAFT
    total.save()
    inside.included_in = total
    inside.save()
    for address in addresses:
        assert glance_of_list(client, address)[0] == 1
        assert glance_of_list(client, address)[1][0][:2] == (
            "£10 million",
            "from 1 funding commitment",
        )
    total.publication = Publication.PUBLISHED
    total.save()
    for address in addresses:
        count, money = glance_of_list(client, address)
        assert count == 2
        assert money[0][:2] == ("£50 million", "from 1 funding commitment")
        assert "1 already counted inside a total" in client.get(address).content.decode()

    draft.publication = Publication.PUBLISHED
    draft.save()
    assert glance_of_list(client, addresses[0])[0] == 3
    draft.publication = Publication.DRAFT
    draft.save()
    assert glance_of_list(client, addresses[0])[0] == 2
    # A party added or taken away moves the country's lists too.
    party = factories.CommitmentPartyFactory(
        commitment=factories.PartnershipFactory(), country_id="RS"
    )
    assert glance_of_list(client, addresses[0])[0] == 3
    party.delete()
    assert glance_of_list(client, addresses[0])[0] == 2


def test_a_list_answered_by_its_summary_reads_no_tally_once_remembered(client, world):
    address = "/commitments/?country=serbia&kind=funding&sort=amount-desc"
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        client.get(address)
    with CaptureQueriesContext(connection) as again:
        assert client.get(address).status_code == 200
    grouped = [q["sql"] for q in again if re.search(r"\bGROUP BY\b", q["sql"])]
    assert grouped == []
    assert len(again) < len(first) <= 10


def test_addresses_written_differently_share_one_drawing_whose_links_carry_clean_filters(
    client, world
):
    """``currency=gbp`` and ``currency=GBP``, or words of only spaces, are one list: its
    drawing is remembered once, not once per spelling (a way to fill the cache), and its
    links carry the filters as cleaned."""
    cache.clear()
    for address in (
        "/commitments/?country=serbia&currency=gbp",
        "/commitments/?country=serbia&currency=GBP",
        "/commitments/?country=serbia&currency=%20gBp&q=%20%20",
    ):
        assert client.get(address).status_code == 200
    assert len([key for key in cache._cache if ":list-glance:" in key]) == 1
    page = client.get("/commitments/?country=serbia&q=%20%20").content.decode()
    chips = re.findall(r'class="status-chip[^"]*" href="([^"]+)"', page)
    assert chips == ["/commitments/?country=serbia&amp;status=announced"]


def assert_counts_from_the_summary_equal_the_rows() -> int:
    """Every answered list's number of commitments, with each status too, from its
    country's summary equals the rows its filters select; returns how many were not 0."""
    countries = list(
        Country.objects.annotate(parties=Count("commitment_roles"))
        .filter(parties__gt=0)
        .order_by("-parties", "slug")
        .values_list("slug", flat=True)[:4]
    )
    currencies = list(
        Commitment.objects.exclude(currency="")
        .values_list("currency", flat=True)
        .annotate(used=Count("pk"))
        .order_by("-used", "currency")[:2]
    )
    request = RequestFactory().get("/commitments/")
    nonzero = 0
    for data in combinations(countries, currencies):
        # The rows the list selects, each status's counted from them: a status filter keeps
        # the rows of that status (CommitmentFilters.matching), and reading the list's rows
        # once for all its statuses keeps this test to seconds (a count per status took
        # minutes in CI).
        rows = Counter(valid(data).filter(Commitment.objects.published()).values_list("status"))
        assert overview.counted_by_summary(request, valid(data)) == rows.total(), data
        for status in CommitmentStatus.values:
            counted = overview.counted_by_summary(request, valid({**data, "status": status}))
            assert counted == rows[(status,)], (data, status)
        nonzero += bool(rows) + len(rows)  # the list with any status, and each status with rows
    return nonzero


def test_a_lists_count_from_the_summary_is_its_number_of_rows(db):
    generated_with_drafts(seed=5, every=5)
    assert assert_counts_from_the_summary_equal_the_rows() > 100


def test_lists_the_summary_does_not_answer_are_not_counted_from_it(world):
    filters = valid({"country": "serbia", "q": "border"})
    assert overview.counted_by_summary(RequestFactory().get("/commitments/"), filters) is None


def test_a_country_list_not_met_since_the_edit_counts_no_rows_of_its_own(client, world):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/commitments/?country=united-kingdom&kind=funding")
    assert response.status_code == 200
    counts = [q["sql"] for q in queries if re.match(r"SELECT COUNT\(\*\)", q["sql"])]
    assert counts == []
    # The summary's count is the page's: "N funding commitments" as the rows found.
    funding = Commitment.objects.published().filter(kind="funding", parties__country_id="GB")
    assert funding.count() == 1
    assert "1 funding commitment" in response.content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "/api/commitments?country=united-kingdom",
        "/commitments/?country=united-kingdom&format=csv",
        "/commitments/?country=united-kingdom&format=json",
    ],
)
def test_a_country_export_or_api_page_not_met_since_the_edit_counts_no_rows(client, world, address):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert [q["sql"] for q in queries if re.match(r"SELECT COUNT\(\*\)", q["sql"])] == []
    rows = Commitment.objects.published().filter(parties__country_id="GB").count()
    assert rows >= 2
    if "csv" in address:
        assert body.decode().count("\n") == rows + 1  # the header, then a line a row
    else:
        assert f'"count": {rows},'.encode() in body.replace(b'"count":{', b'"count": {')
