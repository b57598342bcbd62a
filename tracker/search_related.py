"""The rows a search's results draw beside their own (a commitment's parties with their
countries, an announcement's countries): read as Django's ``prefetch_related`` reads them,
one query per relation, but each query's SQL built and compiled once per process and number
of records (``search_sql.by_keys``).

Django's prefetch builds the related queryset anew for each page (the filter by the
records, its compiling): 3.2 ms of CPU for the twenty commitments' parties and 2.6 ms for
the twenty announcements' countries at 100,000, about a third of the page's Python, where
the same query compiled once costs 0.9 ms with its rows (benchmarks/RESULTS.md, search9).

The records' own relations are read so, and a relation of the records a foreign key the
query joined points at (a quote's speaker's roles: ``speaker__roles``). A relation this
module does not read (a longer path, or one through a relation not joined, ``to_attr``, a
relation that is not one-to-many or many-to-many) is prefetched by Django as before.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import Model, Prefetch, QuerySet, prefetch_related_objects
from django.db.models.fields.related import ForeignObjectRel, ManyToManyField

from tracker import search_sql


def read_with_related(rows: QuerySet) -> list:
    """``rows``' records, each with the relations ``rows`` prefetches read by key."""
    lookups = rows._prefetch_related_lookups
    if not lookups:
        return list(rows)
    records = list(rows.prefetch_related(None))
    if not records:
        return records
    for lookup in lookups:
        owners, relation = _through_joined(records, lookup)
        if relation is None:
            prefetch_related_objects(records, lookup)
        elif owners:
            relation.attach(owners, lookup)
    return records


def _through_joined(records: list, lookup: str | Prefetch) -> tuple[list, "_Relation | None"]:
    """The records whose relation ``lookup`` names, and that relation if this module reads
    it: the records' own, or, for a path through a foreign key the query joined
    (``select_related``: a quote's ``speaker__roles``), the related records' (each
    instance, as Django's prefetch gives each its rows)."""
    if isinstance(lookup, str) and "__" in lookup:
        first, rest = lookup.split("__", 1)
        try:
            field = type(records[0])._meta.get_field(first)
        except FieldDoesNotExist:
            return records, None
        if not (field.many_to_one and all(field.is_cached(record) for record in records)):
            return records, None
        related = [getattr(record, first) for record in records]
        owners = [owner for owner in related if owner is not None]
        return owners, _relation(field.related_model, rest)
    return records, _relation(type(records[0]), lookup)


@dataclass(frozen=True)
class _Relation:
    """How the records of one model reach the rows of one relation: its name (the related
    manager's attribute), the query of the related rows of some records' keys, and, of a
    related row, the key of the record it belongs to."""

    model: type[Model]
    name: str
    related: Callable[[QuerySet | None, list], QuerySet]
    owner_key: Callable[[Model], object]
    # The foreign key of a one-to-many relation, whose cached record each row is given as
    # Django's prefetch gives it (None for many-to-many).
    foreign_key: object = None

    def attach(self, records: list, lookup: str | Prefetch) -> None:
        """Each record's related rows, in the query's order, as Django's prefetch leaves
        them: in the record's prefetch cache, as its related manager's queryset."""
        queryset = lookup.queryset if isinstance(lookup, Prefetch) else None
        # Once each: records of one key (two quotes' speaker) share its rows.
        keys = list(dict.fromkeys(record.pk for record in records))
        name = f"related:{self.model._meta.label}.{self.name}:{_shape_of(queryset)}"
        rows = search_sql.by_keys(
            name, self.model, lambda chosen: self.related(queryset, chosen), keys
        )
        by_owner: dict[object, list] = {}
        records_by_key = {record.pk: record for record in records}
        for row in rows:
            owner = self.owner_key(row)
            if self.foreign_key is not None and not self.foreign_key.is_cached(row):
                self.foreign_key.set_cached_value(row, records_by_key[owner])
            by_owner.setdefault(owner, []).append(row)
        for record in records:
            manager = getattr(record, self.name)
            if queryset is not None:
                related = manager._apply_rel_filters(queryset._chain())
            else:
                related = manager.get_queryset()
            related._result_cache = by_owner.get(record.pk, [])
            related._prefetch_done = True
            cache = record.__dict__.setdefault("_prefetched_objects_cache", {})
            cache[_cache_name(self.model, self.name)] = related


def _shape_of(queryset: QuerySet | None) -> str | None:
    """What the SQL of the related rows depends on beside the relation: none (the related
    model's default rows) or which relations a ``Prefetch``'s queryset joins
    (``select_related``). None for a queryset that does more (filters, annotations, an
    order, deferred columns, prefetches of its own, a slice), which Django prefetches."""
    if queryset is None:
        return "default"
    query = queryset.query
    plain = not (
        query.where
        or query.annotations
        or query.extra
        or query.order_by
        or query.deferred_loading[0]
        or query.is_sliced
        or query.distinct
        or queryset._prefetch_related_lookups
    )
    return f"select_related={query.select_related!r}" if plain else None


def _cache_name(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if isinstance(field, ManyToManyField):
        return field.name
    return field.cache_name


def _relation(model: type[Model], lookup: str | Prefetch) -> _Relation | None:
    """The relation ``lookup`` prefetches, if this module reads it."""
    if isinstance(lookup, Prefetch):
        if lookup.to_attr or lookup.prefetch_to != lookup.prefetch_through:
            return None
        if _shape_of(lookup.queryset) is None:
            return None
        name = lookup.prefetch_to
    else:
        name = lookup
    if "__" in name:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if isinstance(field, ForeignObjectRel) and field.one_to_many:
        return _one_to_many(model, field)
    if isinstance(field, ManyToManyField) and field.remote_field.through._meta.auto_created:
        return _many_to_many(model, field)
    return None


def _one_to_many(model: type[Model], rel: ForeignObjectRel) -> _Relation:
    """A reverse foreign key (a commitment's parties): the related model's rows whose
    foreign key is among the records' keys, in its default order (as the related manager
    reads them)."""
    foreign_key = rel.field

    def related(queryset: QuerySet | None, keys: list) -> QuerySet:
        rows = queryset if queryset is not None else rel.related_model._default_manager.all()
        return rows.filter(**{f"{foreign_key.name}__in": keys})

    return _Relation(
        model,
        rel.get_accessor_name(),
        related,
        lambda row: getattr(row, foreign_key.attname),
        foreign_key,
    )


def _many_to_many(model: type[Model], field: ManyToManyField) -> _Relation:
    """A many-to-many relation of the records' own (an announcement's countries): the
    related rows tied to the records' keys, each with the key of the record it is tied to
    (a row tied to two records is read twice), in the related model's default order, as
    Django's prefetch reads them."""
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name())
    join_table = through._meta.db_table
    owner = f"_prefetch_related_val_{source.attname}"

    def related(queryset: QuerySet | None, keys: list) -> QuerySet:
        rows = queryset if queryset is not None else field.related_model._default_manager.all()
        tied = rows.filter(**{f"{field.related_query_name()}__in": keys})
        # The join table's column, as Django's prefetch selects it: the filter's join.
        quote = connections[tied.db].ops.quote_name
        return tied.extra(select={owner: f"{quote(join_table)}.{quote(source.column)}"})

    return _Relation(model, field.name, related, lambda row: getattr(row, owner))
