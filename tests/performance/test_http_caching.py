"""Conditional GET and Cache-Control on public pages, exports and the API (issue 6)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from tests import factories
from tests.performance.conftest import set_data_version

PUBLIC = [
    "/",
    "/countries/",
    "/countries/serbia/",
    "/commitments/",
    "/commitments/?country=serbia&kind=funding",
    "/commitments/scale-funding/",
    "/search/?q=border",
    "/commitments/?format=csv",
    "/commitments/?format=json",
    "/countries/serbia/?format=csv",
    "/api/commitments",
    "/api/commitments/scale-funding",
]


@pytest.mark.parametrize("address", PUBLIC)
def test_public_pages_carry_validators_and_public_cache_control(client, scale, address):
    response = client.get(address)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=60" in cache_control
    assert "stale-while-revalidate" in cache_control


@pytest.mark.parametrize("address", PUBLIC)
def test_if_none_match_gives_304(client, scale, address):
    first = client.get(address)
    again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert "public" in again["Cache-Control"]


def test_if_modified_since_gives_304(client, scale):
    # The last edit was a while ago: a stamp of the second it is still in validates nothing.
    set_data_version(timezone.now() - datetime.timedelta(seconds=5))
    first = client.get("/commitments/")
    again = client.get("/commitments/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_a_change_gives_a_new_etag_and_a_full_page(client, scale, fresh_writes):
    first = client.get("/commitments/")
    fresh_writes()
    factories.PledgeFactory(slug="new-pledge", title="A brand new pledge")
    again = client.get("/commitments/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "A brand new pledge" in again.content.decode()


def test_htmx_fragment_has_its_own_etag_and_vary(client, scale):
    page = client.get("/commitments/")
    fragment = client.get("/commitments/", HTTP_HX_REQUEST="true")
    assert page["ETag"] != fragment["ETag"]
    for response in (page, fragment):
        assert "HX-Request" in response["Vary"]
    # The page's ETag does not validate the fragment.
    again = client.get("/commitments/", HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=page["ETag"])
    assert again.status_code == 200


def test_other_filters_have_other_etags(client, scale):
    one = client.get("/commitments/?kind=pledge")["ETag"]
    other = client.get("/commitments/?kind=funding")["ETag"]
    assert one != other


@pytest.mark.parametrize(
    "address", ["/commitments/", "/commitments/scale-funding/", "/api/commitments"]
)
def test_staff_get_private_no_store_and_no_validators(editor_client, scale, address):
    response = editor_client.get(address)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "ETag" not in response


def test_staff_never_get_a_304(editor_client, scale):
    tag = Client().get("/commitments/")["ETag"]
    assert editor_client.get("/commitments/", HTTP_IF_NONE_MATCH=tag).status_code == 200


def test_errors_and_admin_are_not_marked_public(client, admin_client, scale):
    missing = client.get("/commitments/no-such-commitment/")
    assert missing.status_code == 404
    assert "public" not in missing.get("Cache-Control", "")
    bad = client.get("/commitments/?kind=banana")
    assert bad.status_code == 400
    assert "ETag" not in bad
    assert "public" not in admin_client.get("/admin/").get("Cache-Control", "")
    assert "ETag" not in client.get("/healthz")


def test_two_edits_within_one_second_never_share_a_validating_last_modified(
    client, scale, fresh_writes, monkeypatch
):
    """Issue 17, item 13: Last-Modified has one-second precision."""
    second = int(timezone.now().timestamp()) - 60
    at = lambda offset: datetime.datetime.fromtimestamp(second + offset, datetime.UTC)  # noqa: E731
    set_data_version(at(0.1))
    monkeypatch.setattr(timezone, "now", lambda: at(0.3))
    first = client.get("/commitments/")
    assert first["Last-Modified"] == http_date(second)

    fresh_writes()
    factories.PledgeFactory(slug="same-second", title="Made within the same second")
    set_data_version(at(0.6))
    monkeypatch.setattr(timezone, "now", lambda: at(0.8))
    again = client.get("/commitments/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert "Made within the same second" in again.content.decode()
    assert again["ETag"] != first["ETag"]

    # Once the second is over, its end is the stamp, and it validates an unchanged page.
    monkeypatch.setattr(timezone, "now", lambda: at(2.0))
    settled = client.get("/commitments/")
    assert settled["Last-Modified"] == http_date(second + 1)
    unchanged = client.get("/commitments/", HTTP_IF_MODIFIED_SINCE=settled["Last-Modified"])
    assert unchanged.status_code == 304
    assert unchanged["Last-Modified"] == settled["Last-Modified"]
