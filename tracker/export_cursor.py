"""An export's rows read from the database a chunk at a time, every read a short statement.

Outside a transaction Django declares a server-side cursor ``WITH HOLD``, and PostgreSQL
then makes every row of it in the one statement that declares it: the CSV of 1,000,000
commitments took several seconds there, and the requests' statement timeout (1 s,
tracker.postgresql) cancelled it mid-download. A cursor declared inside a transaction
makes its rows only as they are fetched, each ``FETCH`` a statement of one chunk, so
``streamed`` reads the rows inside a transaction of their own:

- opened when the first row is asked for, as the body starts streaming (never in the
  view: a response whose body is never read holds nothing open);
- committed after the last row, or rolled back when the rows are closed before (the
  client went away, or something failed): the export's generators are closed with the
  response, and Django's ``HttpResponse.close`` closes them before it sends
  ``request_finished``, so the connection is back in autocommit when Django decides
  whether to keep it (``CONN_MAX_AGE``) and the next request on it starts clean;
- every wait within is still a statement's, bounded while the request is served
  (``tracker.postgresql.waits``): a database that stalls mid-download ends the download
  within the statement timeout and its grace, as before;
- a cursor over ``MANY`` rows or more is planned to start fast (PostgreSQL's default
  ``cursor_tuple_fraction``), so that each FETCH makes its own chunk: planned for every
  row (the connection's setting, settings.py), the 50,000 quotes of the 100,000 set were
  sorted whole in the first FETCH (588 ms at load 13; an index walk with an incremental
  sort instead, 26–79 ms), which grows with the rows past the statement timeout. Fewer
  rows keep the plan for every row: a fast start walked the newest-first index over
  every commitment to find one country's 1,053 (212 ms instead of 12 ms at 100,000);
- one snapshot (``REPEATABLE READ``) for the rows and the queries each chunk makes beside
  them, so that a record and its related rows agree however long the download;
- a transaction left idle longer than ``IDLE_SECONDS`` (a client that stopped reading
  under a server that does not kill its worker, such as gunicorn's gthread workers) is
  ended by PostgreSQL, so that no download holds its snapshot and table locks for long.

An export whose rows are all it reads (``alone``: no query beside them, such as the
commitments CSV's) and that has no more rows than a chunk reads them in one plain
statement, as one FETCH would: the transaction and its cursor cost five more round trips
(BEGIN, its settings, DECLARE, COMMIT) for one chunk.

SQLite has no server-side cursors, and its transactions here take the write lock at once
(``IMMEDIATE``, settings): its rows are read as before, outside any transaction. Inside a
transaction already (a test's), the cursor is declared without hold anyway.
"""

from collections.abc import Iterator

from django.db import connections, transaction
from django.db.models import QuerySet

# From how many rows (the export's count) a cursor is planned to start fast.
MANY = 10_000
# PostgreSQL's default: plan a cursor for its first tenth of rows.
FAST_START = "0.1"
# A transaction left idle this long between reads is ended by the server: gunicorn's
# worker timeout (gunicorn.conf.py), past which a sync worker is killed anyway.
IDLE_SECONDS = 30


def streamed(
    rows: QuerySet, chunk_size: int, count: int | None = None, alone: bool = False
) -> Iterator:
    """``rows`` (``count`` of them, where known) read ``chunk_size`` at a time as they are
    asked for; ``alone``: no query is made beside them. Close it when done
    (``contextlib.closing``): a server-side cursor left to the garbage collector closes in
    the middle of a later request's query and hangs the worker
    (tests/performance/test_streamed_exports.py)."""
    connection = connections[rows.db]
    if alone and count is not None and count <= chunk_size:
        yield from rows._chain()
        return
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield from rows.iterator(chunk_size=chunk_size)
        return
    with transaction.atomic(using=rows.db):
        with connection.cursor() as cursor:
            # One snapshot for the rows and every query made beside them for the same
            # chunk (a chunk's parties, citations, countries): what an editor changes
            # during a long download is in none of them or in all (read-only: never a
            # serialisation failure).
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute(
                "SELECT set_config('idle_in_transaction_session_timeout', %s, true),"
                " set_config('cursor_tuple_fraction', %s, true)",
                [f"{IDLE_SECONDS}s", FAST_START if (count or 0) >= MANY else "1"],
            )
        yield from rows.iterator(chunk_size=chunk_size)
