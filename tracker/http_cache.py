"""HTTP caching of the public pages, exports and API: ``@public_page``.

A view that the public reads and that any reader may be given a copy of says so with
``@public_page(query=...)``: the pages, their exports and feeds (``?format=``), and,
router-wide, the JSON API and its OpenAPI document (tracker.api.routes). The admin,
``/healthz`` and the benchmark's baseline are not decorated, and so never cached.

``query`` names the parameters the view reads. The view is handed the address with those
alone, in a canonical order (``canonical_query``): any other parameter is dropped before
the view runs, so a response depends on nothing that its key does not hold, and junk
parameters neither make new cache entries nor reach a link on the page.

A list says what its parameters mean when left out (``defaults``: every filter empty,
its default sort, page 1), and so has a clean address (``clean_query``): only the
filters in use, in the order ``query`` names them. Its view is handed that; and a GET
carrying empty fields (the no-JavaScript filter form submits every field) is redirected
to it, so the address a reader shares says only what they chose. htmx's requests are
answered, not redirected: the list pushes the clean address (tracker.views.listing).

Every public 200 carries an ``ETag`` and ``Last-Modified`` taken from the data version
(``DataVersion``: one row that database triggers move whenever any tracker table
changes), read once per request by primary key, *before* the view reads anything, so
that a response is never labelled newer than the data it shows. A client or proxy that
sends ``If-None-Match`` or ``If-Modified-Since`` gets a 304 without the page being built.
Cache-Control ``public, max-age=60, stale-while-revalidate=300`` lets browsers and shared
caches reuse a page for a minute.

The ETag also names the representation (``representation``): htmx fragment or whole
page (``serves_fragment``, the very decision the list views make; they say ``Vary:
HX-Request, HX-History-Restore-Request``), the host and canonical address, the day, and
``RELEASE`` (set it per deployment, so a new template is not answered with a 304 for an
old page). ``Last-Modified`` has one-second precision, so it names the end of the second
in which the data last changed, and only once that second is over (``last_modified``):
two edits within one second cannot share a stamp that validates the first.

The server keeps each public 200 it builds, under the same data version and
representation, for ``PAGE_CACHE_TIMEOUT`` seconds (0 turns it off), in the ``pages``
cache: most readers ask for the same pages, and the data changes only when an editor
saves, which moves the version and so the key. A kept page costs one primary-key read and
a cache lookup. A page is kept only up to ``PAGE_CACHE_MAX_BYTES``; in local memory the
``pages`` cache holds at most ``PAGE_CACHE_MAX_ENTRIES`` (settings), so a worker's
memory is bounded whatever the traffic. A streamed export is kept once sent whole
(``KeepWhenWhole``), and closed as soon as the server closes the response.

A logged-in staff member (an editor, who may see what the public does not) gets
``Cache-Control: private, no-store`` and no validators: nothing an editor sees is
kept by a shared cache. Only requests that carry a session cookie look the user up.

What a page needs on every request and only an edit changes is remembered per data
version by ``tracker.remembering`` (``remembered``, ``cached_count``), whose names this
module gives too, as the views have long imported them from here.
"""

import datetime
import functools
import hashlib
import math
import os
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
    StreamingHttpResponse,
)
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

# remembered and cached_count are given here too: the views import them from this module.
from tracker.remembering import cached_count, data_version, remembered  # noqa: F401

MAX_AGE = 60
STALE_WHILE_REVALIDATE = 300
RELEASE = os.environ.get("RELEASE", "1")
PAGES = "pages"

type View = Callable[..., HttpResponse]


def is_staff(request: HttpRequest) -> bool:
    """A logged-in staff member; only a request with a session cookie looks the user up."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


def serves_fragment(request: HttpRequest) -> bool:
    """htmx asks for the results alone; a history restore (the back button after htmx
    forgot the page) and any other request get the whole page. The list views decide with
    this, and so does the cache key: one decision, so no key can hold the other body."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def canonical_query(request: HttpRequest, order: tuple[str, ...]) -> QueryDict:
    """The parameters ``order`` names, in its order, each with its values in the order given."""
    return QueryDict(
        urlencode([(name, value) for name in order for value in request.GET.getlist(name)])
    )


def clean_query(request: HttpRequest, order: tuple[str, ...], defaults: dict) -> QueryDict:
    """The parameters of ``order`` in that order, without empty values and defaults."""
    pairs = [
        (name, value)
        for name in order
        for value in request.GET.getlist(name)
        if value and defaults.get(name) != value
    ]
    return QueryDict(urlencode(pairs))


def has_empty_fields(request: HttpRequest, known: frozenset[str]) -> bool:
    return any(value == "" for name in known for value in request.GET.getlist(name))


def to_clean_address(request: HttpRequest, order: tuple[str, ...], defaults: dict):
    """A redirect to the list's clean address, for a browser's GET of a form with empty
    fields; None for any other request (htmx, an export, an address that is clean)."""
    if request.method not in ("GET", "HEAD") or request.htmx or request.GET.get("format"):
        return None
    if not has_empty_fields(request, frozenset(order)):
        return None
    query = clean_query(request, order, defaults).urlencode()
    return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)


def keep_only(request: HttpRequest, order: tuple[str, ...]) -> None:
    """Hand the view the canonical address: what it does not read is not there to echo.

    A page's export holds every row, and its feed the first page, whatever ``page`` says
    (tracker.exports): an address that asks for a format reads no ``page``.
    """
    if "format" in order and request.GET.get("format"):
        order = tuple(name for name in order if name != "page")
    query = canonical_query(request, order)
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def representation(request: HttpRequest) -> str:
    """Everything besides the data that a public response depends on: the release, today's
    date (a page's "Cite this" says when it was accessed), fragment or whole page, and the
    canonical address with its host (for the absolute links of exports)."""
    today = timezone.localdate().isoformat()
    body = "fragment" if serves_fragment(request) else "whole"
    return f"{RELEASE}|{today}|{body}|{request.build_absolute_uri()}"


def etag(request: HttpRequest, changed_at: datetime.datetime) -> str:
    variant = hashlib.blake2b(representation(request).encode(), digest_size=6).hexdigest()
    return f'"{changed_at.timestamp():.6f}-{variant}"'


def page_key(request: HttpRequest, changed_at: datetime.datetime) -> str:
    variant = hashlib.blake2b(representation(request).encode(), digest_size=16).hexdigest()
    return f"page:{changed_at.timestamp():.6f}:{variant}"


def last_modified(changed_at: datetime.datetime, now: datetime.datetime) -> int:
    """``Last-Modified`` (whole seconds): the end of the second in which the data last
    changed, once that second is over; until then the start of it, which validates
    nothing (``not_modified_since``), since another edit may still land in that second."""
    end_of_second = math.floor(changed_at.timestamp()) + 1
    return end_of_second if now.timestamp() >= end_of_second else end_of_second - 1


def not_modified_since(changed_at: datetime.datetime) -> int:
    """The earliest ``If-Modified-Since`` that proves a copy current: one stamped at the end
    of the second of the last change. A stamp of that second itself may predate an edit
    made later within it."""
    return math.floor(changed_at.timestamp()) + 1


class KeepWhenWhole:
    """A streamed body passed through chunk by chunk, kept once the last chunk has gone.

    ``close()`` (the server calls it when the response ends, or the client hangs up)
    closes the export's own iterator at once: left to the garbage collector, an aborted
    export's database cursor would be closed at some later moment, in the middle of
    another request's query on the same connection. Holding no reference back to the
    response makes no cycle that would delay it. A body cut short is never kept.
    """

    def __init__(self, chunks: Iterator[bytes], source: object, keep: Callable[[bytes], None]):
        self.chunks = chunks
        self.source = source
        self.keep = keep
        self.sent: list[bytes] | None = []
        self.size = 0

    def __iter__(self) -> "KeepWhenWhole":
        return self

    def __next__(self) -> bytes:
        try:
            chunk = next(self.chunks)
        except StopIteration:
            if self.sent is not None:
                self.keep(b"".join(self.sent))
            self.sent = None
            raise
        self.size += len(chunk)
        if self.sent is not None and self.size <= settings.PAGE_CACHE_MAX_BYTES:
            self.sent.append(chunk)
        else:
            self.sent = None
        return chunk

    def close(self) -> None:
        self.sent = None
        if close := getattr(self.source, "close", None):
            close()


def keep_page(key: str, response: HttpResponse) -> None:
    """Keep a public 200 for its data version (a streamed one once sent whole), if it is
    not too big."""
    pages = caches[PAGES]
    if not isinstance(response, StreamingHttpResponse):
        if len(response.content) <= settings.PAGE_CACHE_MAX_BYTES:
            pages.set(key, response, settings.PAGE_CACHE_TIMEOUT)
        return
    status, headers = response.status_code, dict(response.items())

    def keep(body: bytes) -> None:
        whole = HttpResponse(body, status=status)
        for header, value in headers.items():
            whole[header] = value
        pages.set(key, whole, settings.PAGE_CACHE_TIMEOUT)

    source = response._iterator  # what the export's view handed to the response
    response.streaming_content = KeepWhenWhole(response.streaming_content, source, keep)


def private(response: HttpResponse) -> HttpResponse:
    for header in ("ETag", "Last-Modified", "Expires"):
        if header in response.headers:
            del response.headers[header]
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _public(response: HttpResponse, tag: str, modified: int) -> None:
    response.headers.setdefault("ETag", tag)
    response.headers.setdefault("Last-Modified", http_date(modified))
    patch_cache_control(
        response, public=True, max_age=MAX_AGE, stale_while_revalidate=STALE_WHILE_REVALIDATE
    )


def public_page(*, query: Iterable[str], defaults: dict | None = None) -> Callable[[View], View]:
    """Mark a view public and cacheable; ``query``: the parameters it reads, all others
    are dropped; ``defaults`` (a list's): what they mean when left out, which gives its
    clean address. Conditional GET, Cache-Control and the page cache, as the module says."""
    # A list's clean address follows its form; any other address, the names' order.
    order = tuple(query) if defaults is not None else tuple(sorted(set(query)))
    known = frozenset(order)

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def public_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if defaults is not None:
                if redirect := to_clean_address(request, order, defaults):
                    return redirect
                request.GET = clean_query(request, order, defaults)
            keep_only(request, order)
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            if is_staff(request):
                return private(view(request, *args, **kwargs))
            changed_at = data_version(request)
            if changed_at is None:
                return view(request, *args, **kwargs)
            tag = etag(request, changed_at)
            modified = last_modified(changed_at, timezone.now())
            not_modified = get_conditional_response(
                request, etag=tag, last_modified=not_modified_since(changed_at)
            )
            if not_modified is not None:
                _public(not_modified, tag, modified)
                return not_modified
            caching = request.method == "GET" and settings.PAGE_CACHE_TIMEOUT
            key = page_key(request, changed_at) if caching else ""
            if caching and (kept := caches[PAGES].get(key)) is not None:
                return kept
            response = view(request, *args, **kwargs)
            if getattr(request, "draft_preview", None):
                return private(response)
            if response.status_code == 200 and "private" not in response.get("Cache-Control", ""):
                _public(response, tag, modified)
                if caching:
                    keep_page(key, response)
            return response

        public_view.public_query = known  # what tests check every public route declares
        return public_view

    return decorate
