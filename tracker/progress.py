"""A long download tells the server that its worker is still making progress.

gunicorn kills a sync worker from which it has heard nothing for ``timeout`` seconds (30,
gunicorn.conf.py), and a sync worker speaks only between requests: so a download longer
than that was cut short however steadily it went (the JSON of 1,000,000 commitments is
3.4 GB). The timeout is there for a worker that is stuck. An export whose every read of
the database is bounded (tracker.export_cursor, tracker.postgresql) and which has just
handed the server another chunk of its body is not stuck; so each worker registers its
heartbeat here when it starts (``post_worker_init`` in gunicorn.conf.py), and the exports
call ``made_progress()`` after each chunk of CSV and each JSON record they write
(tracker.exports). A client that stops reading holds the worker in its write, with no
progress: killed at the timeout as before.
Elsewhere (tests, ``runserver``) nothing is registered and ``made_progress`` does nothing.
"""

from collections.abc import Callable

_heartbeat: Callable[[], None] | None = None


def beat_with(heartbeat: Callable[[], None]) -> None:
    """Call ``heartbeat`` (a gunicorn worker's ``notify``) whenever an export progresses."""
    global _heartbeat
    _heartbeat = heartbeat


def made_progress() -> None:
    """A chunk of a long response has been handed to the server."""
    if _heartbeat is not None:
        _heartbeat()
