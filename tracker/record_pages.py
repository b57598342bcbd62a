"""What a record type's registration declares of its pages when the one view of each kind
shows them (the registrations' ``page`` and ``index``): its own page
(``tracker.views.records``) and its index (``tracker.views.indexes``). Declarations only,
so that the registrations point at their pages without importing a view."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from tracker.exports import Table
from tracker.filter_forms import ListFilters


@dataclass(frozen=True)
class RecordPage:
    """A record type's own page: the rows it looks the record up in (with what the page
    reads of its relations), and its template, which gets the record under the type's key."""

    rows: Callable[[], QuerySet]
    template: str


@dataclass(frozen=True)
class RecordIndex:
    """A record type's index: its form, the records it lists (published or public; each
    row read with ``for_index()``), its template, its CSV and JSON columns, its Atom feed
    if it has one, and its drop-downs: (field, the name their records are remembered by,
    those records, read from the listed ones), a tuple as a registration is hashable;
    ``page_rows``, the listed records as the page reads them where it shows less of
    each than the exports give (``for_index()`` if None)."""

    filters: type[ListFilters]
    rows: Callable[[], QuerySet]
    template: str
    table: Table
    feed: Callable | None = None
    choices: tuple[tuple[str, str, Callable[[QuerySet], QuerySet]], ...] = ()
    page_rows: Callable[[QuerySet], QuerySet] | None = None
