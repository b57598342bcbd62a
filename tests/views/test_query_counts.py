"""A page's number of SQL queries does not grow with its rows: the same for 5 and 50."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.views.scale import Scale
from tracker import overview
from tracker.country_index import commitments_by_country
from tracker.models import Commitment


def addresses(scale: Scale) -> dict[str, str]:
    return {
        "home": "/",
        "country-list": "/countries/",
        "country-list by money in a region": "/countries/?region=Western+Balkans&sort=money",
        "country-detail": "/countries/serbia/",
        "commitment-list": "/commitments/",
        "commitment-list filtered": "/commitments/?country=serbia&kind=funding&sort=amount-desc",
        "commitment-list by person, event and status": (
            f"/commitments/?person={scale.person.slug}&event={scale.event.slug}&status=announced"
        ),
        "commitment-list by currency, counted once": (
            "/commitments/?kind=funding&currency=GBP&money=countable"
        ),
        "commitment-detail": f"/commitments/{scale.commitment.slug}/",
        "quote-list": "/quotes/",
        "quote-detail": f"/quotes/{scale.quote.slug}/",
        "person-list": "/people/",
        "person-list filtered": "/people/?country=serbia&sort=quotes",
        "person-detail": f"/people/{scale.person.slug}/",
        "organisation-list": "/organisations/",
        "organisation-list filtered": "/organisations/?country=serbia&sort=commitments",
        "organisation-detail": f"/organisations/{scale.organisation.slug}/",
        "announcement-list": "/announcements/",
        "announcement-list filtered": f"/announcements/?country=serbia&event={scale.event.slug}",
        "event-list": "/events/",
        "event-list filtered": "/events/?country=serbia&sort=name",
        "figure-list": "/figures/",
        "figure-list sorted": "/figures/?sort=label",
        "figure-detail": f"/figures/{scale.figure.slug}/",
        "announcement-detail": f"/announcements/{scale.announcement.slug}/",
        "event-detail": f"/events/{scale.event.slug}/",
        "source-list": "/sources/",
        "source-detail": f"/sources/{scale.article.pk}/",
        "search: commitments, figures, sources": "/search/?q=border",
        "search: announcements, quotes": "/search/?q=gangs",
        "search: people": "/search/?q=minister",
    }


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    return len(queries)


def count_every_page(client, scale: Scale) -> dict[str, int]:
    return {page: count_queries(client, address) for page, address in addresses(scale).items()}


# Each index lists more rows with 50 than with 5 (each at most one page of 25).
INDEX_ROWS = {
    "/people/": "person-row",
    "/organisations/": "organisation-row",
    "/announcements/": "announcement-row",
    "/events/": "event-row",
    "/figures/": "figure-row",
    "/organisations/scale-agency/": "commitment-row",
}


def index_rows_shown(client) -> dict[str, int]:
    return {
        address: client.get(address).content.count(f'class="{row}"'.encode())
        for address, row in INDEX_ROWS.items()
    }


def citations_shown(client, scale: Scale) -> int:
    return client.get(f"/commitments/{scale.commitment.slug}/").content.count(b'id="cited-')


def test_queries_do_not_grow_with_rows(client, db):
    scale = Scale().grow(5)
    count_every_page(client, scale)  # warm what is cached once per process
    with_5 = count_every_page(client, scale)
    few_rows, few_citations = index_rows_shown(client), citations_shown(client, scale)

    scale.grow(45)
    # On PostgreSQL a test never commits, so the data version (moved at commit) stays put
    # and each list's remembered count would outlive the rows just added.
    cache.clear()
    many_rows, many_citations = index_rows_shown(client), citations_shown(client, scale)
    count_every_page(client, scale)  # warm again: the new rows moved the data version
    with_50 = count_every_page(client, scale)

    assert with_5 == with_50

    # The comparison means something only if the pages show more with 50 than with 5
    # (checked on the same records, rather than built again for a test of its own).
    assert (few_citations, many_citations) == (5, 50)
    for address in INDEX_ROWS:
        assert few_rows[address] < many_rows[address], address
    assert "51 commitments" in client.get("/commitments/").content.decode()


def test_htmx_fragment_queries_do_not_grow_with_rows(client, db):
    scale = Scale().grow(5)
    lists = [
        "/commitments/",
        "/quotes/",
        "/sources/",
        "/search/?q=serbia",
        "/countries/",
        "/people/",
        "/organisations/",
        "/announcements/",
        "/events/",
        "/figures/",
    ]
    htmx = {"HTTP_HX_REQUEST": "true"}
    counts = []
    for _ in range(2):
        for address in lists:  # what is remembered per data version
            client.get(address, **htmx)
        with CaptureQueriesContext(connection) as queries:
            for address in lists:
                assert client.get(address, **htmx).status_code == 200
        counts.append(len(queries))
        scale.grow(45)
    assert counts[0] == counts[1]


def test_each_overview_component_is_one_query(db):
    """A page's meter, money totals and timeline: one query together, however many rows;
    every country's commitments counted (with their money): one query; the map drawn from
    those counts: one query."""
    scale = Scale().grow(5)
    for _ in range(2):
        commitments = Commitment.objects.published().announced_by(scale.person)
        by_country = commitments_by_country().counts()
        components = {
            "meter and totals": lambda c=commitments: overview.at_a_glance(c, {}),
            "countries' commitments": commitments_by_country,
            "map": lambda counts=by_country: overview.world_map(counts),
            "meter, totals and timeline of a page": lambda c=commitments: overview.at_a_glance(
                c, {}, status="announced", timeline=True
            ),
        }
        for name, build in components.items():
            with CaptureQueriesContext(connection) as queries:
                built = build()
            assert len(queries) == 1, (name, [q["sql"] for q in queries])
            assert built
        scale.grow(45)
