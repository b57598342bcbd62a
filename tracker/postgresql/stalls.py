"""A process's memory that PostgreSQL stopped answering, and the probe that ends it.

When a request's wait for the server runs out (``waits``) or connecting times out, the
process stops connecting: every later request fails at once with ``DatabaseStalled``
(a 503 from tracker.middleware, at once rather than after another timeout, so that
queued requests are not held up either), while one background thread connects every
``PROBE_INTERVAL_SECONDS`` and runs ``SELECT 1``. When that answers, the process
connects again. A refused connection is not a stall: it fails at once by itself, so
the next request simply tries again.
"""

import logging
import threading
import time
from collections.abc import Callable

import psycopg

from tracker.postgresql import waits

logger = logging.getLogger("tracker.availability")

PROBE_INTERVAL_SECONDS = 0.5


class DatabaseStalled(psycopg.OperationalError):
    """PostgreSQL did not answer in time; Django raises it as its OperationalError."""


# Database alias -> when this process noticed that it stopped answering (monotonic).
_noticed: dict[str, float] = {}
_lock = threading.Lock()


def refuse_if_stalled(alias: str) -> None:
    """Fail at once, without connecting, while the database is known to be stalled."""
    noticed = _noticed.get(alias)
    if noticed is not None:
        ago = time.monotonic() - noticed
        raise DatabaseStalled(
            f"PostgreSQL stopped answering {ago:.1f} s ago; not connecting until it answers"
        )


def notice(alias: str, probe: Callable[[], None]) -> None:
    """Remember that ``alias`` stalled, and probe it in the background until it answers."""
    with _lock:
        if alias in _noticed:
            return
        _noticed[alias] = time.monotonic()
    logger.error("Database %r stopped answering: answering 503 until it does again.", alias)
    thread = threading.Thread(
        target=_probe_until_answered, args=(alias, probe), name=f"probe-{alias}", daemon=True
    )
    thread.start()


def _probe_until_answered(alias: str, probe: Callable[[], None]) -> None:
    while True:
        time.sleep(PROBE_INTERVAL_SECONDS)
        try:
            with waits.bounded():
                probe()
        except psycopg.Error:
            continue
        with _lock:
            noticed = _noticed.pop(alias)
        logger.warning("Database %r answers again after %.1f s.", alias, time.monotonic() - noticed)
        return
