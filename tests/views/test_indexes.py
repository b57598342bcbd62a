"""The indexes on the seed data, by value: every address answers, trimmed ones too, and
each list shows what its filters and sort select, published records only."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.exports.bulk import body, json_body
from tests.ops.public_urls import PAGES, api_operations, page_address, sample_address
from tracker import models
from tracker.formats import PAGE_FORMATS

pytestmark = pytest.mark.django_db


def shown(client, address: str, row: str) -> list[str]:
    """The slugs of the rows of class ``row``, in the page's order."""
    response = client.get(address)
    assert response.status_code == 200, (address, response.content[:500])
    return re.findall(rf'<tr class="{row}" data-slug="([^"]+)"', response.content.decode())


def trimmed(path: str) -> list[str]:
    """Every address made by cutting ``path`` after one of its slashes: /a/b/ -> /a/, /."""
    parts = path.strip("/").split("/")
    return ["/" + "".join(f"{part}/" for part in parts[:n]) for n in range(len(parts))]


def test_trimming_means_cutting_at_slashes():
    assert trimmed("/organisations/nca/") == ["/", "/organisations/"]
    assert trimmed("/api/people/keir-starmer") == ["/", "/api/", "/api/people/"]


def test_every_page_its_formats_and_every_trimmed_address_answer(client, seed_data, subtests):
    for name in PAGES:
        with subtests.test(page=name):
            path = page_address(name)
            addresses = [sample_address(name), *trimmed(path)]
            addresses += [f"{path}?format={fmt}" for fmt in PAGE_FORMATS.get(name, ())]
            for address in addresses:
                response = client.get(address)
                assert response.status_code == 200, (address, response.status_code)


API_RECORDS = {
    "/api/countries/{slug}": lambda: models.Country.objects.with_published_records(),
    "/api/commitments/{slug}": lambda: models.Commitment.objects.published(),
    "/api/announcements/{slug}": lambda: models.Announcement.objects.published(),
    "/api/quotes/{slug}": lambda: models.Quote.objects.published(),
    "/api/figures/{slug}": lambda: models.Figure.objects.published(),
    "/api/people/{slug}": lambda: models.Person.objects.public(),
    "/api/organisations/{slug}": lambda: models.Organisation.objects.public(),
    "/api/events/{slug}": lambda: models.Event.objects.public(),
    "/api/discrepancies/{slug}": lambda: models.Discrepancy.objects.public(),
    "/api/sources/{id}": lambda: models.SourceArticle.objects.published(),
}


def test_every_api_endpoint_and_its_trimmed_addresses_answer(client, seed_data, subtests):
    for template, path_parameters, _ in api_operations():
        with subtests.test(endpoint=template):
            path = template
            if path_parameters:
                record = API_RECORDS[template]().order_by("pk").first()
                value = record.pk if "{id}" in template else record.slug
                path = template.replace(f"{{{path_parameters[0]}}}", str(value))
            # The API's addresses have no final slash: /api/people/x -> /api/people, /api/.
            segments = path.removeprefix("/api/").split("/")
            addresses = [path, *("/api/" + "/".join(segments[:n]) for n in range(len(segments)))]
            for address in addresses:
                response = client.get(address)
                assert response.status_code == 200, (address, response.status_code)


def test_the_api_index_links_every_list(client, db):
    lists = client.get("/api/").json()["lists"]
    assert {"people", "organisations", "events", "announcements", "figures"} <= set(lists)
    for address in lists.values():
        assert client.get(address).status_code == 200, address


# The commitments table --------------------------------------------------------------


def test_commitments_table_counts_sources_and_flags_disagreement(client, seed_data):
    html = client.get("/commitments/").content.decode()
    row = re.search(
        r'<tr class="commitment-row" data-slug="border-security-command-extra-75m">(.*?)</tr>',
        html,
        re.S,
    ).group(1)
    assert re.search(r'data-label="Sources" class="num"><a [^>]+>2</a>', row)
    assert "Sources disagree" in row
    assert "£75 million" in row
    whole = re.search(
        r'<tr class="commitment-row" data-slug="border-security-command-150m">(.*?)</tr>',
        html,
        re.S,
    ).group(1)
    assert re.search(r'data-label="Sources" class="num"><a [^>]+>1</a>', whole)
    assert "Sources disagree" not in whole


def test_commitments_table_headers_sort_by_permalinks(client, seed_data):
    html = client.get("/commitments/?kind=funding").content.decode()
    # Sorted newest first already: the date header offers the oldest first, and says so.
    date = re.search(r'<th scope="col" aria-sort="descending"><a href="([^"]+)"', html)
    assert date.group(1) == "/commitments/?kind=funding&amp;sort=oldest"
    assert 'hx-get="/commitments/?kind=funding&amp;sort=amount-desc"' in html
    assert 'hx-push-url="true"' in html
    by_amount = shown(client, "/commitments/?kind=funding&sort=amount-desc", "commitment-row")
    assert by_amount == ["border-security-command-150m", "border-security-command-extra-75m"]


def test_counts_have_thousands_separators(client, db):
    # In one insert: what is counted is the rows, not their history or discrepancy checks.
    models.Commitment.objects.bulk_create(factories.PledgeFactory.build_batch(1001))
    assert "1,001 commitments, page 1 of 41" in client.get("/commitments/").content.decode()


# The countries index -----------------------------------------------------------------


def sections(html: str) -> tuple[str, str]:
    """The table of countries with commitments, and the "Also mentioned" part."""
    first, _, rest = html.partition('id="also-mentioned-heading"')
    return first, rest


def test_countries_with_commitments_come_first_most_first(client, seed_data):
    html = client.get("/countries/").content.decode()
    first, also = sections(html)
    with_commitments = re.findall(r'<tr class="country" data-slug="([^"]+)"', first)
    assert with_commitments == [
        "united-kingdom",  # 10
        "kosovo",  # 2 each, then by name
        "north-macedonia",
        "serbia",
        "albania",  # 1
    ]
    mentioned = re.findall(r'<tr class="country" data-slug="([^"]+)"', also)
    assert mentioned == ["france"]  # in figures only, since the seed's corrections (issue 12)
    assert "5 countries with published commitments; 1 more mentioned" in html


def test_countries_sort_by_name_and_filter_by_region(client, seed_data):
    rows = shown(client, "/countries/?sort=name&region=Western+Balkans", "country")
    assert rows == ["albania", "kosovo", "north-macedonia", "serbia"]
    response = client.get("/countries/?region=Atlantis")
    assert response.status_code == 400
    assert "There is no region “Atlantis”." in response.content.decode()


def test_countries_money_is_countable_money_per_currency(client, seed_data):
    html = client.get("/countries/?sort=money").content.decode()
    assert shown(client, "/countries/?sort=money", "country")[0] == "united-kingdom"
    uk = re.search(r'data-slug="united-kingdom">(.*?)</tr>', html, re.S).group(1)
    # £150 million in all: the additional £75 million is inside that total, counted once.
    assert '<span class="money-total">£150 million</span>' in uk
    assert "Sorted by the amount in GBP" in html
    assert client.get("/countries/?sort=money&currency=XXY").status_code == 400


def test_countries_money_never_adds_currencies(client, db):
    for currency, minor in (("GBP", 100_00), ("EUR", 5_000_000_00), ("EUR", 1_000_000_00)):
        funding = factories.FundingCommitmentFactory(currency=currency, amount_minor=minor)
        factories.CommitmentPartyFactory(commitment=funding, country_id="RS")
    pounds = factories.FundingCommitmentFactory(currency="GBP", amount_minor=2_000_000_00)
    factories.CommitmentPartyFactory(commitment=pounds, country_id="AL")
    html = client.get("/countries/").content.decode()
    serbia = re.search(r'data-slug="serbia">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'class="money-total">([^<]+)<', serbia) == ["€6 million", "£100"]
    # By money in pounds, Albania's £2 million outranks Serbia's £100 (its euros not counted).
    assert shown(client, "/countries/?sort=money&currency=GBP", "country")[:2] == [
        "albania",
        "serbia",
    ]
    assert shown(client, "/countries/?sort=money&currency=EUR", "country")[:2] == [
        "serbia",
        "albania",
    ]


# Committed, so that on PostgreSQL the data version moves (at commit) as it does in use:
# the remembered value is what is tested.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_money_sorts_default_currency_follows_each_edit(client):
    """The most used currency is remembered per data version: a change of the data moves it."""
    pounds = factories.FundingCommitmentFactory(currency="GBP", amount_minor=100_00)
    factories.CommitmentPartyFactory(commitment=pounds, country_id="AL")
    assert "Sorted by the amount in GBP" in client.get("/countries/?sort=money").content.decode()
    assert client.get("/api/countries?sort=money").json()["results"][0]["slug"] == "albania"
    for minor in (5_000_000_00, 1_000_000_00):
        euros = factories.FundingCommitmentFactory(currency="EUR", amount_minor=minor)
        factories.CommitmentPartyFactory(commitment=euros, country_id="RS")
    assert "Sorted by the amount in EUR" in client.get("/countries/?sort=money").content.decode()
    assert shown(client, "/countries/?sort=money", "country") == ["serbia", "albania"]
    assert client.get("/api/countries?sort=money").json()["results"][0]["slug"] == "serbia"


# People, organisations, announcements, events, figures -----------------------------------


def test_people_filter_by_name_and_country(client, seed_data):
    assert shown(client, "/people/", "person-row") == ["keir-starmer", "yvette-cooper"]
    assert shown(client, "/people/?q=starm", "person-row") == ["keir-starmer"]
    assert shown(client, "/people/?country=serbia", "person-row") == []
    html = client.get("/people/").content.decode()
    starmer = re.search(r'data-slug="keir-starmer">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'data-label="Quotes"><a href="/quotes/\?speaker=keir-starmer">4</a>', starmer)


def test_organisations_filter_and_their_pages(client, seed_data):
    assert shown(client, "/organisations/?q=intelligence", "organisation-row") == [
        "organised-immigration-crime-intelligence-unit"
    ]
    assert shown(client, "/organisations/?country=france", "organisation-row") == []
    by_commitments = shown(client, "/organisations/?sort=commitments", "organisation-row")
    assert by_commitments[0] == "border-security-command"
    page = client.get("/organisations/border-security-command/").content.decode()
    assert "border-security-command-150m" in page
    assert 'Commitments <span class="meta">(5)</span>' in page
    assert "organisation_overview" not in page  # the block is empty until part A fills it
    listed = shown(client, "/commitments/?organisation=border-security-command", "commitment-row")
    assert len(listed) == 5
    assert client.get("/organisations/no-such-body/").status_code == 404


def test_announcements_events_and_figures_filter(client, seed_data):
    assert shown(client, "/announcements/?event=epc-budapest-2024", "announcement-row") == [
        "western-balkans-smuggling-agreements"
    ]
    assert shown(client, "/events/?q=glasgow", "event-row") == ["interpol-conference-glasgow-2024"]
    assert shown(client, "/events/?sort=name", "event-row") == [
        "epc-budapest-2024",
        "interpol-conference-glasgow-2024",
    ]
    assert shown(client, "/figures/?country=albania", "figure-row") == [
        "western-balkans-migrants-last-year"
    ]
    bad = client.get("/figures/?country=atlantis")
    assert bad.status_code == 400
    assert "There is no country “atlantis”." in bad.content.decode()


def test_the_indexes_show_published_records_only(client, world):
    secret = factories.OrganisationFactory(slug="secret-unit", name="Secret unit")
    world.drafts["commitment"].organisations.add(secret)
    world.drafts["announcement"].organisations.add(secret)
    assert "secret-unit" not in client.get("/organisations/").content.decode()
    assert client.get("/organisations/secret-unit/").status_code == 404
    assert client.get("/api/organisations/secret-unit").status_code == 404
    assert "draft-announcement" not in client.get("/announcements/").content.decode()
    assert b"draft-figure" not in body(client.get("/figures/?format=csv"))
    assert "draft-announcement" not in client.get("/announcements/?format=atom").content.decode()


def test_exports_hold_the_pages_rows(client, seed_data):
    for address, row in (
        ("/people/?sort=quotes", "person-row"),
        ("/organisations/?sort=commitments", "organisation-row"),
        ("/announcements/?sort=oldest", "announcement-row"),
        ("/events/?sort=name", "event-row"),
        ("/figures/?sort=label", "figure-row"),
        ("/countries/?sort=name", "country"),
    ):
        slugs = shown(client, address, row)
        exported = json_body(client.get(f"{address}&format=json"))
        assert [record["slug"] for record in exported["results"]] == slugs, address
        api = client.get(f"/api{address.rstrip('/').replace('/?', '?')}&page_size=100").json()
        assert [record["slug"] for record in api["results"]] == slugs, address


def test_nav_links_every_index(client, db):
    html = client.get("/").content.decode()
    for name in ("person-list", "organisation-list", "announcement-list", "event-list"):
        assert f'href="{reverse(name)}"' in html


def test_figures_latest_period_first_puts_a_running_period_first(client, db):
    """A period with a start and no end ("this year, so far") is the latest; a figure
    with no period at all comes last."""
    factories.FigureFactory(
        slug="last-year",
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
    )
    factories.FigureFactory(slug="no-period", period_start=None, period_end=None)
    factories.FigureFactory(slug="so-far", period_start=datetime.date(2024, 1, 1), period_end=None)
    assert shown(client, "/figures/", "figure-row") == ["so-far", "last-year", "no-period"]


def test_people_index_marks_a_role_no_cited_article_gives(client, seed_data):
    """Yvette Cooper's latest role comes from a background reference, not from the cited
    articles (which call her Home Secretary): the index says so, as her page does."""
    html = client.get("/people/").content.decode()
    cooper = re.search(r'data-slug="yvette-cooper">(.*?)</tr>', html, re.S).group(1)
    assert "background, not from the cited articles" in cooper
    starmer = re.search(r'data-slug="keir-starmer">(.*?)</tr>', html, re.S).group(1)
    assert "background, not from the cited articles" not in starmer


def test_people_index_reads_each_persons_latest_role_alone(client, seed_data):
    """A row shows its person's latest role and that role's organisation: read in one query
    with the people's latest roles only, whatever roles they held before, with nothing of
    the roles' countries, citations or sources (which the exports and a person's page
    read)."""
    starmer = models.Person.objects.get(slug="keir-starmer")
    older = factories.OrganisationFactory(name="Crown Prosecution Service", slug="cps")
    newest = factories.OrganisationFactory(name="Cabinet Office <CO>", slug="cabinet-office")
    for started, title, organisation in [
        (datetime.date(2008, 11, 1), "Director of Public Prosecutions", older),
        (datetime.date(2099, 1, 1), "Minister for the Future", newest),
    ]:
        factories.RoleFactory(
            person=starmer,
            title=title,
            organisation=organisation,
            country=models.Country.objects.get(slug="serbia"),
            started_on=started,
            citation=models.Citation.objects.order_by("pk").first(),
        )
    client.get("/people/")  # what is remembered per data version
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/people/").content.decode()
    row = re.search(r'data-slug="keir-starmer">(.*?)</tr>', html, re.S).group(1)
    assert "Minister for the Future, Cabinet Office &lt;CO&gt;" in row
    assert "Director of Public Prosecutions" not in row
    read = [query["sql"] for query in queries.captured_queries]
    assert len([sql for sql in read if 'FROM "tracker_role"' in sql]) == 1
    others = r'FROM "tracker_(organisation|country|citation|sourcearticle)"'
    assert not [sql for sql in read if re.search(others, sql)]


def test_announcements_index_reads_what_its_rows_draw(client, seed_data):
    """The page reads each announcement's title, date, speaker, event, countries and
    commitments counted, not the evidence nor the texts and search vectors the exports and
    the feed read with ``for_index()`` (the JSON gives the summary); its rows are the ones
    those give."""
    client.get("/announcements/")  # what is remembered per data version
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/announcements/").content.decode()
    rows = [
        query["sql"] for query in queries.captured_queries if "tracker_announcement" in query["sql"]
    ]
    page = next(sql for sql in rows if '"commitment_count"' in sql)
    for unread in ("source_count", "disputed", "search_vector", '"summary"', '"description"'):
        assert unread not in page, unread
    listed = (
        models.Announcement.objects.published()
        .for_index()
        .order_by(*models.Announcement.NEWEST_FIRST)
    )
    assert re.findall(r'<tr class="announcement-row" data-slug="([^"]+)"', html) == [
        announcement.slug for announcement in listed[:25]
    ]
    exported = client.get("/announcements/?format=json")
    assert b'"summary"' in b"".join(exported.streaming_content)
