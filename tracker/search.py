"""One search across every kind of record, and the match every list's words filter uses.

On PostgreSQL: full-text search (``websearch_to_tsquery``) against each model's
stored ``search_vector`` (``to_tsvector('english', ...)`` of its searched columns,
kept up to date by a trigger and GIN-indexed, migration 0006). Ranking reads the
stored vector, and only among the ``RANK_WINDOW`` newest matches, so that a word
most records contain does not rank every one of them. On SQLite: every word must
occur, in any case, in one of the searched columns.

Each record type's registration says how it is searched (``Searched``: its columns, its
names, the relations it is found through, how the page shows it). A record is also found
by the names of what it is tied to: a quote by its speaker's name, a commitment by its
parties' countries and its organisations. Names (people, organisations, events,
countries) are matched by their letters, every word in one of their ``names``
("Starm" finds Starmer), not by full text. The
words match the record's own text or one related name whole: "Cooper border" finds
neither Cooper's quotes nor the quotes that say "border" only.

Each way of matching is its own indexed subquery of primary keys, joined by UNION, so
that PostgreSQL reads the GIN index and the foreign keys' indexes and counts no more
rows than match.

The search page reads a bounded number of rows whatever the number of matches: each
kind's count stops at ``COUNT_CAP`` (the page says "more than 1,000"), and its best
results are ranked among the ``RANK_WINDOW`` newest, each way of matching read only
that far by its own index; and a way through names is read only if some name matched
(most words match no name).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import Count, F, Model, Q, QuerySet, TextField, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, JSONObject

from tracker.models.evidence import EvidenceQuerySet
from tracker.records import registered, registration_of
from tracker.search_highlights import Shown, headlines, mark

CONFIG = "english"

# How many results of each kind the search page shows.
PER_KIND = 20
# Ranked search orders at most this many of the newest matches by relevance.
RANK_WINDOW = 200
# The search page counts each kind's matches up to this many and says "more than" beyond:
# counting every match read every match (a frequent word is in a fifth of the records).
COUNT_CAP = 1000


@dataclass(frozen=True)
class Kind:
    """A kind of record the search page shows: its public rows as its list reads them
    (``public``), the list its "show all" link opens, and what a result shows of it."""

    name: str
    noun: str
    plural: str
    public: Callable[[], QuerySet]
    list_url_name: str
    shown: Shown
    # How a result's row is read from the public rows, if not as its list reads it.
    read: Callable[[QuerySet], QuerySet] | None = None

    def rows(self) -> QuerySet:
        """The public rows as a result shows them, with their evidence where they have some."""
        rows = self.public()
        if self.read:
            return self.read(rows)
        if isinstance(rows, EvidenceQuerySet):
            rows = rows.for_listing().with_evidence()
        return rows


@dataclass(frozen=True)
class Searched:
    """How search finds one record type (its registration's ``search``), and shows it.

    A record is found by its own text (``fields``, full text) or, if it is a name (a person,
    organisation, event or country), by the letters of its ``names``; and by the names of
    what it is tied to (``through``: the path from the record, the named model). ``kind`` is
    how the search page shows it; None for a type found only through others (countries).
    """

    # The columns searched. Migration 0006's triggers store exactly these in
    # ``search_vector``; change both together (a new migration).
    fields: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    through: tuple[tuple[str, type[Model]], ...] = ()
    kind: Kind | None = None


def searched(model: type[Model]) -> Searched:
    """How search finds ``model``'s records (a type without ``search``: by nothing)."""
    return registration_of(model).search or Searched()


def kinds() -> list[Kind]:
    """The kinds the search page shows, in the order their types are registered."""
    return [
        registration.search.kind
        for registration in registered()
        if registration.search and registration.search.kind
    ]


def newest_first(model: type[Model]) -> tuple:
    """The model's own newest-first ordering; people, who have no date, latest added first."""
    return getattr(model, "NEWEST_FIRST", ("-pk",))


def uses_full_text(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def full_text_query(words: str) -> SearchQuery:
    return SearchQuery(words, config=CONFIG, search_type="websearch")


def named(queryset: QuerySet, words: str) -> QuerySet:
    """Rows whose name holds every word, in any case, in one of its ``names`` (``Searched``,
    from its registration)."""
    fields = searched(queryset.model).names
    for word in words.split():
        in_any = (Q(**{f"{field}__icontains": word}) for field in fields)
        queryset = queryset.filter(reduce(or_, in_any))
    return queryset


def _own_text(rows: QuerySet, words: str) -> QuerySet:
    if uses_full_text(rows):
        return rows.filter(search_vector=full_text_query(words))
    for word in words.split():
        fields = searched(rows.model).fields
        rows = rows.filter(reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)))
    return rows


def matching_keys(queryset: QuerySet, words: str) -> QuerySet:
    """The primary keys of the rows of ``queryset`` that ``words`` match, in any way: each
    way its own query on the rows, joined by UNION, so each reads its own index (and a
    count reads only the matches)."""
    rows = queryset.order_by()
    if searched(queryset.model).names:
        return named(rows, words).values("pk")
    keys = _own_text(rows, words).values("pk")
    through = [
        rows.filter(**{f"{path}__in": named(related._base_manager.all(), words)}).values("pk")
        for path, related in searched(queryset.model).through
    ]
    return keys.union(*through).order_by() if through else keys


def _ways(queryset: QuerySet, words: str, found: set | None = None) -> list[QuerySet]:
    """The rows of ``queryset`` that ``words`` match, one queryset per way of matching, each
    holding a row once, so that each can be cut short at a number of rows and still say
    how many rows it holds: a name reached through a foreign key is a join (PostgreSQL
    then stops reading at the cut), one through many rows (parties, many-to-many) a
    semi-join, which reads every row tied to the matching names to keep each row once.
    With ``found`` (the named models some name of which the words match), only the ways
    through those: a way through names that match nothing finds nothing."""
    rows = queryset.order_by()
    model = queryset.model
    if searched(model).names:
        return [named(rows, words)]
    ways = [_own_text(rows, words)]
    for path, related in searched(model).through:
        if found is not None and related not in found:
            continue
        names = {f"{path}__in": named(related._base_manager.all(), words)}
        if _through_many(model, path):
            ways.append(rows.filter(pk__in=model._base_manager.filter(**names).values("pk")))
        else:
            ways.append(rows.filter(**names))
    return ways


def _through_many(model: type[Model], path: str) -> bool:
    """Whether a row reaches more than one row by ``path`` (a join would repeat it)."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


def _union(querysets: list[QuerySet]) -> QuerySet:
    """The rows of every queryset, each once, in no order (a union otherwise takes its
    model's default ordering)."""
    first, *rest = querysets
    return first.union(*rest).order_by() if rest else first


def matching(queryset: QuerySet, words: str, *, ranked: bool = False) -> QuerySet:
    """The rows of ``queryset`` that match ``words``; best first if ``ranked``. Every list's
    words filter and the search page use it, so that both count the same rows."""
    model = queryset.model._meta.concrete_model
    if searched(model).names:
        matches = named(queryset, words)
        return matches.order_by("name", "pk") if ranked else matches
    if ranked and uses_full_text(queryset):
        return _ranked(queryset, _ways(queryset, words), words)
    # The keys are matched among the rows the other filters select, in each way's own
    # query: a list filtered by country reads only that country's matches.
    matches = queryset.filter(pk__in=matching_keys(queryset, words))
    if not ranked:
        return matches
    return matches.order_by(*newest_first(model))


def _ranked(queryset: QuerySet, ways: list[QuerySet], words: str) -> QuerySet:
    """The rows of ``queryset`` among the ``RANK_WINDOW`` newest that ``ways`` (``_ways()``
    of ``queryset``'s public rows) match, best first (PostgreSQL)."""
    order = newest_first(queryset.model._meta.concrete_model)
    # The newest matches are the newest of each way's own newest (of the one way's, if
    # one), each way read newest first by its own index and only that far, however many
    # rows it matches. The rows are then read by primary key, not matched again: the
    # planner knows how few they are and joins their relations by hash.
    newest = _union([way.order_by(*order).values("pk")[:RANK_WINDOW] for way in ways])
    if len(ways) > 1:
        model = queryset.model._base_manager
        newest = model.filter(pk__in=newest).order_by(*order).values("pk")[:RANK_WINDOW]
    return (
        queryset.filter(pk__in=newest)
        .annotate(rank=SearchRank(F("search_vector"), full_text_query(words)))
        .order_by("-rank", *order)
    )


def _counted_to_the_cap(ways: list[QuerySet]) -> tuple[str, list]:
    """SQL counting the rows the ``ways`` (``_ways()``) match, up to ``COUNT_CAP`` + 1 (more
    than the cap is all the page says), and its parameters."""
    most = COUNT_CAP + 1
    ways = [way.values("pk") for way in ways]
    if uses_full_text(ways[0]):
        # Each way only as far as the cap, by its own index: one way past the cap is
        # all of them past it. (SQLite cuts no part of a UNION short; it counts them all.)
        ways = [way[:most] for way in ways]
    sql, params = _union(ways).query.sql_with_params()
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


def _best(kind: Kind, ways: list[QuerySet], words: str, *, counted: bool) -> tuple[list, int]:
    """The kind's best ``PER_KIND`` matches, their words marked; and, if ``counted``, how many
    rows the ``ways`` match up to the cap (read in the same query), else 0."""
    if uses_full_text(ways[0]):
        rows = _ranked(kind.rows(), ways, words)
        rows = rows.annotate(**headlines(kind.shown, full_text_query(words), CONFIG))
    else:
        rows = matching(kind.rows(), words, ranked=True)
    if counted:
        rows = rows.annotate(matched=RawSQL(*_counted_to_the_cap(ways)))
    records = list(rows[:PER_KIND])
    mark(records, kind.shown, words)
    return records, records[0].matched if counted and records else 0


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


def _first_by_name(rows: QuerySet) -> tuple[str, list]:
    """A part of ``_first_reading()``'s query: the first ``PER_KIND`` of ``rows`` (names) by
    name, each with how many there are, its key, its name and its row as a JSON object.
    Every name that matches is counted: a table of names is small."""
    row = JSONObject(**{field.attname: F(field.attname) for field in _shown_fields(rows.model)})
    first = rows.order_by("name", "pk").values_list(
        Window(Count("pk")), "pk", "name", Cast(row, TextField())
    )
    return first[:PER_KIND].query.sql_with_params()


@dataclass(frozen=True)
class FirstReading:
    """What ``_first_reading()`` reads: each kind's public rows (``public``), its count, up to
    the cap (a record's by its own text), the first names of each kind of name, and the
    named models (those records are found through) some name of which the words match."""

    public: dict[Kind, QuerySet]
    counts: dict[Kind, int]
    names: dict[Kind, list]
    found: set[type[Model]]


def _first_reading(shown: list[Kind], words: str) -> FirstReading:
    """One query, of parts joined by UNION ALL: each kind of record's matches by its own text
    counted up to the cap, each kind of name's first names and count, and whether some name
    of each model records are found through matches (``_ways()`` leaves out the ways through
    the others). Each part is keyed by its kind or named model."""
    public = {kind: kind.public() for kind in shown}
    parts: list[tuple[object, str, list]] = []
    through = []
    for kind, rows in public.items():
        if searched(rows.model).names:
            parts.append((kind, *_first_by_name(named(rows, words))))
        else:
            parts.append((kind, *_counted(_own_text(rows, words), COUNT_CAP + 1)))
            through += [related for _, related in searched(rows.model).through]
    for related in dict.fromkeys(through):
        parts.append((related, *_counted(named(related._base_manager.all(), words), 1)))
    sql = " UNION ALL ".join(
        f"SELECT {position}, part.* FROM ({part_sql}) AS part"
        for position, (_, part_sql, _) in enumerate(parts)
    )
    with connections[public[shown[0]].db].cursor() as cursor:
        # By part, then names by name and key.
        cursor.execute(f"{sql} ORDER BY 1, 4, 3", [p for *_, params in parts for p in params])
        rows = cursor.fetchall()
    counts, names = {}, {kind: [] for kind in shown if searched(public[kind].model).names}
    for position, number, _, _, row in rows:
        what = parts[position][0]
        counts[what] = min(number, COUNT_CAP + 1)
        if row is not None:
            names[what].append(_as_record(public[what].model, row))
    found = {related for related in through if counts[related]}
    return FirstReading(public, {kind: counts.get(kind, 0) for kind in shown}, names, found)


def everything(words: str) -> list[Results]:
    """Each kind of public record matching ``words``, counted up to ``COUNT_CAP`` + 1, and
    its best shown: one query counts each kind's matches by its own text, reads the first
    names of each kind of name and finds which named models have a name that matches
    (``_first_reading()``); then one reads each kind of record that can match (with its
    prefetches), counting its matches through names too if some name matched. Each way of
    matching is read only to the cap or the window, however many match, but for the
    semi-joins through names tied by many rows (``_ways()``)."""
    shown = kinds()
    first = _first_reading(shown, words)
    results = []
    for kind in shown:
        count = first.counts[kind]
        if kind in first.names:
            records = first.names[kind]
            mark(records, kind.shown, words)
        else:
            ways = _ways(first.public[kind], words, first.found)
            # Through a name, the count is every way's; past the cap by its own text, it
            # is past the cap whatever else matches.
            through_names = len(ways) > 1 and count <= COUNT_CAP
            records = []
            if count or through_names:
                records, matched = _best(kind, ways, words, counted=through_names)
                count = matched if through_names else count
        results.append(Results(kind, count, records))
    return results
