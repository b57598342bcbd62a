"""CSV and JSON versions of every list and detail page, and the Atom feed where one exists.

The address scheme is the page's own address plus ``format``: ``/commitments/?country=
serbia&format=csv``. The filters and sort come from the address and go through the same
filter form as the page (tracker.filters), so an export holds exactly the page's rows,
in the page's order. What it does not share is the page's paging: a list's CSV and JSON
hold *every* matching row (``page`` is ignored), streamed from the database in chunks so
that a large list neither times out nor sits in memory. The Atom feed of a list holds its
first page, what a feed reader polls for (tracker.feeds).

A detail page's CSV has one row for its record and one for each record the page lists,
with the columns any record has (``RECORD_COLUMNS``); its JSON is the record as the API
gives it, with the same list of records in ``records``.

CSV files start with a UTF-8 byte order mark: without one, Excel reads a CSV file in the
computer's legacy code page and garbles “£”, “–” and names like “Vučić”; LibreOffice,
Numbers, Google Sheets and pandas (``encoding="utf-8-sig"``) all accept it. Amounts are
plain numbers in major units, with the ISO 4217 code in its own column. Dates are
YYYY-MM-DD, each followed by its precision (``day``, ``month`` or ``year``): a date the
sources give only to the month is stored and exported as its 1st. Text cells that
begin with ``=``, ``+``, ``-``, ``@``, tab or carriage return get a leading ``'``, so that
no spreadsheet takes words from an article for a formula (tracker.csv_cells).
"""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, closing, nullcontext
from dataclasses import dataclass
from itertools import batched
from operator import attrgetter

from django.db.models import Model, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from ninja import Schema
from ninja.responses import NinjaJSONEncoder

from tracker import export_cursor, export_rows, progress, quote_rows
from tracker.api import actor_schemas, commitment_values, schemas, source_schemas
from tracker.csv_cells import cell, quoted
from tracker.formats import TABLES, bad_request, problem_body
from tracker.http_cache import cached_count
from tracker.models import (
    PUBLISHED_COUNTS,
    PublishedCount,
)
from tracker.records import Summary, record_type, summarise
from tracker.remembering import known_or_counted

FORMATS = ("csv", "json", "atom")
BOM = "\ufeff"


def requested(request: HttpRequest) -> str | None:
    """The format the address asks for; None for the HTML page."""
    return request.GET.get("format") or None


def unavailable(fmt: str) -> HttpResponse:
    offered = ", ".join(FORMATS)
    return bad_request(fmt, f"“{fmt}” is not a format of this page; pages offer {offered}.")


# Cells -------------------------------------------------------------------------------


Column = tuple[str, Callable]


def _names(items: Iterable) -> str:
    return "; ".join(str(item) for item in items)


SOURCE_COLUMNS: tuple[Column, ...] = (
    ("id", lambda s: s.pk),
    ("slug", lambda s: s.slug),
    ("headline", lambda s: s.headline),
    ("headline_supplied", lambda s: s.headline_supplied),
    ("publisher", lambda s: s.publisher),
    ("published_on", lambda s: s.published_on),
    ("published_on_precision", lambda s: s.published_on_precision),
    ("original_url", lambda s: s.url),
    ("excerpts_cited", lambda s: s.citation_count),
)


def count_columns(counts: Iterable[PublishedCount]) -> tuple[Column, ...]:
    """A country's published records of these kinds, one column each."""
    return tuple((counted.name, attrgetter(counted.attribute)) for counted in counts)


COUNTRY_COLUMNS: tuple[Column, ...] = (
    ("code", lambda c: c.code),
    ("slug", lambda c: c.slug),
    ("name", lambda c: c.name),
    ("region", lambda c: c.region),
    *count_columns(PUBLISHED_COUNTS),
)
# Any record, for pages that show several kinds (details, search).
RECORD_COLUMNS: tuple[Column, ...] = tuple(
    (name, lambda s, name=name: getattr(s, name))
    for name in (
        "type", "slug", "title", "date", "date_precision", "status", "amount", "currency",
        "quantity", "unit", "speaker",
    )
)  # fmt: skip


@dataclass(frozen=True)
class Table:
    """How one list page's rows become CSV columns and JSON records."""

    name: str
    columns: tuple[Column, ...]
    schema: type[Schema]
    for_json: Callable[[QuerySet], QuerySet] = lambda rows: rows
    # What the CSV columns read: the rows with what they need beyond what the page shows.
    for_csv: Callable[[QuerySet], Iterable] = lambda rows: rows
    # Or, for a list read as plain values (export_rows): its header, and its rows' cells
    # a chunk at a time from (rows, the site's origin, how many rows there are), instead
    # of columns and for_csv.
    header: tuple[str, ...] = ()
    cells: Callable[[QuerySet, str, int], Iterator[list[list[str]]]] | None = None
    # Or, for JSON records made from plain values, as ``schema`` describes them, from
    # (the request, the rows, how many there are).
    json_records: Callable[[HttpRequest, QuerySet, int], Iterator[dict]] | None = None


COMMITMENTS = Table(
    "commitments",
    (),
    schemas.CommitmentOut,
    header=export_rows.COMMITMENT_HEADER,
    cells=export_rows.commitment_cells,
    json_records=commitment_values.streamed_records,
)
QUOTES = Table(
    "quotes",
    (),
    schemas.QuoteOut,
    lambda rows: rows.for_export(),
    header=quote_rows.QUOTE_HEADER,
    cells=quote_rows.quote_cells,
)
SOURCES = Table("sources", SOURCE_COLUMNS, source_schemas.SourceOut)
COUNTRIES = Table("countries", COUNTRY_COLUMNS, actor_schemas.CountryOut)


# Responses ---------------------------------------------------------------------------


def _closed_after(items: Iterable) -> AbstractContextManager[Iterator]:
    """An iterator over ``items`` closed on leaving, where it can be (a generator)."""
    each = iter(items)
    return closing(each) if hasattr(each, "close") else nullcontext(each)


def csv_response(
    request: HttpRequest, name: str, header: Iterable[str], chunks: Iterable[list[list[str]]]
) -> StreamingHttpResponse:
    """Stream CSV: a BOM, the header row, then the rows' cells, a chunk at a time (one
    string each, not one per row: Django makes bytes of every piece it streams)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def written(rows: Iterable[list[str]]) -> str:
        """The rows as ``writer`` writes them (quoting a cell only where it must). A row
        of two cells or more none of which holds a comma, a quote or a line break is its
        cells joined by commas: joined at once, without the writer's work on every
        character (the writer quotes a row of one empty cell); any other such row, its
        cells each ``quoted`` and joined: the writer looks each character of each cell
        up among the line terminator's, and its eighth of the 100,000 commitments took
        a quarter of the lines' time (csv11). The lines are joined once at the end:
        writing each to ``buffer`` took half as long again as the joins."""
        lines = []
        for cells in rows:
            line = ",".join(cells)
            if (
                line.count(",") == len(cells) - 1 > 0
                and '"' not in line
                and "\n" not in line
                and "\r" not in line
            ):
                lines.append(line)
            elif len(cells) > 1:
                lines.append(",".join(map(quoted, cells)))
            else:
                writer.writerow(cells)
                lines.append(buffer.getvalue().removesuffix("\r\n"))
                buffer.seek(0)
                buffer.truncate()
        lines.append("")  # the last line's end
        return "\r\n".join(lines)

    def lines() -> Iterator[str]:
        yield BOM + written([[*header, "url"]])
        # Closed with the response, so that the rows' cursor is closed then (export_rows).
        with _closed_after(chunks) as each:
            for chunk in each:
                yield written(chunk)
                progress.made_progress()

    content_type = "text/csv; charset=utf-8; header=present"
    response = StreamingHttpResponse(lines(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def cells_of(request: HttpRequest, columns: tuple[Column, ...], rows: Iterable) -> Iterator[list]:
    """The cells of ``rows`` (records or summaries), each with its permalink, a chunk of
    rows at a time."""
    with _closed_after(rows) as each:  # the rows' cursor closed with the response's
        for chunk in batched(each, export_rows.CHUNK):
            yield [
                [*(cell(value(row)) for _, value in columns), cell(_address(request, row))]
                for row in chunk
            ]


def _address(request: HttpRequest, row) -> str:
    path = row.path if isinstance(row, Summary) else row.get_absolute_url()
    return request.build_absolute_uri(path)


def _dumps(value) -> str:
    """JSON as the API writes it, but in UTF-8 (the API's plain values hold dates)."""
    return json.dumps(value, ensure_ascii=False, cls=NinjaJSONEncoder)


def record_json(request: HttpRequest, schema: type[Schema], record) -> dict:
    return schema.model_validate(record, context={"request": request}).model_dump(mode="json")


def _each(rows: QuerySet | list, count: int | None = None) -> Iterable:
    """The rows one at a time: a queryset's streamed in chunks (with their prefetches, a
    chunk at a time), a list's as they are."""
    if isinstance(rows, list):
        return rows
    return export_cursor.streamed(rows, export_rows.CHUNK, count)


def _records(request: HttpRequest, schema: type[Schema], rows: Iterable) -> Iterator[dict]:
    """Each row as ``schema`` gives it; the rows closed with the response's body."""
    with _closed_after(rows) as each:
        for record in each:
            yield record_json(request, schema, record)


def json_list_response(count: int, records: Iterable[dict]) -> StreamingHttpResponse:
    """Stream ``{"count": n, "results": [...]}``, one record at a time."""

    def pieces() -> Iterator[str]:
        yield f'{{"count": {count}, "results": ['
        with _closed_after(records) as each:  # as the CSV's (csv_response)
            for index, record in enumerate(each):
                yield ("," if index else "") + _dumps(record)
                # After every record (a few KB), not every chunk of them (several MB):
                # a reader slower than a chunk per worker timeout is still reading.
                progress.made_progress()
        yield "]}"

    return StreamingHttpResponse(pieces(), content_type="application/json")


def summary_json(request: HttpRequest, summary: Summary) -> dict:
    number = lambda value: float(value) if value is not None else None  # noqa: E731
    return {
        "type": summary.type,
        "slug": summary.slug,
        "title": summary.title,
        "date": summary.date.isoformat() if summary.date else None,
        "date_precision": summary.date_precision or None,
        "status": summary.status or None,
        "amount": number(summary.amount),
        "currency": summary.currency or None,
        "quantity": number(summary.quantity),
        "unit": summary.unit or None,
        "speaker": summary.speaker or None,
        "url": request.build_absolute_uri(summary.path),
    }


# Pages -------------------------------------------------------------------------------


def list_export(
    request: HttpRequest,
    fmt: str,
    filters: Form | None,
    rows: QuerySet | list,
    table: Table,
    feed: Callable | None = None,
    known: Callable[[HttpRequest, Form], int | None] | None = None,
) -> HttpResponse:
    """The page's filtered, sorted rows (every page of them) as ``fmt``; 400 for bad filters.
    ``known(request, filters)``: their number where known without counting them, else None."""
    if fmt not in FORMATS or (fmt == "atom" and feed is None):
        return unavailable(fmt)
    if filters is not None:
        if not filters.is_valid():
            body = problem_body(filters)
            return bad_request(fmt, body["detail"], body["errors"])
        rows = filters.filter(rows)
    number = (lambda: known(request, filters)) if known and filters is not None else None
    if fmt == "atom":
        return feed(request, rows)
    # A streamed response's status goes out with its first piece, so the database is
    # asked something here, in the view, first (the JSON's count, the CSV's EXISTS):
    # one that is away then gives the 503 with Retry-After (tracker.middleware), not a
    # 200 with a lone header row. A failure once the body streams raises out of it and
    # the server breaks the connection off, so a cut-off export never looks complete.
    # The rows themselves are read only as the body streams: a server-side cursor
    # opened here would stay open, and be closed whenever the garbage collector got
    # to it, for a body that is never read.
    if fmt == "json":
        # Counted in the view, before the response starts.
        count = len(rows) if isinstance(rows, list) else known_or_counted(number, rows.count)
        if table.json_records is not None:
            return json_list_response(count, table.json_records(request, rows, count))
        rows = table.for_json(rows)
        return json_list_response(count, _records(request, table.schema, _each(rows, count)))
    if table.cells is not None:
        # Counted in the view (as the EXISTS below asks), the count remembered until the
        # data changes: from how many rows the cursor is planned to start fast
        # (export_cursor.MANY).
        count = cached_count(request, rows, number)
        origin = request.build_absolute_uri("/").removesuffix("/")
        cells = table.cells(rows, origin, count)
        return csv_response(request, table.name, table.header, cells)
    if not isinstance(rows, list):  # a list (the countries index) was read already
        rows.exists()
    rows = table.for_csv(rows)
    rows = _each(rows) if isinstance(rows, QuerySet) else rows
    header = [name for name, _ in table.columns]
    return csv_response(request, table.name, header, cells_of(request, table.columns, rows))


def as_in_the_api(record: Model, preview: bool = False) -> tuple[QuerySet, type[Schema], str]:
    """Where the API reads a detail page's record, its schema, and its key in the JSON.

    ``preview``: an editor's preview of a draft (``tracker.preview``) reads drafts too.
    """
    registration = record_type(record)
    return registration.api_rows(preview), registration.api_schema, registration.key


def detail_export(
    request: HttpRequest,
    fmt: str,
    record: Model,
    records: Iterable[Model] = (),
    feed: Callable | None = None,
) -> HttpResponse:
    """A detail page as ``fmt``: its record, then the records it lists, in the page's order."""
    if fmt not in FORMATS or (fmt == "atom" and feed is None):
        return unavailable(fmt)
    records = list(records)
    if fmt == "atom":
        return feed(request, record, records)
    summaries = [summarise(item) for item in (record, *records)]
    preview = getattr(request, "draft_preview", None) is record
    rows, schema, key = as_in_the_api(record, preview)
    if fmt == "json":
        full = record_json(request, schema, rows.get(pk=record.pk))
        body = {key: full, "records": [summary_json(request, s) for s in summaries[1:]]}
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    return csv_response(
        request,
        f"{key}-{summaries[0].slug}",
        [name for name, _ in RECORD_COLUMNS],
        cells_of(request, RECORD_COLUMNS, summaries),
    )


def search_export(request: HttpRequest, fmt: str, words: str, results: list) -> HttpResponse:
    """The search page's results, kind by kind as the page shows them."""
    if fmt not in TABLES:
        return unavailable(fmt)
    summaries = [summarise(record) for kind in results for record in kind.records]
    if fmt == "json":
        body = {"q": words, "results": [summary_json(request, s) for s in summaries]}
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    header = [name for name, _ in RECORD_COLUMNS]
    return csv_response(request, "search", header, cells_of(request, RECORD_COLUMNS, summaries))


def feed_export(request: HttpRequest, fmt: str, feed: Callable) -> HttpResponse:
    """A page that offers only its feed (the home page: the latest records)."""
    return feed(request) if fmt == "atom" else unavailable(fmt)
