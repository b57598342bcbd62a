"""The few records a country's or an organisation's page lists, newest first: chosen once
per data version (their keys kept in the page's summary, tracker.country_summary and
tracker.organisation_summary) and read by key at each build."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Func, IntegerField, Model, QuerySet, Subquery
from django.http import Http404

from tracker import search_sql
from tracker.models import Announcement, Commitment, Figure, Quote
from tracker.search_related import read_with_related


@dataclass(frozen=True)
class Shown:
    """The records a page lists, newest first, as its items draw them (``for_items()``)."""

    commitments: list[Commitment]
    announcements: list[Announcement]
    quotes: list[Quote]
    figures: list[Figure]


def read_by_key(
    commitments: list[int], announcements: list[int], quotes: list[int], figures: list[int]
) -> Shown:
    """The published records with these keys (each kind a query, an index probe per key,
    its SQL compiled once per number of keys: ``search_sql.by_keys``), with the relations
    their items draw (``search_related``: compiled the same way)."""
    return Shown(
        commitments=_by_key(Commitment, commitments),
        announcements=_by_key(Announcement, announcements),
        quotes=_by_key(Quote, quotes),
        figures=_by_key(Figure, figures),
    )


def _by_key(model, keys: list[int]) -> list:
    if not keys:
        return []
    rows = search_sql.by_keys("items", model, lambda chosen: _items(model, chosen), keys)
    # Their relations (a commitment's parties, an announcement's countries) read by key too:
    # Django's prefetch built and compiled each relation's query at every build.
    return read_with_related(rows)


def _items(model, keys: list[int]):
    return model.objects.published().for_items().filter(pk__in=keys).newest_first()


def compiled_for[K](
    name: str, model: type[Model], build: Callable[[K], QuerySet], key: K
) -> QuerySet:
    """``build(key)``, a summary's query of one country's or organisation's rows
    (``key``: its primary key or slug), unevaluated, its SQL built and compiled once per
    process for ``name`` (``search_sql.by_keys``). A summary is computed once per data
    version per record, but under distinct addresses (a crawl, the benchmark's load run)
    every address is a record not met since the edit, and building these querysets anew
    for each cost more than running them (benchmarks/RESULTS.md, load8)."""
    return search_sql.by_keys(name, model, lambda keys: build(keys[0]), [key])


def first_or_404(rows: QuerySet):
    """The one row of ``rows`` (a record by its slug); 404 if there is none."""
    found = list(rows)
    if not found:
        raise Http404(f"No {rows.model._meta.object_name} matches the given query.")
    return found[0]


def row_count(rows: QuerySet, column: str = "pk") -> Subquery:
    """How many rows ``rows`` holds, as a value of the query it is put in (``COUNT`` of a
    ``column`` never null: one an index holds lets the count read the index alone)."""
    counted = rows.order_by().annotate(n=Func(column, function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())
