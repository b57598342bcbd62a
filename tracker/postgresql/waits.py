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


def request_started(**kwargs) -> None:
    _state.bounded = True


def request_finished(**kwargs) -> None:
    _state.bounded = False


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
    """The server-side cap on any one statement of a request; 0 when turned off."""
    return settings.DATABASE_STATEMENT_TIMEOUT_MS if getattr(_state, "bounded", False) else 0


def answer_timeout() -> float | None:
    """Seconds to wait for any one answer from the server now; None: no limit."""
    milliseconds = statement_timeout_ms()
    return milliseconds / 1000 + GRACE_SECONDS if milliseconds else None
