"""A streamed export left half read is closed at once, and never kept (issue 17, item 7b).

An aborted CSV download's generator, kept alive by the page cache's wrapping until the
garbage collector finalised it, closed its server-side cursor in the middle of a later
request's query on the same connection: on PostgreSQL a worker hung on psycopg's
connection lock, and a later download was cut short behind a 200.
"""

import gc
import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection

from tests import factories
from tests.exports.bulk import body
from tests.ops.conftest import REPO, free_port, production_env
from tests.views.scale import Scale
from tests.world import build_world
from tracker import export_cursor, export_rows, models
from tracker.http_cache import PAGES

CSV = "/commitments/?country=serbia&format=csv"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_TIMEOUT = 3600


def open_export_generators() -> list:
    """Generators of an export and of the database rows it reads that are still open."""
    names = {"lines", "pieces", "streamed", "cursor_iter", "_iterator"}
    return [
        thing
        for thing in gc.get_objects()
        if type(thing).__name__ == "generator" and thing.__name__ in names and thing.gi_frame
    ]


@pytest.mark.parametrize("address", [CSV, "/commitments/?country=serbia&format=json"])
def test_closing_a_half_read_export_closes_its_rows_at_once(client, db, page_cache, address):
    Scale().grow(30)
    # An earlier test's response never read, in a reference cycle, waits for a collection
    # with its generators: collected now, so that only this response's are counted.
    gc.collect()
    earlier = open_export_generators()
    response = client.get(address)
    chunks = iter(response.streaming_content)
    next(chunks)
    next(chunks)  # the client hangs up here
    gc.disable()  # only what closing the response does counts, not a later collection
    try:
        assert [g for g in open_export_generators() if g not in earlier]
        response.close()
        del chunks
        assert [g for g in open_export_generators() if g not in earlier] == []
    finally:
        gc.enable()
    assert len(caches[PAGES]._cache) == 0


def test_an_export_that_fails_half_way_is_not_kept(client, db, page_cache, monkeypatch):
    Scale().grow(5)
    text = export_rows.text  # the commitments' text cells
    written = []

    def failing_text(value):
        written.append(value)
        if len(written) > 12:
            raise RuntimeError("the database went away half way")
        return text(value)

    monkeypatch.setattr(export_rows, "text", failing_text)
    response = client.get(CSV)
    with pytest.raises(RuntimeError):
        b"".join(response.streaming_content)
    assert len(caches[PAGES]._cache) == 0


def many_pledges_with_serbia(count: int) -> None:
    """Enough rows that the server is still writing when the client hangs up."""
    pledges = models.Commitment.objects.bulk_create(
        factories.PledgeFactory.build(slug=f"bulk-pledge-{n}", summary="Promised. " * 40)
        for n in range(count)
    )
    models.CommitmentParty.objects.bulk_create(
        models.CommitmentParty(commitment=pledge, country_id="RS", role=models.PartyRole.PARTNER)
        for pledge in pledges
    )


def read_then_hang_up(port: int, size: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {CSV} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        received = 0
        while received < size and (part := sock.recv(size - received)):
            received += len(part)


def download(port: int) -> tuple[int | None, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request("GET", CSV)
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException):
        return None, b""
    finally:
        conn.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side cursors")
def test_an_exports_cursor_is_planned_for_all_its_rows(db):
    """An export reads every row of its cursor: planned for its first tenth (the
    default), one country's export walked the newest-first index over every commitment in
    its first FETCH (benchmarks/RESULTS.md)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW cursor_tuple_fraction")
        assert cursor.fetchone()[0] == "1"


def open_cursors() -> list[tuple[str, bool]]:
    """The statements and holdability of the connection's open cursors."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, is_holdable FROM pg_cursors")
        return cursor.fetchall()


def setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side cursors")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("address", [CSV, "/commitments/?format=json", "/quotes/?format=csv"])
@pytest.mark.parametrize("read_whole", [True, False])
def test_an_exports_rows_come_from_a_cursor_without_hold_in_a_transaction_of_their_own(
    client, monkeypatch, address, read_whole
):
    """Each FETCH makes only its chunk, a short statement, where a cursor WITH HOLD made
    every row in one (cancelled by the 1 s statement timeout at 1,000,000 commitments).
    The transaction ends with the rows, and the connection is left in autocommit, with
    no cursor and none of the transaction's settings, for the next request."""
    Scale().grow(10)
    for quote in factories.QuoteFactory.create_batch(10):
        quote.countries.set(["RS"])
    # Written 2 rows at a time, fetched 2 at a time: the cursor is still open below.
    monkeypatch.setattr(export_rows, "CHUNK", 2)
    monkeypatch.setattr(export_rows, "FETCHED", 2)
    monkeypatch.setattr(export_cursor, "MANY", 5)  # these are many: planned to start fast
    response = client.get(address)
    assert connection.get_autocommit()  # nothing opened in the view
    chunks = iter(response.streaming_content)
    try:
        next(chunks)
        next(chunks)
        assert connection.in_atomic_block
        cursors = open_cursors()
        assert [holdable for _, holdable in cursors] == [False]
        assert "DECLARE" in cursors[0][0]
        assert setting("idle_in_transaction_session_timeout") == "30s"
        assert setting("cursor_tuple_fraction") == "0.1"
        assert setting("transaction_isolation") == "repeatable read"  # one snapshot
        if read_whole:
            rest = b"".join(chunks)
            assert rest.endswith(b"]}" if "json" in address else b"/\r\n")
    finally:
        response.close()  # as the server closes a response, whole or not
        del chunks
    assert connection.get_autocommit() and not connection.in_atomic_block
    assert open_cursors() == []
    assert setting("idle_in_transaction_session_timeout") == "0"
    assert setting("cursor_tuple_fraction") == "1"
    assert setting("transaction_isolation") == "read committed"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side cursors")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_long_export_finds_the_same_disagreements_as_a_short_one(client, monkeypatch):
    """From MANY rows, an export's cursor is planned to start fast (export_cursor): the
    rows, and whether each commitment's sources disagree, are the same."""
    build_world()
    # Read through a cursor, not in one statement as an export of one FETCH is.
    monkeypatch.setattr(export_rows, "FETCHED", 2)
    short = body(client.get("/commitments/?format=csv"))
    assert b",true,http" in short and b",false,http" in short
    monkeypatch.setattr(export_cursor, "MANY", 1)
    fractions = []

    def record_fraction(execute, sql, params, many, context):
        if "cursor_tuple_fraction" in sql:
            fractions.append(params[1])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record_fraction):
        fast_start = body(client.get("/commitments/?format=csv"))
    assert fractions == [export_cursor.FAST_START]  # the fast-start plan did run
    assert fast_start == short


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side cursors")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_cursor_over_few_rows_is_planned_for_all_of_them(client, monkeypatch):
    """Fewer than MANY rows: a plan for every row, not a fast start that may walk a whole
    index to find them (export_cursor)."""
    Scale().grow(10)
    monkeypatch.setattr(export_rows, "CHUNK", 2)
    monkeypatch.setattr(export_rows, "FETCHED", 2)
    response = client.get(CSV)
    chunks = iter(response.streaming_content)
    try:
        next(chunks)
        next(chunks)
        assert connection.in_atomic_block
        assert setting("cursor_tuple_fraction") == "1"
    finally:
        response.close()
        del chunks


@pytest.mark.slow
@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side cursors")
# The server reads committed rows; the countries the migrations made come back first, in
# case an earlier transactional test of this worker flushed them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_aborted_downloads_leave_a_worker_that_serves_every_download_whole(tmp_path):
    """gunicorn (one sync worker, 10 s timeout) on this test's PostgreSQL database: a
    client reads 3,000 bytes of a CSV export and hangs up, then downloads it whole."""
    many_pledges_with_serbia(3000)
    port = free_port()
    name = connection.settings_dict["NAME"]
    environment = production_env(
        DATABASE_URL=f"postgres://{connection.settings_dict['USER']}@127.0.0.1:"
        f"{connection.settings_dict['PORT'] or 5432}/{name}",
        DJANGO_SETTINGS_MODULE="tests.ops.serve_settings",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_TIMEOUT="10",
        WEB_CONCURRENCY="1",
        # Larger than the export, which is then streamed (not kept) for every request.
        PAGE_CACHE_MAX_BYTES="1000",
        PYTHONPATH=str(REPO),
    )
    log = tmp_path / "gunicorn.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py"],
            cwd=REPO,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while download(port)[0] != 200:
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        whole = download(port)[1]
        assert len(whole) > 100_000
        for attempt in range(30):
            read_then_hang_up(port, 3000)
            # A hung worker is killed at its timeout: this download then fails or is short.
            status, body = download(port)
            assert (status, len(body)) == (200, len(whole)), (attempt, log.read_text()[-3000:])
        assert "WORKER TIMEOUT" not in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=20)
