"""The page cache can be neither poisoned nor flooded (issue 17, items 2 and 3).

For every public page type, htmx fragment and export: whichever request builds a kept
page first, every later request gets the body that its own representation gets with the
cache off, and however the requests vary, a page adds at most two entries (the whole
page and the fragment).
"""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import URLPattern

from tracker import urls
from tracker.api.routes import api
from tracker.http_cache import PAGES

ADDRESSES = [
    "/",
    "/?format=atom",
    "/countries/",
    "/countries/?format=csv",
    "/countries/serbia/",
    "/countries/serbia/?format=csv",
    "/countries/serbia/?format=json",
    "/countries/serbia/?format=atom",
    "/commitments/?country=serbia&kind=funding",
    "/commitments/?country=serbia&kind=funding&page=1",
    "/commitments/?country=serbia&kind=funding&format=csv",
    "/commitments/?country=serbia&kind=funding&format=json",
    "/commitments/?country=serbia&kind=funding&format=atom",
    "/commitments/scale-funding/",
    "/commitments/scale-funding/?format=csv",
    "/quotes/?country=serbia&sort=oldest",
    "/quotes/?country=serbia&format=json",
    "/quotes/scale-quote/",
    "/quotes/scale-quote/share.png",
    "/embed/quotes/scale-quote/",
    "/oembed?url=http%3A%2F%2Ftestserver%2Fcommitments%2Fscale-funding%2F&maxwidth=400",
    "/people/scale-minister/",
    "/people/scale-minister/?format=atom",
    "/figures/scale-figure/",
    "/announcements/scale-announcement/",
    "/events/scale-summit/",
    "/sources/?sort=headline",
    "/sources/{article}/",
    "/search/?q=border",
    "/search/?q=border&format=csv",
    "/api/commitments?country=serbia&kind=funding",
    "/api/commitments/scale-funding",
    "/api/quotes?country=serbia&page_size=2",
    "/api/openapi.json",
]

# Request headers that must not change which body a request gets, or change it only as
# the view itself does (htmx's fragment).
VARIANTS = {
    "plain": {},
    "htmx": {"HTTP_HX_REQUEST": "true"},
    "history restore alone": {"HTTP_HX_HISTORY_RESTORE_REQUEST": "true"},
    "htmx history restore": {
        "HTTP_HX_REQUEST": "true",
        "HTTP_HX_HISTORY_RESTORE_REQUEST": "true",
    },
    "htmx not true": {"HTTP_HX_REQUEST": "1"},
    "other htmx headers": {
        "HTTP_HX_TARGET": "results",
        "HTTP_HX_TRIGGER": "filters",
        "HTTP_HX_CURRENT_URL": "http://testserver/elsewhere/",
        "HTTP_HX_BOOSTED": "true",
    },
    "htmx with other headers": {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "body"},
    "accept json": {"HTTP_ACCEPT": "application/json"},
    "accept csv": {"HTTP_ACCEPT": "text/csv, */*;q=0.1"},
    "accept-encoding": {"HTTP_ACCEPT_ENCODING": "gzip, br"},
    "cookies": {"HTTP_COOKIE": "csrftoken=abc; theme=dark; sessionid=not-a-session"},
}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def get(client: Client, address: str, headers: dict) -> tuple[int, bytes]:
    """What a new visitor gets: no cookie from an earlier answer. One client for the test
    rather than one per request, which loaded every middleware again (a tenth of the
    test's time, each request a kept page's millisecond or two)."""
    client.cookies.clear()
    response = client.get(address, **headers)
    return response.status_code, body(response)


def reordered(address: str) -> str:
    """The same parameters in the opposite order."""
    path, _, query = address.partition("?")
    return f"{path}?{'&'.join(reversed(query.split('&')))}" if query else address


def with_junk(address: str, n: int) -> str:
    junk = f"utm_source=feed{n}&_={n}&HX-Request=true&Format=json"
    return f"{address}{'&' if '?' in address else '?'}{junk}"


def fresh_bodies(client: Client, address: str) -> dict[str, tuple[int, bytes]]:
    """What each variant gets with nothing kept."""
    return {name: get(client, address, headers) for name, headers in VARIANTS.items()}


def entries() -> int:
    return len(caches[PAGES]._cache)


@pytest.mark.parametrize("template", ADDRESSES)
def test_no_request_poisons_a_page_or_floods_the_cache(client, scale, settings, template):
    address = template.format(article=scale.article.pk)
    expected = fresh_bodies(client, address)
    assert expected["plain"][0] == 200
    assert expected["plain"] == get(client, reordered(address), {})
    assert expected["plain"] == get(client, with_junk(address, 0), {})
    settings.PAGE_CACHE_TIMEOUT = 3600
    for index, first in enumerate(VARIANTS):
        caches[PAGES].clear()
        get(client, address, VARIANTS[first])  # whoever asks first builds the kept page
        for name, headers in VARIANTS.items():
            assert get(client, address, headers) == expected[name], f"{name} after {first}"
            assert get(client, reordered(address), headers) == expected[name], f"{name} reordered"
        # Junk of its own after each first (22 values in all): two values are enough for
        # the flood check, since junk that made keys of its own would add two entries to
        # the page's one or two. Twenty after each first repeated the same requests.
        for n in (2 * index, 2 * index + 1):
            assert get(client, with_junk(address, n), VARIANTS["plain"]) == expected["plain"]
            assert get(client, with_junk(address, n), VARIANTS["htmx"]) == expected["htmx"]
        assert entries() <= 2, f"after {first}"


def test_the_fragment_key_is_the_views_decision(client, scale, settings):
    """Issue 17, item 2: a history restore alone was keyed as htmx but got the whole page,
    which every later htmx request then received."""
    settings.PAGE_CACHE_TIMEOUT = 3600
    address = "/commitments/?kind=funding"
    poisoner = client.get(address, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert b"<html" in poisoner.content
    fragment = client.get(address, HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content
    assert fragment.content.count(b'<form id="commitment-filters"') == 1
    for response in (poisoner, fragment):
        assert "HX-Request" in response["Vary"]
        assert "HX-History-Restore-Request" in response["Vary"]


def test_junk_parameters_hit_the_kept_page(client, scale, settings, monkeypatch):
    """Issue 17, item 3: ``/api/openapi.json?x=N`` was built afresh for every N."""
    settings.PAGE_CACHE_TIMEOUT = 3600
    builds = []
    build = api.get_openapi_schema
    monkeypatch.setattr(api, "get_openapi_schema", lambda **kw: builds.append(1) or build(**kw))
    built = client.get("/api/openapi.json?x=0")
    for n in range(1, 30):
        assert client.get(f"/api/openapi.json?x={n}").content == built.content
    assert len(builds) == 1
    assert entries() == 1


def test_an_export_is_one_entry_whatever_page_it_is_asked_for(client, scale, settings):
    """An export holds every page: ``page`` cannot make copies of it."""
    settings.PAGE_CACHE_TIMEOUT = 3600
    whole = body(client.get("/commitments/?country=serbia&format=csv"))
    for page in ("1", "2", "99", "abc"):
        address = f"/commitments/?page={page}&country=serbia&format=csv"
        assert body(client.get(address)) == whole
    assert client.get("/commitments/?country=serbia&page=2").status_code == 400  # one page
    assert entries() == 1


def test_an_api_operation_reads_its_own_parameters_and_no_other(client, scale):
    listed = client.get("/api/quotes?kind=funding&page_size=1&country=serbia&junk=1").json()
    assert len(listed["results"]) == 1
    assert listed["next"] == "http://testserver/api/quotes?country=serbia&page_size=1&page=2"


def test_junk_parameters_reach_no_link_on_the_page(client, scale):
    page = client.get("/commitments/?kind=funding&utm_source=evil-campaign").content
    assert b"evil-campaign" not in page
    assert b"kind=funding" in page


def test_the_cache_holds_at_most_its_entries_whatever_the_traffic(client, scale, settings):
    settings.PAGE_CACHE_TIMEOUT = 3600
    pages = settings.CACHES["pages"]
    settings.CACHES = {**settings.CACHES, "pages": {**pages, "OPTIONS": {"MAX_ENTRIES": 10}}}
    for n in range(60):  # each a valid search of its own: a page the cache may keep
        assert client.get(f"/search/?q=border{n}").status_code == 200
        assert entries() <= 10


def test_a_page_over_the_size_cap_is_not_kept(client, scale, settings):
    settings.PAGE_CACHE_TIMEOUT = 3600
    settings.PAGE_CACHE_MAX_BYTES = 1000
    assert len(client.get("/commitments/").content) > 1000
    assert len(body(client.get("/commitments/?format=csv"))) > 1000
    assert entries() == 0


NOT_PUBLIC_PAGES = {"healthz", "benchmark-baseline"}


def test_every_public_route_is_a_public_page():
    """A page added later is cached only by its own @public_page, naming what it reads."""
    routes = [p for p in urls.urlpatterns if isinstance(p, URLPattern)]
    for route in routes:
        marked = hasattr(route.callback, "public_query")
        assert marked == (route.name not in NOT_PUBLIC_PAGES), route.name


def test_health_checks_and_the_admin_are_never_kept(client, admin_client, scale, settings):
    settings.PAGE_CACHE_TIMEOUT = 3600
    assert client.get("/healthz").status_code == 200
    assert admin_client.get("/admin/").status_code == 200
    assert "ETag" not in client.get("/healthz")
    assert entries() == 0
