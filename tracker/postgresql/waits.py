"""How long the app waits for PostgreSQL: bounded while it serves a request, unbounded
otherwise.

A request that finds the database stalled must answer 503 within about a second, so
while one is served (from Django's ``request_started`` to ``request_finished``, which
comes after the last byte of a streamed export) every wait for the server is limited
to the statement timeout plus ``GRACE_SECONDS``. Management commands are not limited:
a migration or a bulk load may rightly run one long statement.

Deliberately free of psycopg, so that the app registry can connect the signals
whichever database is configured.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

# Beyond the statement timeout, so that a live server's cancellation (a clean error on
# a connection that stays usable) normally arrives before the client gives up.
GRACE_SECONDS = 0.5

_state = threading.local()


def request_started(environ=None, **kwargs) -> None:
    _state.bounded = True
    _state.editors = bool(environ) and environ.get("PATH_INFO", "").startswith(
        f"/{settings.ADMIN_PATH}"
    )
    _reopen_if_limit_changed()


def request_finished(**kwargs) -> None:
    _state.bounded = False
    _state.editors = False


@contextmanager
def bounded() -> Iterator[None]:
    """Limit this thread's waits as a request's are (for work outside any request)."""
    before = getattr(_state, "bounded", False)
    _state.bounded = True
    try:
        yield
    finally:
        _state.bounded = before


def statement_timeout_ms() -> int:
    """The server-side cap on any one statement of a request; 0 when turned off. An
    editor's request (the admin: imports, a save waiting for another's lock) may rightly
    run longer than a public page's, so it has its own, longer cap."""
    if not getattr(_state, "bounded", False) or not settings.DATABASE_STATEMENT_TIMEOUT_MS:
        return 0
    if getattr(_state, "editors", False):
        return settings.DATABASE_EDITORS_STATEMENT_TIMEOUT_MS
    return settings.DATABASE_STATEMENT_TIMEOUT_MS


def _reopen_if_limit_changed() -> None:
    """A kept connection carries the statement timeout it was opened with: one opened
    for a public page is closed before an editor's request, and the other way round, so
    that each request runs under its own cap (admin requests are few)."""
    from django.db import connections

    wanted = statement_timeout_ms()
    for connection in connections.all(initialized_only=True):
        opened_with = getattr(connection, "opened_with_statement_timeout_ms", wanted)
        # Never inside a transaction (a test's): closing would end it.
        if connection.connection is None or connection.in_atomic_block:
            continue
        if opened_with != wanted:
            connection.close()


def answer_timeout() -> float | None:
    """Seconds to wait for any one answer from the server now; None: no limit."""
    milliseconds = statement_timeout_ms()
    return milliseconds / 1000 + GRACE_SECONDS if milliseconds else None
