"""A list page's rows, their SQL compiled once per process for each shape of filters and
bound to each address's own values.

Building a list's queryset (its filters, the evidence's subqueries, the country's
party or row joined, the sort) and compiling it to SQL cost more than running it, on every
list page and htmx fragment (benchmarks/RESULTS.md, lists7), though from one address to the
next only the values change: Grenada's list and Lesotho's are one SQL with another country's
key. A form names the fields whose value is only a parameter (``BOUND_FIELDS``: a record
chosen, a kind, a status) and those whose value changes the SQL (``SHAPING_FIELDS``: the
sort, the money filter). A page's *shape* is its form, which of its fields are set and the
shaping fields' values; its SQL is compiled once from stand-in values no address can give
(keys below any a table holds, text between private-use characters), each parameter that is
a stand-in is remembered as a slot, and each page binds the slots to its own values. A form
whose address sets any other field (words, dates, amounts), or that names no fields, is
built by the ORM as before. tests/views/test_list_sql.py compares the bound SQL and the
rows with the ORM's, field by field.

The page is cut by ``LIMIT``/``OFFSET`` as the ORM cuts it (``limit_offset_sql``), after the
compiled SQL, so every page of a shape shares it; the count is remembered under the shape
and the values, less the order (every sort of a list shares it), and counted by the ORM when
it is not.
"""

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.query import Query
from django.forms import Form
from django.http import HttpRequest

from tracker.compiled_shapes import Shapes
from tracker.remembering import known_or_counted, remembered

# Shapes remembered per process, the least recently used forgotten first: a list's
# combinations of filters in use times its sorts.
SHAPES_KEPT = 256

# Stand-ins: text between two characters of Unicode's private-use area (not search's), and
# keys that are numbers below any a table's sequence gives.
_OPEN, _CLOSE = "\ue020", "\ue021"
_LOWEST_KEY = -(2**41)


def _stand_in(value, position: int):
    """A value of ``value``'s kind that no address gives: a record with a key no table
    holds, or marked text."""
    if isinstance(value, Model):
        key = value.pk
        stand_in_key = (
            _LOWEST_KEY - position if isinstance(key, int) else f"{_OPEN}{position}{_CLOSE}"
        )
        return type(value)(pk=stand_in_key), stand_in_key
    text = f"{_OPEN}{position}{_CLOSE}"
    return text, text


def _bound_value(value):
    return value.pk if isinstance(value, Model) else value


@dataclass(frozen=True)
class _Compiled:
    """A shape's SQL (no ``LIMIT``), its parameters with stand-ins, where each address's
    values go (parameter position, value position), the queryset it was compiled from and
    what its compiler worked out to read the rows."""

    sql: str
    params: tuple
    slots: tuple[tuple[int, int], ...]
    queryset: QuerySet
    reading: dict

    def bound(self, values: list) -> tuple:
        params = list(self.params)
        for position, value in self.slots:
            params[position] = values[value]
        return tuple(params)


def _compile(build: Callable[[list], QuerySet], values: list) -> _Compiled:
    """``build``'s queryset for stand-ins of ``values``, compiled, every stand-in found
    among its parameters and none in its text (else a value would not be bound)."""
    stand_ins = [_stand_in(value, position) for position, value in enumerate(values)]
    built = build([given for given, _ in stand_ins])
    compiler = built.query.get_compiler(using=built.db)
    sql, params = compiler.as_sql()
    keys = {key: position for position, (_, key) in enumerate(stand_ins)}
    slots = tuple(
        (at, keys[param])
        for at, param in enumerate(params)
        if isinstance(param, str | int) and param in keys
    )
    unbound = set(range(len(values))) - {value for _, value in slots}
    marked = _OPEN in sql or any(str(key) in sql for key in keys if isinstance(key, int))
    strays = [p for p in params if isinstance(p, str) and _OPEN in p and p not in keys]
    if unbound or marked or strays:
        raise ValueError(f"A list's value not bound as a parameter: {sql!r} {params!r}")
    reading = {
        "select": compiler.select,
        "klass_info": compiler.klass_info,
        "annotation_col_map": compiler.annotation_col_map,
        "col_count": compiler.col_count,
        "has_extra_select": compiler.has_extra_select,
    }
    queryset = built._chain()
    queryset.query.__class__ = _CompiledQuery
    return _Compiled(sql, tuple(params), slots, queryset, reading)


_SHAPES: Shapes[_Compiled] = Shapes(SHAPES_KEPT)


@dataclass(frozen=True)
class Rows:
    """A list's filtered rows (``filters.filter(rows)``), unevaluated, to page, and how to
    count them."""

    queryset: QuerySet
    count: Callable[[], int]


def filtered(
    request: HttpRequest,
    filters: Form,
    rows: QuerySet,
    counted: Callable[[], int | None] | None = None,
) -> Rows | None:
    """``filters.filter(rows)`` (a valid form), its SQL compiled once for its shape, and
    its count remembered for the data version, found by ``counted`` where it knows it
    (else None) or counted; None if the address sets a field the form does not bind (the
    ORM builds those)."""
    bound_fields = getattr(filters, "BOUND_FIELDS", None)
    if bound_fields is None:
        return None
    data = filters.cleaned_data
    chosen = [name for name in filters.fields if data.get(name) not in (None, "")]
    shaping = filters.SHAPING_FIELDS
    bound = [name for name in chosen if name not in shaping]
    if any(name not in bound_fields for name in bound) or any(
        not isinstance(data[name], Model | str) for name in bound
    ):
        return None

    def build(values: list) -> QuerySet:
        stand_in = copy.copy(filters)
        stand_in.cleaned_data = {**data, **dict(zip(bound, values, strict=True))}
        return stand_in.filter(rows)

    # The address's path too: a form reused by another list, over other rows, is another
    # shape, never that list's SQL.
    shape = (
        type(filters).__qualname__,
        request.path,
        rows.db,
        tuple(bound),
        tuple(data.get(name) for name in shaping),
    )
    given = [data[name] for name in bound]
    compiled = _SHAPES.get(shape, lambda: _compile(build, given))
    queryset = compiled.queryset._chain()
    queryset.query.compiled = compiled
    queryset.query.params = compiled.bound([_bound_value(value) for value in given])
    # The rows, whatever their order: every sort of a list shares its count.
    chosen_rows = (
        shape[:4],
        tuple(data.get(name) for name in shaping if name not in filters.ORDERING),
        tuple(_bound_value(value) for value in given),
    )
    key = hashlib.blake2b(repr(chosen_rows).encode(), digest_size=16).hexdigest()
    return Rows(
        queryset,
        lambda: remembered(
            request,
            f"list-count:{key}",
            lambda: known_or_counted(counted, lambda: filters.filter(rows).count()),
        ),
    )


class _CompiledQuery(Query):
    """A query whose SQL was compiled once for its shape (``compiled``), bound to one
    address's values (``params``), cut as the ORM cuts it."""

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
        if self.query.is_empty():  # a page of no rows ([0:0]), which the ORM does not read
            raise EmptyResultSet
        sql = self.query.compiled.sql
        if with_limits and self.query.is_sliced:
            limits = self.connection.ops.limit_offset_sql(self.query.low_mark, self.query.high_mark)
            sql = f"{sql} {limits}"
        return sql, self.query.params
