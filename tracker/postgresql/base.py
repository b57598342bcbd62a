"""Django's PostgreSQL backend, with every wait for the server bounded in requests.

TCP keepalives and ``tcp_user_timeout`` (settings) notice a network that drops
packets, and ``statement_timeout`` makes a live server give up on a slow query; none
of them helps when the peer's kernel still acknowledges every packet but nothing
answers (a proxy or forwarder that stopped relaying, a server stuck on its disk). So
while a request is served, each of psycopg's waits for an answer is limited
(``waits.answer_timeout``): when it runs out the connection, now in an unknown state,
is closed, the process stops connecting until the server answers again (``stalls``),
and the request answers 503 (tracker.middleware).
"""

from functools import partial

import psycopg
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql import base
from psycopg import errors

from tracker.postgresql import stalls, waits


class BoundedConnection(psycopg.Connection):
    """A psycopg connection whose waits for the server end with ``waits.answer_timeout``."""

    def wait(self, gen, interval: float = 0.1, timeout: float | None = None):
        if timeout is None:
            timeout = waits.answer_timeout()
        try:
            return super().wait(gen, interval, timeout)
        # psycopg's own timeout error: private, but what its ``wait`` documents to raise.
        except errors._WaitTimeout:
            # Half a query may be on the wire: the connection can never be used again.
            self.pgconn.finish()
            self.stalled()
            raise stalls.DatabaseStalled(
                f"PostgreSQL did not answer within {timeout:g} s"
            ) from None

    def stalled(self) -> None:
        """Told when the server did not answer in time (set by ``DatabaseWrapper``)."""


def probe(conn_params: dict) -> None:
    """Connect and run ``SELECT 1``, within the limits of a request."""
    with BoundedConnection.connect(**conn_params) as connection:
        connection.execute("SELECT 1")


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict:
        params = super().get_connection_params()
        # Only a connection opened to serve requests gets the statement timeout:
        # management commands (migrations, bulk loads) may rightly run long statements.
        if milliseconds := waits.statement_timeout_ms():
            params["options"] = " ".join(
                filter(None, [params.get("options"), f"-c statement_timeout={milliseconds}"])
            )
        return params

    def get_new_connection(self, conn_params: dict) -> BoundedConnection:
        # What Django's own method does besides connecting, this backend does not need.
        if {"pool", "isolation_level"} & self.settings_dict["OPTIONS"].keys():
            raise ImproperlyConfigured("tracker.postgresql supports no pool or isolation_level.")
        self.isolation_level = psycopg.IsolationLevel.READ_COMMITTED
        stalls.refuse_if_stalled(self.alias)
        notice = partial(stalls.notice, self.alias, partial(probe, conn_params))
        try:
            connection = BoundedConnection.connect(**conn_params)
        except errors.ConnectionTimeout:
            if waits.answer_timeout() is not None:
                notice()
            raise
        connection.stalled = notice
        return connection
