"""tracker/middleware.py: the 503 when the database is away, and the headers Django lacks."""

import logging
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.urls import include, path

from tracker.middleware import RETRY_AFTER_SECONDS


def counts(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("counted")


def fails(request):
    raise ValueError("a bug, not an outage")


# The site's own routes too: the error pages link to them.
urlpatterns = [path("counts/", counts), path("fails/", fails), path("", include("tracker.urls"))]

BROKEN = "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection"


def assert_friendly_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    assert b"Back soon" in response.content
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_view_on_a_broken_database_answers_503(client, error, caplog):
    with (
        mock.patch(BROKEN, side_effect=error("connection refused")),
        caplog.at_level(logging.ERROR, logger="tracker.availability"),
    ):
        response = client.get("/counts/")
    assert_friendly_503(response)
    assert "Database unavailable" in caplog.text
    assert "/counts/" in caplog.text


@pytest.mark.django_db
def test_a_real_page_on_a_broken_database_answers_503(client):
    assert client.get("/").status_code == 200
    with mock.patch(BROKEN, side_effect=OperationalError("server closed the connection")):
        response = client.get("/")
    assert_friendly_503(response)


@pytest.mark.urls(__name__)
def test_other_errors_are_not_disguised_as_outages(client):
    client.raise_request_exception = False
    assert client.get("/fails/").status_code == 500


@pytest.mark.urls(__name__)
def test_the_503_page_survives_a_broken_template(client, caplog):
    with (
        mock.patch(BROKEN, side_effect=OperationalError("connection refused")),
        mock.patch("tracker.middleware.loader.render_to_string", side_effect=RuntimeError),
    ):
        response = client.get("/counts/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert b"Back soon" in response.content


@pytest.mark.django_db
def test_permissions_policy_denies_powerful_features(client):
    policy = client.get("/healthz")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
