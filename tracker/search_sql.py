"""The search page's SQL, compiled once per process for each shape of query and bound to each
search's own terms.

Building a search's querysets and compiling them to SQL (each kind's ways of matching,
ranked, counted and their headlines: dozens of subqueries) was most of the page's Python,
though from one search to the next only the parameters change: the words, their ``LIKE``
patterns and the keys of the names that matched (benchmarks/RESULTS.md, search4). A
query's shape is what its SQL's text depends on (``Terms.shape()``: how many words, which
named models' keys and how many of each; the caller adds which query and the caps). Its
SQL is compiled once from placeholder terms no search can give (private-use characters,
keys below any a table holds), each parameter that is a placeholder is remembered as a
slot, and each search binds the slots to its own terms, derived as the ORM derives them
(``tests/views/test_search_sql.py`` compares the bound SQL with the ORM's, term for term).

The record pages' reads of chosen rows by key (``by_keys``: a country's or an
organisation's newest few of each kind, tracker.chosen_records) are compiled the same way,
once per model and number of keys: their querysets, with the evidence's subqueries, cost
more to build and compile than to run (benchmarks/RESULTS.md, pages6).
"""

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.query import Query

from tracker.compiled_shapes import Shapes

# Shapes remembered per process, the least recently used forgotten first: each way
# through names is a shape per number of keys (up to search_page.NAMED_KEYS).
SHAPES_KEPT = 256

# Placeholders: a number between characters of Unicode's private-use area, a pair for words
# and another for keys that are text, which no search is mistaken for (a search's words
# holding them are bound as values, never taken for a placeholder); and keys that are
# numbers below any a table's sequence gives.
_OPEN, _CLOSE = "\ue010", "\ue011"
_OPEN_KEY, _CLOSE_KEY = "\ue012", "\ue013"
_LOWEST_KEY = -(2**40)
_MARKS = (_OPEN, _CLOSE, _OPEN_KEY, _CLOSE_KEY)


@dataclass(frozen=True)
class Terms:
    """What a search binds its SQL to: its words, and for each named model records are
    found through whose names matched, the keys of those names (None: match the names)."""

    words: str
    found: Mapping[type[Model], list | None]

    def shape(self) -> tuple:
        found = tuple(
            (model._meta.label, None if keys is None else len(keys))
            for model, keys in self.found.items()
        )
        return (len(self.words.split()), found)


def _placeholders(terms: Terms) -> Terms:
    """Terms of the same shape whose every word and key is a placeholder."""
    words = " ".join(f"{_OPEN}{n}{_CLOSE}" for n in range(len(terms.words.split())))
    found, position = {}, 0
    for model, keys in terms.found.items():
        if keys is None:
            found[model] = None
            continue
        # A key is a number or text as given (a primary key of either kind, a slug).
        found[model] = [
            _LOWEST_KEY - n if isinstance(key, int) else f"{_OPEN_KEY}{n}{_CLOSE_KEY}"
            for n, key in enumerate(keys, start=position)
        ]
        position += len(keys)
    return Terms(words, found)


def _slots(params: list, placeholder: Terms, connection) -> list[tuple[int, Callable]]:
    """Where each of ``placeholder``'s terms is among ``params``, with how a search's own
    term takes its place: the words whole (full text), a word as a ``LIKE`` pattern (its
    letters), a key."""
    like = connection.ops.prep_for_like_query
    binders: dict[Hashable, Callable[[Terms], object]] = {
        placeholder.words: lambda terms: terms.words
    }
    for n, word in enumerate(placeholder.words.split()):
        binders[f"%{like(word)}%"] = lambda terms, n=n: f"%{like(terms.words.split()[n])}%"
    for model, keys in placeholder.found.items():
        for n, key in enumerate(keys or ()):
            binders[key] = lambda terms, model=model, n=n: terms.found[model][n]
    slots = []
    for position, param in enumerate(params):
        binder = binders.get(param) if isinstance(param, str | int) else None
        if binder:
            slots.append((position, binder))
        elif isinstance(param, str) and any(mark in param for mark in _MARKS):
            raise ValueError(f"A search term in a parameter this module cannot bind: {param!r}")
    return slots


@dataclass(frozen=True)
class _Compiled:
    """A shape's SQL, its parameters with placeholders, and where to bind a search's terms;
    for a queryset, the queryset and what its compiler worked out to read the rows."""

    sql: str
    params: tuple
    slots: list[tuple[int, Callable]]
    queryset: QuerySet | None = None
    reading: dict | None = None

    def bound(self, terms: Terms) -> tuple:
        params = list(self.params)
        for position, binder in self.slots:
            params[position] = binder(terms)
        return tuple(params)


_SHAPES: Shapes[_Compiled] = Shapes(SHAPES_KEPT)


def sql(
    shape: tuple, build: Callable[[Terms], tuple[str, list]], terms: Terms, using: str
) -> tuple[str, tuple]:
    """``build``'s SQL and parameters for ``terms``: built and compiled once for the shape."""

    def compile_shape() -> _Compiled:
        placeholder = _placeholders(terms)
        text, params = build(placeholder)
        _check(text)
        return _Compiled(text, tuple(params), _slots(params, placeholder, connections[using]))

    compiled = _SHAPES.get(("sql", using, *shape, *terms.shape()), compile_shape)
    return compiled.sql, compiled.bound(terms)


def rows(shape: tuple, build: Callable[[Terms], QuerySet], terms: Terms) -> QuerySet:
    """``build``'s queryset for ``terms``, unevaluated, as if built for them (its iterable,
    relations and prefetches), its SQL compiled once for the shape."""

    def compile_shape() -> _Compiled:
        placeholder = _placeholders(terms)
        built = build(placeholder)
        compiler = built.query.get_compiler(using=built.db)
        text, params = compiler.as_sql()
        _check(text)
        reading = {
            "select": compiler.select,
            "klass_info": compiler.klass_info,
            "annotation_col_map": compiler.annotation_col_map,
            "col_count": compiler.col_count,
            "has_extra_select": compiler.has_extra_select,
        }
        queryset = built._chain()
        queryset.query.__class__ = _CompiledQuery
        slots = _slots(params, placeholder, connections[built.db])
        return _Compiled(text, tuple(params), slots, queryset, reading)

    compiled = _SHAPES.get(("rows", *shape, *terms.shape()), compile_shape)
    queryset = compiled.queryset._chain()
    queryset.query.compiled = compiled
    queryset.query.params = compiled.bound(terms)
    return queryset


def by_keys(
    name: str, model: type[Model], build: Callable[[list], QuerySet], keys: list
) -> QuerySet:
    """``build(keys)``, the rows of ``model`` with these keys, unevaluated: built and
    compiled once per ``name``, model and number of keys."""
    return rows(("keys", name), lambda terms: build(terms.found[model]), Terms("", {model: keys}))


def _check(text: str) -> None:
    if any(mark in text for mark in _MARKS):
        raise ValueError("A search term in the SQL's text, not in its parameters")


class _CompiledQuery(Query):
    """A query whose SQL was compiled once for its shape (``compiled``), bound to one
    search's parameters (``params``)."""

    compiled: _Compiled
    params: tuple = ()

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        if using:
            connection = connections[using]
        return _CompiledCompiler(self, connection, using, elide_empty)


class _CompiledCompiler(SQLCompiler):
    """Reads a ``_CompiledQuery``'s rows as the compiler that compiled its shape read them."""

    def __init__(self, query: _CompiledQuery, connection, using, elide_empty=True) -> None:
        super().__init__(query, connection, using, elide_empty)
        for name, value in query.compiled.reading.items():
            setattr(self, name, value)

    def as_sql(self, with_limits=True, with_col_aliases=False):
        return self.query.compiled.sql, self.query.params
