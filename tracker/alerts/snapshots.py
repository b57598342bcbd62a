"""Which changes had committed when an alert was written, so that a change committed a
moment later, out of the order of the change ids, is alerted once and not lost.

On PostgreSQL, ids come from a sequence when a row is written, but a row is seen when
its transaction commits: an editor's change 10 may commit after another's change 11,
after an alert has moved its mark past 11. So every change records its transaction
(``pg_current_xact_id()``, ``in_this_transaction``), and an alert records the snapshot it
was written in (``Snapshot.now``: the transactions committed then). The next alert also
takes the changes at or below the mark whose transaction had not committed in that
snapshot (``late``), and nothing the snapshot it writes does not count as committed
(``committed``), since that change would come again as late.

SQLite lets one writer in at a time, from its first write to its commit, so its changes
commit in the order of their ids and none is ever late: its snapshot is empty, which
counts every change as committed.
"""

from dataclasses import asdict, dataclass

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL


def in_this_transaction() -> RawSQL | None:
    """A change's transaction, as an expression of the INSERT that writes it."""
    if connection.vendor != "postgresql":
        return None
    return RawSQL("pg_current_xact_id()::text::bigint", ())


@dataclass(frozen=True)
class Snapshot:
    """PostgreSQL's ``pg_snapshot`` at an alert: the transactions below ``xmin`` had
    ended, none from ``xmax`` had, nor those ``running``; ``own`` is the alert's
    transaction, whose changes it sees as committed (in the tests, where the alert is
    written in the transaction of the changes)."""

    xmin: int | None = None
    xmax: int | None = None
    running: tuple[int, ...] = ()
    own: int | None = None

    @classmethod
    def now(cls) -> "Snapshot":
        if connection.vendor != "postgresql":
            return cls()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_snapshot_xmin(s)::text, pg_snapshot_xmax(s)::text,"
                " ARRAY(SELECT x::text FROM pg_snapshot_xip(s) AS x),"
                " pg_current_xact_id()::text"
                " FROM pg_current_snapshot() AS s"
            )
            xmin, xmax, running, own = cursor.fetchone()
        return cls(int(xmin), int(xmax), tuple(sorted(int(x) for x in running)), int(own))

    @classmethod
    def stored(cls, data: dict) -> "Snapshot":
        return cls(**{**data, "running": tuple(data.get("running", ()))})

    def to_store(self) -> dict:
        return asdict(self) if self.xmin is not None else {}

    def committed(self, transaction: int | None) -> bool:
        """Whether a change of ``transaction`` had committed in this snapshot (every
        change has, with no snapshot)."""
        if self.xmin is None or transaction is None or transaction == self.own:
            return True
        if transaction < self.xmin:
            return True
        return transaction < self.xmax and transaction not in self.running

    def late(self) -> Q:
        """The changes that may not have committed in this snapshot (a superset, which
        ``committed`` then decides)."""
        if self.xmin is None:
            return Q(pk__in=[])
        return Q(xact__gte=self.xmin)
