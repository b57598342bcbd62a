"""What the search page reads: each kind of record's matches counted up to ``COUNT_CAP``
and its best ``PER_KIND``, in a bounded number of queries whatever the number of matches.

Names first (``_first_reading()``): one query counts each kind's matches by its own text,
reads the first people, organisations and events by name and finds which named models
records are found through have a name the words match. Then one query per kind of record
that can match reads its best results, through only the ways whose names matched (most
words match no name), ranked among the ``RANK_WINDOW`` newest (``search.ranked()``).
"""

import json
from dataclasses import dataclass
from functools import cache

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, router
from django.db.models import Count, F, Model, QuerySet, TextField, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, JSONObject

from tracker import search, search_sql
from tracker.search import (
    CONFIG,
    Kind,
    full_text_query,
    kinds,
    matching,
    named,
    own_text,
    ranked_newest,
    searched,
    union_of,
    uses_full_text,
    ways_of_matching,
    ways_through_names,
)
from tracker.search_highlights import headlines, mark
from tracker.search_related import read_with_related
from tracker.search_sql import Terms

# How many results of each kind the search page shows.
PER_KIND = 20
# The search page counts each kind's matches up to this many and says "more than" beyond:
# counting every match read every match (a frequent word is in a fifth of the records).
COUNT_CAP = 1000
# The search page reads records through the names they are tied to by those names' keys,
# if no more than this many names of a model match (a table of names is small).
NAMED_KEYS = 500


def _counted_to_the_cap(ways: list[QuerySet]) -> tuple[str, list]:
    """SQL counting the rows the ``ways`` (``ways_of_matching()``) match, up to ``COUNT_CAP``
    + 1 (more than the cap is all the page says), and its parameters."""
    most = COUNT_CAP + 1
    ways = [way.values("pk") for way in ways]
    if uses_full_text(ways[0]):
        # Each way only as far as the cap, by its own index: one way past the cap is
        # all of them past it. (SQLite cuts no part of a UNION short; it counts them all.)
        ways = [way[:most] for way in ways]
    sql, params = union_of(ways).query.sql_with_params()
    return f"(SELECT COUNT(*) FROM (SELECT 1 FROM ({sql}) AS matched LIMIT {most}) AS kept)", params


@dataclass(frozen=True)
class Results:
    """The records of one kind that match: how many (up to ``COUNT_CAP`` + 1), and the best
    ``PER_KIND`` of them, their matched words marked (``marked_title``, ``marked_excerpt``)."""

    kind: Kind
    count: int
    records: list

    @property
    def more_than_cap(self) -> bool:
        """More records match than the page counts: it says "more than" ``COUNT_CAP``."""
        return self.count > COUNT_CAP

    @property
    def shown_count(self) -> int:
        return min(self.count, COUNT_CAP)

    @property
    def truncated(self) -> bool:
        return self.count > len(self.records)


def _best(kind: Kind, terms: Terms, **reading: bool) -> tuple[list, int]:
    """The kind's best ``PER_KIND`` matches, read as ``_best_rows()`` reads them, their
    words marked if ``marked``; and, if ``counted``, how many rows its ways of matching
    match up to the cap (read in the same query), else 0. The query is built and compiled
    once per shape (``search_sql``)."""
    windows = (
        search.RANK_WINDOW,
        search.WALK_ROWS,
        search.NEWEST_ROWS,
        search.WALK_PROBE_ROWS,
        search.WALK_PROBE_MATCHES,
    )
    shape = ("best", kind.name, *sorted(reading.items()), COUNT_CAP, PER_KIND, *windows)
    rows = search_sql.rows(shape, lambda terms: _best_rows(kind, terms, **reading), terms)
    marked, counted = reading["marked"], reading["counted"]
    records = read_with_related(rows)
    if marked:
        mark(records, kind.shown, terms.words)
    return records, records[0].matched if counted and records else 0


def _best_rows(
    kind: Kind,
    terms: Terms,
    *,
    by_text: bool,
    counted: bool,
    marked: bool,
    few: bool = False,
    many: bool = False,
) -> QuerySet:
    """The query ``_best()`` reads: the kind's best ``PER_KIND`` through its ways of matching
    (``ways_of_matching()``, by its own text if ``by_text``, which ``few`` or ``many``
    records say), with their headlines if ``marked``, and, if ``counted``, how many rows the
    ways match up to the cap."""
    ways = ways_of_matching(
        kind.public(), terms.words, terms.found, by_text=by_text, few=few, many=many
    )
    if uses_full_text(ways[0]):
        rows = ranked_newest(kind.rows(), ways, terms.words)
        if marked:
            rows = rows.annotate(**headlines(kind.shown, full_text_query(terms.words), CONFIG))
    else:
        rows = matching(kind.rows(), terms.words, ranked=True)
    if counted:
        rows = rows.annotate(matched=RawSQL(*_counted_to_the_cap(ways)))
    return rows[:PER_KIND]


def _shown_fields(model: type[Model]) -> list:
    """The columns a name's result can show: all but its stored search vector."""
    return [
        field for field in model._meta.concrete_fields if not isinstance(field, SearchVectorField)
    ]


def _as_record(model: type[Model], row: str) -> Model:
    """A name's record from its row as a JSON object."""
    values = json.loads(row)
    return model(
        **{field.attname: field.to_python(values[field.attname]) for field in _shown_fields(model)}
    )


def _counted(rows: QuerySet, most: int) -> tuple[str, list]:
    """A part of ``_first_reading()``'s query: how many of ``rows`` there are, up to ``most``;
    in the columns ``_first_by_name()`` fills, 0 for a key (a number, as a name's key is)
    and no name or JSON row."""
    sql, params = rows.order_by().values("pk")[:most].query.sql_with_params()
    return f"SELECT COUNT(*), 0, NULL, NULL FROM ({sql}) AS counted", params


def _keys(rows: QuerySet) -> tuple[str, list]:
    """A part of ``_first_reading()``'s query: the keys of ``rows`` (names records are found
    through), up to ``NAMED_KEYS``, each with how many there are; in the columns
    ``_first_by_name()`` fills, 0 for a key (a country's is text), no name, and the key as
    text in the row's column."""
    keys = rows.order_by().values_list(
        Window(Count("pk")), Value(0), Value(None, TextField()), Cast("pk", TextField())
    )
    return keys[:NAMED_KEYS].query.sql_with_params()


def _first_by_name(rows: QuerySet) -> tuple[str, list]:
    """A part of ``_first_reading()``'s query: the first ``PER_KIND`` of ``rows`` (names) by
    name, each with how many there are, its key, its name and its row as a JSON object.
    Every name that matches is counted: a table of names is small."""
    row = JSONObject(**{field.attname: F(field.attname) for field in _shown_fields(rows.model)})
    first = rows.order_by("name", "pk").values_list(
        Window(Count("pk")), "pk", "name", Cast(row, TextField())
    )
    return first[:PER_KIND].query.sql_with_params()


@cache
def _model_of(kind: Kind) -> type[Model]:
    return kind.public().model


@cache
def _read_first(shown: tuple[Kind, ...]) -> tuple:
    """What each part of ``_first_reading()``'s query reads, in order: each kind, then each
    named model records are found through."""
    through = [
        related
        for kind in shown
        if not searched(_model_of(kind)).names
        for _, related in searched(_model_of(kind)).through
    ]
    return (*shown, *dict.fromkeys(through))


def _first_sql(shown: tuple[Kind, ...], words: str) -> tuple[str, list]:
    """``_first_reading()``'s query and its parameters: its parts (``_read_first()``) joined
    by UNION ALL, each keyed by its position."""
    parts = []
    for what in _read_first(shown):
        if isinstance(what, Kind):
            rows = what.public()
            if searched(rows.model).names:
                parts.append(_first_by_name(named(rows, words)))
            else:
                parts.append(_counted(own_text(rows, words, counted=True), COUNT_CAP + 1))
        else:
            parts.append(_keys(named(what._base_manager.all(), words)))
    sql = " UNION ALL ".join(
        f"SELECT {position}, part.* FROM ({part_sql}) AS part"
        for position, (part_sql, _) in enumerate(parts)
    )
    # By part, then names by name and key.
    return f"{sql} ORDER BY 1, 4, 3", [p for _, params in parts for p in params]


@dataclass(frozen=True)
class FirstReading:
    """What ``_first_reading()`` reads: each kind's count, up to the cap (a record's by its
    own text), the first names of each kind of name, and the named models (those records
    are found through) some name of which the words match, each with the keys of those
    names (None past ``NAMED_KEYS``)."""

    counts: dict[Kind, int]
    names: dict[Kind, list]
    found: dict[type[Model], list | None]


def _first_reading(shown: list[Kind], words: str) -> FirstReading:
    """One query, of parts joined by UNION ALL: each kind of record's matches by its own text
    counted up to the cap, each kind of name's first names and count, and the keys of the
    names of each model records are found through that match (``ways_of_matching()`` leaves
    out the ways through models none of whose names match, and reads the others by these
    keys). Each part is keyed by its kind or named model. Compiled once per number of
    words (``search_sql``)."""
    shown = tuple(shown)
    parts = _read_first(shown)
    using = router.db_for_read(_model_of(shown[0]))
    shape = ("first", tuple(kind.name for kind in shown), COUNT_CAP, NAMED_KEYS, PER_KIND)
    sql, params = search_sql.sql(
        shape, lambda terms: _first_sql(shown, terms.words), Terms(words, {}), using
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    through = [what for what in parts if not isinstance(what, Kind)]
    counts = {}
    names = {kind: [] for kind in shown if searched(_model_of(kind)).names}
    keys = {related: [] for related in through}
    for position, number, _, _, row in rows:
        what = parts[position]
        counts[what] = min(number, COUNT_CAP + 1)
        if what in keys:
            keys[what].append(what._meta.pk.to_python(row))
        elif row is not None:
            names[what].append(_as_record(_model_of(what), row))
    found = {
        related: sorted(keys[related]) if counts[related] <= NAMED_KEYS else None
        for related in keys
        if counts.get(related)
    }
    return FirstReading({kind: counts.get(kind, 0) for kind in shown}, names, found)


def everything(words: str, *, marked: bool = True) -> list[Results]:
    """Each kind of public record matching ``words``, counted up to ``COUNT_CAP`` + 1, and
    its best shown, their matched words marked if ``marked`` (the page marks them; an
    export, which shows none, reads no headline: ``ts_headline`` of the twenty articles
    shown was two thirds of their query at 100,000, benchmarks/RESULTS.md, search7).

    One query counts each kind's matches by its own text, reads the first names of each
    kind of name and finds which named models have a name that matches
    (``_first_reading()``); then one reads each kind of record that can match (with its
    prefetches), counting its matches through names too if some name matched. Each way of
    matching is read only to the cap or the window, however many match, but for the
    semi-joins through names tied by many rows (``ways_of_matching()``)."""
    shown = kinds()
    first = _first_reading(shown, words)
    results = []
    for kind in shown:
        count = first.counts[kind]
        if kind in first.names:
            records = first.names[kind]
            if marked:
                mark(records, kind.shown, words)
        else:
            # Words that match no record of the kind by its own text are not looked for in
            # its text again: the planner expects some matches and walked every record of
            # the kind newest first to rank them ("serbia": 500,000 quotes at 1,000,000).
            by_text = count > 0
            through = ways_through_names(_model_of(kind), first.found)
            found = {related: first.found[related] for _, related in through}
            ways = by_text + len(through)
            # Through a name, the count is every way's; past the cap by its own text, it
            # is past the cap whatever else matches.
            through_names = ways > (1 if count else 0) and count <= COUNT_CAP
            records = []
            if ways:
                records, matched = _best(
                    kind,
                    Terms(words, found),
                    by_text=by_text,
                    # No more than the cap say the words: their rows are few.
                    few=by_text and count <= COUNT_CAP,
                    # More than the cap: their newest are looked for among the newest
                    # rows first. Never counted through their way, then.
                    many=count > COUNT_CAP,
                    counted=through_names,
                    marked=marked,
                )
                count = matched if through_names else count
        results.append(Results(kind, count, records))
    return results
