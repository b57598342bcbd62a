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

The search page (``search_page``) reads a bounded number of rows whatever the number of
matches: its best results are ranked among the ``RANK_WINDOW`` newest, each way of
matching read only that far by its own index.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import (
    BooleanField,
    Expression,
    F,
    Func,
    Model,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from tracker.models.evidence import EvidenceQuerySet
from tracker.records import registered, registration_of
from tracker.search_highlights import Shown
from tracker.search_newest import NewestMatches, Probe

CONFIG = "english"

# Ranked search orders at most this many of the newest matches by relevance.
RANK_WINDOW = 200
# Words that match many records' own text have their newest ``RANK_WINDOW`` looked for by
# walking this many of the newest records, then among that many of the newest, before
# among every match (``search_newest``).
WALK_ROWS = 1_000
NEWEST_ROWS = 10_000
# The walk is taken only if at least this many of this many of the newest rows match: fewer
# than one in twelve, and the walk's 1,000 rows would hold some 80 matches, far from the 200 it
# needs. A threshold at the window's own share (20 of 100) turned away words about that
# frequent whose walk would have filled the window (the announcements of "border security",
# 20 % of them), which then paid 3-4 times as much among the newest (benchmarks/RESULTS.md,
# search10).
WALK_PROBE_ROWS = 100
WALK_PROBE_MATCHES = 8


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
            rows = self.read(rows)
        elif isinstance(rows, EvidenceQuerySet):
            rows = rows.for_listing().with_evidence()
        return rows.defer(*_vectors(rows.model, rows.query.select_related))


def _vectors(model: type[Model], related: dict | bool, path: str = "") -> list[str]:
    """The stored search vectors of ``model`` and of the related rows it is read with
    (``select_related``), as ``defer()`` names them: a vector is matched and ranked in the
    database, never shown, and grows with its record's text; sending the twenty shown rows'
    vectors as text cost the articles' and the commitments' queries ~0.5 ms each at 100,000
    (benchmarks/RESULTS.md, search6)."""
    names = [
        f"{path}{field.name}"
        for field in model._meta.concrete_fields
        if isinstance(field, SearchVectorField)
    ]
    for name, deeper in related.items() if isinstance(related, dict) else ():
        names += _vectors(model._meta.get_field(name).related_model, deeper, f"{path}{name}__")
    return names


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
    # Whether its text is long (articles): its stored vector is then kept out of line
    # (TOAST), and matching it row by row costs many times what the planner prices, so its
    # matches are counted from the GIN index (``own_text(counted=True)``).
    long_text: bool = False


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


class _QueryPlannedUnseen(SearchQuery):
    """The words' query as a scalar subquery, ``(SELECT websearch_to_tsquery(…))``: an
    InitPlan, whose value the planner does not know when it plans. It then takes the words
    to match few rows, and reads the matches from the GIN index rather than matching every
    row's vector in turn until enough match."""

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return f"(SELECT {sql})", params


def _first_key_of_the_last(rows: QuerySet, order: tuple) -> tuple[QuerySet, Expression, bool]:
    """The first key of the newest-first sort ``order`` of the ``NEWEST_ROWS``-th newest of
    ``rows`` (a query of one value, found from the sort index alone), that key and whether
    the sort is descending by it.

    It is read in the order of that key alone: the full order only breaks its ties, so the
    key at each place is the same; a tie broken by a related row's column (a quote's
    speaker's name) had every one of the newest rows joined to it and sorted (7.6 ms for the
    quotes' 10,000 newest at 100,000, 0.6 from their sort index alone; benchmarks/RESULTS.md,
    search11)."""
    first = order[0]
    if isinstance(first, str):
        key, descending = F(first.removeprefix("-")), first.startswith("-")
    else:
        key, descending = first.expression, first.descending
    last = rows.order_by(first).annotate(first_key=key).values("first_key")
    return last[NEWEST_ROWS - 1 : NEWEST_ROWS], key, descending


def _among_the_newest(rows: QuerySet, words: str, order: tuple) -> QuerySet:
    """The rows of the ``NEWEST_ROWS`` newest whose own text ``words`` match: those on or
    after the newest-first sort's first key of the last of them, the words' query hidden
    from the planner, so that it expects few matches and ands the GIN index's with the
    range of the sort key's index."""
    last, key, descending = _first_key_of_the_last(rows, order)
    bound = Subquery(last)
    on_or_after = GreaterThanOrEqual(key, bound) if descending else LessThanOrEqual(key, bound)
    unseen = _QueryPlannedUnseen(words, config=CONFIG, search_type="websearch")
    return rows.filter(on_or_after, search_vector=unseen)


def _newest_matches(rows: QuerySet, words: str) -> NewestMatches:
    """The keys of the ``RANK_WINDOW`` newest of ``rows`` that ``words`` match by their own
    text, found by walking the ``WALK_ROWS`` newest (if at least ``WALK_PROBE_MATCHES`` of the
    ``WALK_PROBE_ROWS`` newest match), else among the ``NEWEST_ROWS`` newest, else among every
    match (``search_newest``)."""
    order = newest_first(rows.model._meta.concrete_model)

    def newest(matches: QuerySet) -> QuerySet:
        return matches.order_by(*order).values("pk")[:RANK_WINDOW]

    walked = rows.order_by(*order).values_list("pk", "search_vector")
    return NewestMatches(
        walked[:WALK_ROWS],
        full_text_query(words),
        newest(_among_the_newest(rows, words, order)),
        newest(own_text(rows, words)),
        RANK_WINDOW,
        Probe(walked[:WALK_PROBE_ROWS], WALK_PROBE_MATCHES),
    )


def own_text(
    rows: QuerySet, words: str, *, counted: bool = False, few: bool = False, many: bool = False
) -> QuerySet:
    """The rows whose own text ``words`` match. ``counted``: rows to be counted (up to a
    cap); ``few``: rows known to be few (no more than that cap), to be ranked. Both are read
    from the GIN index, for a type of ``long_text``, whatever the planner estimates. Its
    estimate of a frequent word (a third of the articles) has a scan matching each article
    in turn stop at the cap early, but each article's vector is read from TOAST first: at
    100,000 commitments that scan took 8–26 ms to count 1,001 of 20,000 articles, the index
    2–3 ms (benchmarks/RESULTS.md, search6). Walking the newest articles to rank the newest
    200 of 947 ("lesotho") matched ~4,000 in turn (10 ms of CPU); the index reads the 947
    and sorts them (0.7 ms; search7). ``many``: rows known to be many (more than that
    cap), to be ranked: only their ``RANK_WINDOW`` newest (``search_newest``)."""
    if uses_full_text(rows) and many:
        return rows.filter(_KeyAmong(F("pk"), _newest_matches(rows, words)))
    if uses_full_text(rows):
        unseen = (counted or few) and searched(rows.model).long_text
        query = _QueryPlannedUnseen if unseen else SearchQuery
        return rows.filter(search_vector=query(words, config=CONFIG, search_type="websearch"))
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
    keys = own_text(rows, words).values("pk")
    through = [
        rows.filter(**{f"{path}__in": named(related._base_manager.all(), words)}).values("pk")
        for path, related in searched(queryset.model).through
    ]
    return keys.union(*through).order_by() if through else keys


def ways_of_matching(
    queryset: QuerySet,
    words: str,
    found: Mapping[type[Model], list | None] | None = None,
    *,
    by_text: bool = True,
    few: bool = False,
    many: bool = False,
) -> list[QuerySet]:
    """The rows of ``queryset`` that ``words`` match, one queryset per way of matching, each
    holding a row once, so that each can be cut short at a number of rows and still say
    how many rows it holds: a name reached through a foreign key is a join (PostgreSQL
    then stops reading at the cut), one through many rows (parties, many-to-many) a
    semi-join, which reads every row tied to the matching names to keep each row once.
    With ``found`` (the named models some name of which the words match, each with the
    keys of those names, or None), only the ways through those: a way through names that
    match nothing finds nothing; and a way through names whose keys are known is read by
    those keys, which the planner can estimate (it takes a name's ``LIKE '%OF%'`` to match
    a third of the names and may then scan every record for the few tied to them). Without
    ``by_text`` (the words match no record's own text), only the ways through names; with
    ``few``, the words match few records' own text, with ``many`` many, of which the way
    holds only the ``RANK_WINDOW`` newest (``own_text()``)."""
    rows = queryset.order_by()
    model = queryset.model
    if searched(model).names:
        return [named(rows, words)]
    ways = [own_text(rows, words, few=few, many=many)] if by_text else []
    for path, related in ways_through_names(model, found):
        keys = found.get(related) if found else None
        names = {f"{path}__in": named(related._base_manager.all(), words) if keys is None else keys}
        if _through_many(model, path):
            ways.append(rows.filter(pk__in=model._base_manager.filter(**names).values("pk")))
        else:
            ways.append(rows.filter(**names))
    return ways


def ways_through_names(
    model: type[Model], found: Mapping[type[Model], list | None] | None = None
) -> list[tuple[str, type[Model]]]:
    """The relations to names ``ways_of_matching()`` reads ``model``'s records through: each
    path and named model, with ``found`` only those to the named models in it."""
    through = searched(model).through
    return [(path, related) for path, related in through if found is None or related in found]


def _through_many(model: type[Model], path: str) -> bool:
    """Whether a row reaches more than one row by ``path`` (a join would repeat it)."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


def union_of(querysets: list[QuerySet]) -> QuerySet:
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
        return ranked_newest(queryset, ways_of_matching(queryset, words), words)
    # The keys are matched among the rows the other filters select, in each way's own
    # query: a list filtered by country reads only that country's matches.
    matches = queryset.filter(pk__in=matching_keys(queryset, words))
    if not ranked:
        return matches
    return matches.order_by(*newest_first(model))


class _KeyAmong(Func):
    """A row's key among ``keys`` (``ArraySubquery``), as ``key = ANY(ARRAY(keys))``:
    PostgreSQL reads the keys once and then each row by its primary key's index, where
    ``key IN (keys)`` hashed a scan of every row (it does not expect how few they are)."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def _newest_known(way: QuerySet) -> NewestMatches | None:
    """The keys a way of ``own_text(many=True)`` holds (``NewestMatches``), else None."""
    for condition in way.query.where.children:
        # A filter by an expression is held as the lookup ``expression = true``.
        condition = getattr(condition, "lhs", condition)
        if isinstance(condition, _KeyAmong):
            keys = condition.get_source_expressions()[1]
            if isinstance(keys, NewestMatches):
                return keys
    return None


def ranked_newest(queryset: QuerySet, ways: list[QuerySet], words: str) -> QuerySet:
    """The rows of ``queryset`` among the ``RANK_WINDOW`` newest that ``ways``
    (``ways_of_matching()`` of ``queryset``'s public rows) match, best first (PostgreSQL)."""
    order = newest_first(queryset.model._meta.concrete_model)
    # The newest matches are the newest of each way's own newest (of the one way's, if
    # one), each way read newest first by its own index and only that far, however many
    # rows it matches. The rows are then read by primary key, not matched again: the
    # planner knows how few they are and joins their relations by hash.
    newest = union_of([way.order_by(*order).values("pk")[:RANK_WINDOW] for way in ways])
    newest = ArraySubquery(newest)
    if len(ways) == 1 and (known := _newest_known(ways[0])):
        # The way holds only the newest matches' keys (``own_text(many=True)``): the rows
        # are read by them once, not once to sort them and again to show them.
        newest = known
    elif len(ways) > 1:
        model = queryset.model._base_manager
        newest = model.filter(_KeyAmong(F("pk"), newest))
        newest = ArraySubquery(newest.order_by(*order).values("pk")[:RANK_WINDOW])
    return (
        queryset.filter(_KeyAmong(F("pk"), newest))
        .annotate(rank=SearchRank(F("search_vector"), full_text_query(words)))
        .order_by("-rank", *order)
    )
