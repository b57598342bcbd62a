"""The server keeps each public page it builds for its data version (tracker.http_cache)."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django_htmx.middleware import HtmxDetails

from tests import factories
from tracker import http_cache as caching
from tracker import models


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_TIMEOUT = 3600


def fetch(client: Client, address: str, **headers) -> tuple[int, bytes, int, bool]:
    """(status, body, SQL queries, whether it was streamed) of one request."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, **headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body, len(queries), response.streaming


@pytest.mark.parametrize(
    "address",
    [
        "/countries/serbia/",
        "/commitments/?country=serbia&kind=funding&sort=amount-desc",
        "/commitments/scale-funding/",
        "/search/?q=border",
        "/api/commitments?country=serbia",
    ],
)
def test_a_page_is_built_once_then_served_for_one_query(client, scale, page_cache, address):
    status, built, built_queries, _ = fetch(client, address)
    again_status, kept, kept_queries, _ = fetch(client, address)
    assert status == again_status == 200
    assert kept == built
    assert built_queries > 1
    assert kept_queries == 1  # the data version


def test_an_edit_gives_a_freshly_built_page(client, scale, page_cache, fresh_writes):
    assert b"Brand-new pledge" not in fetch(client, "/commitments/")[1]
    fresh_writes()
    pledge = factories.PledgeFactory(title="Brand-new pledge", slug="brand-new-pledge")
    factories.CommitmentPartyFactory(commitment=pledge, country_id="RS")
    status, body, queries, _ = fetch(client, "/commitments/")
    assert status == 200
    assert b"Brand-new pledge" in body
    assert queries > 1


def test_the_htmx_fragment_and_the_whole_page_are_kept_apart(client, scale, page_cache):
    address = "/commitments/?kind=funding"
    whole = fetch(client, address)[1]
    fragment = fetch(client, address, HTTP_HX_REQUEST="true")[1]
    assert b"<html" in whole
    assert b"<html" not in fragment
    assert fetch(client, address)[1] == whole
    assert fetch(client, address, HTTP_HX_REQUEST="true")[1] == fragment


def is_kept(address: str, **headers) -> bool:
    request = RequestFactory().get(address, **headers)
    request.htmx = HtmxDetails(request)
    key = caching.page_key(request, caching.data_version(request))
    return caches[caching.PAGES].get(key) is not None


def test_bad_input_is_not_kept(client, scale, page_cache):
    assert fetch(client, "/commitments/?kind=funding")[0] == 200
    assert is_kept("/commitments/?kind=funding")
    assert fetch(client, "/commitments/?kind=nonsense")[0] == 400
    assert not is_kept("/commitments/?kind=nonsense")


def test_what_an_editor_sees_is_neither_kept_nor_served_to_the_public(
    client, editor, scale, page_cache
):
    factories.PledgeFactory(
        slug="draft-pledge", title="Secret plan", publication=models.Publication.DRAFT
    )
    editor_client = Client()
    editor_client.force_login(editor)
    preview = editor_client.get("/commitments/draft-pledge/")
    assert preview.status_code == 200
    assert b"Secret plan" in preview.content
    assert "no-store" in preview["Cache-Control"]
    assert client.get("/commitments/draft-pledge/").status_code == 404

    editor_client.get("/commitments/")
    _, body, queries, _ = fetch(client, "/commitments/")
    assert queries > 1  # built for the public, not the editor's copy
    assert b"Secret plan" not in body


def test_a_streamed_export_is_kept_once_sent_whole(client, scale, page_cache):
    address = "/commitments/?country=serbia&format=csv"
    _, streamed, _, was_streamed = fetch(client, address)
    _, kept, queries, kept_streamed = fetch(client, address)
    assert was_streamed and not kept_streamed
    assert kept == streamed
    assert queries == 1


def test_an_export_left_half_read_is_not_kept(client, scale, page_cache):
    address = "/commitments/?country=serbia&format=csv"
    response = client.get(address)
    next(iter(response.streaming_content))  # the client hangs up after the first line
    _, _, queries, streamed = fetch(client, address)
    assert streamed
    assert queries > 1
