"""The keys of a frequent word's newest matches, found in steps (``search.own_text(many=True)``:
the first reading counted more of a kind's records than the page counts).

Ranking the newest ``RANK_WINDOW`` matches read every match: the GIN index's, then each row's
heap page to sort it, 3,458 rows for the commitments of "border security" at 100,000, ten
times as many at 1,000,000 (benchmarks/RESULTS.md, search8). A word that frequent has its
newest matches among the newest rows, however many rows there are, so they are looked for
there first, in three steps, each only if the one before found fewer than the window:

1. walking the newest rows newest first (their sort index), matching each in turn, at most
   as many as the walk's ``LIMIT`` (which also keeps the planner off the GIN index): a word
   in one row in five fills the window there. The walk is taken only where a few of the
   newest rows (a probe, matched the same way) say it may fill the window: where a word is
   in fewer than one row in twelve of them, it would read all its rows for nothing (an
   article's vector read from TOAST each: 1,000 articles for the 54 newest of "Nadia
   Petrovic" at 100,000, about 3 ms of the database's CPU; search10);
2. among a larger number of the newest, which PostgreSQL reads by anding the GIN index's
   matches with the range of the sort key's index, fetching only the rows in both (355 rows
   for "border security" at 100,000);
3. among every match, as before.

Each step after the first is an InitPlan PostgreSQL runs only if its value is read, that is
if the step before found too few. The keys are the same whichever step finds them: every row
outside a step's newest rows sorts after every row in them.
"""

from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery
from django.db.models import BigIntegerField, Expression, QuerySet


@dataclass(frozen=True)
class Probe:
    """Whether the walk is taken: ``newest``, the newest rows' keys and search vectors as the
    walk reads them but fewer, at least ``matches`` of which the words must match (read until
    that many do)."""

    newest: QuerySet
    matches: int


class NewestMatches(Expression):
    """The keys of the ``window`` newest matches, as an array (for ``key = ANY(…)``): the
    first of ``walked`` (the newest rows' keys and search vectors, newest first, as many as
    the walk may read) matched by ``query``, ``ranged`` (the newest matches' keys among more
    of the newest rows) and ``every`` (the newest matches' keys) that holds ``window``. The
    walk is taken only if at least ``probe.matches`` of ``probe.newest`` match."""

    output_field = ArrayField(BigIntegerField())

    def __init__(
        self,
        walked: QuerySet,
        query: SearchQuery,
        ranged: QuerySet,
        every: QuerySet,
        window: int,
        probe: Probe,
    ) -> None:
        super().__init__()
        self.walked, self.query, self.ranged, self.every = walked, query, ranged, every
        self.window, self.probe = window, probe

    def _first_filled(self, keys: str, otherwise: str) -> str:
        # OFFSET 0 keeps PostgreSQL from copying ``keys`` into each place it is read.
        return (
            f"(SELECT CASE WHEN cardinality(found.keys) >= {self.window} THEN found.keys "
            f"ELSE {otherwise} END FROM (SELECT {keys} AS keys OFFSET 0) AS found)"
        )

    def as_sql(self, compiler, connection):
        (
            walked_sql,
            walked_params,
            probed_sql,
            probed_params,
            ranged_sql,
            ranged_params,
            every_sql,
            every_params,
        ) = (
            part
            for rows in (self.walked, self.probe.newest, self.ranged, self.every)
            for part in rows.query.get_compiler(connection=connection).as_sql()
        )
        query_sql, query_params = compiler.compile(self.query.resolve_expression(self.walked.query))
        # Counted only as far as it needs: a frequent word's probe stops at its first matches.
        probed = (
            f"(SELECT COUNT(*) FROM (SELECT FROM ({probed_sql}) AS probed (pk, vector) "
            f"WHERE probed.vector @@ {query_sql} LIMIT {self.probe.matches}) AS found)"
        )
        # No walk (NULL, an array of no cardinality) where the probe found too few.
        walked = (
            f"CASE WHEN {probed} >= {self.probe.matches} THEN "
            f"ARRAY(SELECT walked.pk FROM ({walked_sql}) AS walked (pk, vector) "
            f"WHERE walked.vector @@ {query_sql} LIMIT {self.window}) END"
        )
        ranged = self._first_filled(f"ARRAY({ranged_sql})", f"ARRAY({every_sql})")
        # An array, not a subquery, to ``= ANY()``: typed as the key's array.
        key_type = self.walked.model._meta.pk.rel_db_type(connection)
        sql = f"{self._first_filled(walked, ranged)}::{key_type}[]"
        # In the order the text holds them: each step's ``otherwise`` before its keys.
        return sql, (
            *every_params,
            *ranged_params,
            *probed_params,
            *query_params,
            *walked_params,
            *query_params,
        )
