"""tracker.postgresql: while a request is served, no wait for PostgreSQL outlasts the
statement timeout by more than half a second; a stalled server is then refused at
once, without connecting, until a probe sees it answer. Management commands are not
limited. The server-level test is tests/ops/test_stalled_database.py."""

import time

import pytest
from django.db import OperationalError, connection, connections
from django.http import StreamingHttpResponse
from django.urls import path

from tracker.postgresql import stalls, waits

from .conftest import free_port
from .stalling_proxy import StallingProxy


def bounds(request):
    """Says, as it streams, how long the request may wait for the database."""
    return StreamingHttpResponse(str(waits.answer_timeout()) for _ in range(2))


urlpatterns = [path("bounds/", bounds)]


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_waits_are_bounded_from_a_requests_start_to_its_last_byte(client, settings):
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 1000
    assert waits.answer_timeout() is None
    response = client.get("/bounds/")
    assert b"".join(response.streaming_content) == b"1.51.5"
    response.close()
    assert waits.answer_timeout() is None


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_an_editors_request_waits_longer_than_a_public_page(client, settings):
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 1000
    settings.DATABASE_EDITORS_STATEMENT_TIMEOUT_MS = 20000
    settings.ADMIN_PATH = "bounds/"
    response = client.get("/bounds/")
    assert b"".join(response.streaming_content) == b"20.520.5"
    response.close()
    assert waits.answer_timeout() is None


def test_a_statement_timeout_of_zero_bounds_nothing(settings):
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 0
    with waits.bounded():
        assert waits.answer_timeout() is None
        assert waits.statement_timeout_ms() == 0


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="tracker.postgresql is the PostgreSQL backend"
)


@pytest.fixture
def own_connection(django_db_setup, django_db_blocker):
    """Connections of their own to the test database (a stall would break the test's),
    by alias, as Django's PostgreSQL signals look them up by alias."""
    aliases = []

    def make(alias: str, **settings_dict):
        connections.settings[alias] = {
            **connection.settings_dict,
            "OPTIONS": dict(connection.settings_dict["OPTIONS"]),
            **settings_dict,
        }
        aliases.append(alias)
        return connections[alias]

    with django_db_blocker.unblock():
        yield make
        for alias in aliases:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


@postgresql_only
def test_a_kept_connection_opened_under_the_other_cap_is_reopened(own_connection, settings):
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 1000
    settings.DATABASE_EDITORS_STATEMENT_TIMEOUT_MS = 20000
    db = own_connection("cap-test")

    def cap() -> str:
        with db.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return cursor.fetchone()[0]

    try:
        waits.request_started(environ={"PATH_INFO": "/commitments/"})
        assert cap() == "1s"
        waits.request_started(environ={"PATH_INFO": f"/{settings.ADMIN_PATH}tracker/"})
        assert db.connection is None
        assert cap() == "20s"
        waits.request_started(environ={"PATH_INFO": f"/{settings.ADMIN_PATH}tracker/quote/"})
        assert db.connection is not None  # the same cap: the connection is kept
        assert cap() == "20s"
    finally:
        waits.request_finished()


def select_one(db) -> tuple:
    with db.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()


@pytest.fixture
def proxy():
    stalling = StallingProxy(int(connection.settings_dict["PORT"] or 5432))
    yield stalling
    stalling.close()


@postgresql_only
def test_a_stalled_server_is_given_up_then_refused_at_once_until_it_answers(
    own_connection, proxy, settings
):
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 200
    db = own_connection("stall-test", HOST="127.0.0.1", PORT=str(proxy.port))
    try:
        with waits.bounded():
            assert select_one(db) == (1,)
            proxy.stall()
            started = time.monotonic()
            with pytest.raises(OperationalError, match=r"did not answer within 0\.7 s"):
                select_one(db)
            assert time.monotonic() - started < 1.5
            db.close()

            started = time.monotonic()
            with pytest.raises(OperationalError, match="stopped answering"):
                db.ensure_connection()
            assert time.monotonic() - started < 0.1

            proxy.resume()
            deadline = time.monotonic() + 5
            while "stall-test" in stalls._noticed:
                assert time.monotonic() < deadline, "the probe did not see the server answer"
                time.sleep(0.1)
            assert select_one(db) == (1,)
    finally:
        db.close()


@postgresql_only
def test_a_slow_statement_in_a_request_is_cancelled_by_the_server(own_connection, settings):
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 300
    db = own_connection("slow-statement-test")
    try:
        with waits.bounded():
            with db.cursor() as cursor:
                cursor.execute("SHOW statement_timeout")
                assert cursor.fetchone() == ("300ms",)
                started = time.monotonic()
                with pytest.raises(OperationalError, match="statement timeout"):
                    cursor.execute("SELECT pg_sleep(3)")
                assert time.monotonic() - started < 0.8
            # A live server said no: the connection still works, and nothing stalled.
            assert select_one(db) == (1,)
            assert "slow-statement-test" not in stalls._noticed
    finally:
        db.close()


@postgresql_only
def test_management_commands_are_not_limited(own_connection, settings):
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 200
    db = own_connection("command-test")
    try:
        assert "statement_timeout" not in db.get_connection_params().get("options", "")
        with db.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(1)")
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone() == ("0",)
    finally:
        db.close()


@postgresql_only
def test_a_refused_connection_is_not_a_stall(own_connection, settings):
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 200
    db = own_connection("refused-test", HOST="127.0.0.1", PORT=str(free_port()))
    with waits.bounded():
        for _ in range(2):
            with pytest.raises(OperationalError, match="refused"):
                db.ensure_connection()
    assert "refused-test" not in stalls._noticed
