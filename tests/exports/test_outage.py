"""Exports while the database is away: a 503 with Retry-After, like the pages; a
failure half way through breaks the download instead of ending it as if complete."""

import pytest
from django.db import OperationalError, connection

from tests import factories
from tests.exports.bulk import body, csv_rows
from tracker import export_rows
from tracker.middleware import RETRY_AFTER_SECONDS

pytestmark = pytest.mark.django_db

LISTS = (
    "/commitments/",
    "/quotes/",
    "/sources/",
    "/countries/",
    "/people/",
    "/organisations/",
    "/figures/",
    "/announcements/",
    "/events/",
)


def database_away(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("address", LISTS)
def test_an_export_answers_503_when_the_database_is_away(client, address, fmt):
    factories.PledgeFactory()
    with connection.execute_wrapper(database_away):
        response = client.get(f"{address}?format={fmt}")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    assert b"Back soon" in body(response)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_empty_export_still_answers_whole(client, fmt):
    response = client.get(f"/commitments/?format={fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        assert csv_rows(response) == []
    else:
        assert body(response) == b'{"count": 0, "results": []}'


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_failure_half_way_breaks_the_export(client, monkeypatch, fmt):
    """The rows after the first chunk are read as the body streams: the database going
    away then raises out of the stream (the server breaks the connection) instead of
    ending the body as if every row had been sent."""
    monkeypatch.setattr(export_rows, "CHUNK", 2)
    for _ in range(5):
        factories.CommitmentPartyFactory(commitment=factories.PledgeFactory())
    response = client.get(f"/commitments/?format={fmt}")
    assert response.status_code == 200
    stream = iter(response.streaming_content)
    started = next(stream)
    assert started
    with connection.execute_wrapper(database_away), pytest.raises(OperationalError):
        for _ in stream:
            pass
