"""``/healthz`` (tracker/views/health.py)."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_healthz_answers_head(client):
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, error):
    cursor = mock.MagicMock()
    cursor.__enter__.return_value.execute.side_effect = error("server closed the connection")
    with mock.patch("tracker.views.health.connection.cursor", return_value=cursor):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    assert b"database unavailable" in response.content


@pytest.mark.django_db
def test_healthz_really_runs_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get("/healthz").status_code == 200
