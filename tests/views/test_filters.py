"""Each filter narrows the results by value; sorts order them; pages split them."""

import datetime
import re

import pytest

from tests import factories
from tracker.filters import CommitmentFilters
from tracker.models import Commitment

pytestmark = pytest.mark.django_db


def slugs(client, query: str, address: str = "/commitments/") -> list[str]:
    response = client.get(f"{address}?{query}", HTTP_HX_REQUEST="true")
    assert response.status_code == 200, response.content.decode()
    return re.findall(r'<(?:li|tr) class="[\w-]+" data-slug="([^"]+)"', response.content.decode())


@pytest.fixture
def commitments(db):
    """Four commitments that differ in every filtered field."""
    made = {
        "serbia-partnership": factories.PartnershipFactory(
            slug="serbia-partnership",
            title="Alpha partnership",
            announced_on=datetime.date(2024, 11, 7),
            status="in_progress",
        ),
        "big-fund": factories.FundingCommitmentFactory(
            slug="big-fund",
            title="Bravo fund for coastguard patrols",
            amount_minor=15_000_000_000,  # £150 million
            announced_on=datetime.date(2024, 9, 1),
        ),
        "small-fund": factories.FundingCommitmentFactory(
            slug="small-fund",
            title="Charlie fund",
            amount_minor=20_000_000,  # €200,000
            currency="EUR",
            announced_on=datetime.date(2024, 12, 1),
            status="delivered",
        ),
        "yen-fund": factories.FundingCommitmentFactory(
            slug="yen-fund",
            title="Delta fund",
            amount_minor=50_000_000,  # ¥50 million: yen have no minor unit
            currency="JPY",
            announced_on=None,
        ),
        "albania-pledge": factories.PledgeFactory(
            slug="albania-pledge",
            title="Echo pledge against smugglers",
            announced_on=datetime.date(2023, 5, 1),
        ),
    }
    factories.CommitmentPartyFactory(commitment=made["serbia-partnership"], country_id="RS")
    factories.CommitmentPartyFactory(commitment=made["albania-pledge"], country_id="AL")
    factories.CommitmentPartyFactory(commitment=made["big-fund"], country_id="RS")
    return made


def test_no_filter_lists_everything_newest_first(client, commitments):
    assert slugs(client, "") == [
        "small-fund",
        "serbia-partnership",
        "big-fund",
        "albania-pledge",
        "yen-fund",
    ]


def test_country(client, commitments):
    assert sorted(slugs(client, "country=serbia")) == ["big-fund", "serbia-partnership"]
    assert slugs(client, "country=albania") == ["albania-pledge"]
    assert slugs(client, "country=france") == []


def test_kind(client, commitments):
    assert slugs(client, "kind=partnership") == ["serbia-partnership"]
    assert slugs(client, "kind=pledge") == ["albania-pledge"]
    assert set(slugs(client, "kind=funding")) == {"big-fund", "small-fund", "yen-fund"}


def test_status(client, commitments):
    assert slugs(client, "status=delivered") == ["small-fund"]
    assert slugs(client, "status=in_progress") == ["serbia-partnership"]
    assert slugs(client, "status=broken") == []


def test_words(client, commitments):
    assert slugs(client, "q=smugglers") == ["albania-pledge"]
    assert slugs(client, "q=coastguard patrols") == ["big-fund"]
    assert slugs(client, "q=nothing-like-this") == []


def test_date_range(client, commitments):
    assert slugs(client, "announced_from=2024-09-01&announced_to=2024-11-07") == [
        "serbia-partnership",
        "big-fund",
    ]
    assert slugs(client, "announced_from=2024-11-08") == ["small-fund"]
    assert slugs(client, "announced_to=2023-12-31") == ["albania-pledge"]


def test_amount_range_is_in_major_units_of_each_currency(client, commitments):
    assert slugs(client, "amount_min=1000000") == ["big-fund", "yen-fund"]
    assert slugs(client, "amount_min=150000000") == ["big-fund"]
    assert slugs(client, "amount_min=150000000.01") == []
    assert slugs(client, "amount_max=200000") == ["small-fund"]
    assert slugs(client, "amount_min=200000&amount_max=200000") == ["small-fund"]
    assert slugs(client, "amount_min=50000000&amount_max=50000000") == ["yen-fund"]


def test_filters_combine(client, commitments):
    assert slugs(client, "country=serbia&kind=funding") == ["big-fund"]
    assert slugs(client, "country=serbia&kind=funding&status=delivered") == []


def test_sorts(client, commitments):
    assert slugs(client, "sort=oldest") == [
        "albania-pledge", "big-fund", "serbia-partnership", "small-fund", "yen-fund"
    ]  # fmt: skip
    # Amounts by currency, never one currency's face value against another's (issue 13):
    # EUR, GBP, JPY; no amount last.
    assert slugs(client, "sort=amount-desc") == [
        "small-fund", "big-fund", "yen-fund", "serbia-partnership", "albania-pledge"
    ]  # fmt: skip
    assert slugs(client, "sort=amount-asc")[:3] == ["small-fund", "big-fund", "yen-fund"]
    assert slugs(client, "sort=title") == [
        "serbia-partnership", "big-fund", "small-fund", "yen-fund", "albania-pledge"
    ]  # fmt: skip


def test_pagination_splits_into_pages_of_25(client, db):
    for day in range(30):
        factories.PledgeFactory(
            slug=f"pledge-{day:02d}",
            announced_on=datetime.date(2024, 1, 1) + datetime.timedelta(day),
        )
    first = slugs(client, "")
    second = slugs(client, "page=2")
    assert len(first) == 25 and len(second) == 5
    assert first[0] == "pledge-29" and second[-1] == "pledge-00"
    assert not set(first) & set(second)
    html = client.get("/commitments/?page=2").content.decode()
    assert "30 commitments, page 2 of 2" in html
    assert '<span aria-current="page">2</span>' in html


def test_the_form_applies_to_a_queryset_without_a_request(commitments):
    """Exports and the API will use the same filters."""
    filters = CommitmentFilters({"kind": "funding", "sort": "amount-asc", "amount_min": "100000"})
    assert filters.is_valid(), filters.errors
    rows = filters.filter(Commitment.objects.published())
    assert [c.slug for c in rows] == ["small-fund", "big-fund", "yen-fund"]  # by currency


def test_quote_filters(client, world):
    other = factories.QuoteFactory(slug="another-quote", text="Something else entirely")
    assert slugs(client, "speaker=keir-starmer", "/quotes/") == ["smash-the-gangs"]
    assert slugs(client, "country=serbia", "/quotes/") == ["smash-the-gangs"]
    assert slugs(client, "event=epc-budapest", "/quotes/") == ["smash-the-gangs"]
    assert slugs(client, "q=entirely", "/quotes/") == [other.slug]
    assert set(slugs(client, "", "/quotes/")) == {"smash-the-gangs", "another-quote"}


def test_source_filters(client, world):
    factories.SourceArticleFactory(
        slug="older", headline="An older story", publisher="Other News",
        published_on=datetime.date(2020, 1, 1),
    )  # fmt: skip

    def headlines(query: str) -> list[str]:
        html = client.get(f"/sources/?{query}", HTTP_HX_REQUEST="true").content.decode()
        return re.findall(r'<h3 class="item-title"><a href="[^"]+">([^<]+)</a>', html)

    assert headlines("publisher=Other News") == ["An older story"]
    assert headlines("published_to=2021-01-01") == ["An older story"]
    assert headlines("q=Budapest") == [world.article.headline]
    assert headlines("sort=oldest") == ["An older story", world.article.headline]


def test_a_chosen_country_the_drop_down_does_not_offer_stays_shown(client, seed_data):
    """France is party to no published commitment, so the drop-down does not offer it; a
    list filtered by it still shows it chosen, not "All countries"."""
    html = client.get("/commitments/?country=france&kind=funding").content.decode()
    assert '<option value="france" selected>France</option>' in html
    assert html.count('<option value="france"') == 1


@pytest.mark.parametrize(
    ("address", "field"),
    [
        ("/commitments/", "organisation"),
        ("/commitments/", "person"),
        ("/commitments/", "event"),
        ("/announcements/", "speaker"),
        ("/announcements/", "event"),
    ],
)
def test_a_record_only_a_draft_names_is_no_filter(client, address, field):
    """Published means published everywhere: a list filtered by a person, an event or an
    organisation that only a draft names answers as for one that does not exist (400), not
    a 200 naming them, which told that a draft names them (as the quotes' filters do)."""
    draft = factories.AnnouncementFactory(
        publication="draft",
        speaker__name="Secret Speaker Zeta",
        event__name="Secret Summit Zeta",
    )
    commitment = factories.CommitmentFactory(publication="draft", announcement=draft)
    agency = factories.OrganisationFactory(name="Secret Agency Zeta")
    commitment.organisations.add(agency)
    record = {"organisation": agency, "person": draft.speaker, "speaker": draft.speaker}.get(
        field, draft.event
    )
    response = client.get(f"{address}?{field}={record.slug}")
    assert response.status_code == 400
    assert b"Zeta" not in response.content


def test_an_organisation_only_roles_name_filters_nothing_as_its_page_does_not_exist(
    client, seed_data
):
    """INTERPOL is named in the seed only by a person's role, shown as words beside them: it
    has no page (404), so a list filtered by it answers as for any organisation without one
    (400, saying so), not an empty list a reader could take for "none found"."""
    assert client.get("/organisations/interpol/").status_code == 404
    response = client.get("/commitments/?organisation=interpol")
    assert response.status_code == 400
    assert "There is no organisation “interpol”." in response.content.decode()
    assert client.get("/commitments/?organisation=border-security-command").status_code == 200
