"""HTTP caching of the public pages, exports and API: conditional GET and Cache-Control.

``PublicCacheMiddleware`` (in settings.MIDDLEWARE) handles every public view: pages,
their exports and feeds (``?format=``), and the JSON API. Every public 200 carries an
``ETag`` and ``Last-Modified`` taken from the data version (``DataVersion``: one row
that database triggers move whenever any tracker table changes), read once per request
by primary key, *before* the view reads anything, so that a response is never labelled
newer than the data it shows. A client or proxy that sends ``If-None-Match`` or
``If-Modified-Since`` gets a 304 without the page being built. Cache-Control
``public, max-age=60, stale-while-revalidate=300``
lets browsers and shared caches reuse a page for a minute.

The ETag also names the representation (``representation``): htmx fragment or whole
page (the list pages also say ``Vary: HX-Request``), the host, the day, and ``RELEASE``
(set it per deployment, so a new template is not answered with a 304 for an old page).

The server keeps each public 200 it builds, under the same data version and
representation, for ``PAGE_CACHE_TIMEOUT`` seconds (0 turns it off): most readers ask for
the same pages, and the data changes only when an editor saves, which moves the version
and so the key. A kept page costs one primary-key read and a cache lookup. Streamed
exports are kept once sent whole, up to ``PAGE_CACHE_MAX_BYTES``.

A logged-in staff member (an editor, who may see what the public does not) gets
``Cache-Control: private, no-store`` and no validators: nothing an editor sees is
kept by a shared cache. Only requests that carry a session cookie look the user up.

Also what a page needs on every request and only an edit changes (``remembered``): the
lists' drop-down choices, and the count of a list (``cached_count``, keyed by its SQL),
so that paging through 100,000 rows does not count them for every page.
"""

import hashlib
import os
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from tracker.models import DataVersion

MAX_AGE = 60
STALE_WHILE_REVALIDATE = 300
RELEASE = os.environ.get("RELEASE", "1")
REMEMBER_SECONDS = 3600
# Larger responses (a big export) are built for every request rather than filling the cache.
PAGE_CACHE_MAX_BYTES = 1024 * 1024
NOT_CACHED_MODULES = {"tracker.views.health", "tracker.views.baseline"}


def data_version(request: HttpRequest):
    """When the data last changed (one primary-key lookup, once per request); None if unknown."""
    if not hasattr(request, "_data_version"):
        try:
            row = DataVersion.objects.filter(pk=1).values_list("changed_at", flat=True).first()
        except DatabaseError:  # the view meets it again and answers 503 (tracker.middleware)
            row = None
        request._data_version = row
    return request._data_version


def is_staff(request: HttpRequest) -> bool:
    """A logged-in staff member; only a request with a session cookie looks the user up."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


def representation(request: HttpRequest) -> str:
    """Everything besides the data that a public response depends on: the release, the
    address (with its host, for the absolute links of exports), htmx's fragment or whole
    page, and today's date (a page's "Cite this" says when it was accessed)."""
    htmx = request.headers.get("HX-Request", "") + request.headers.get(
        "HX-History-Restore-Request", ""
    )
    today = timezone.localdate().isoformat()
    return f"{RELEASE}|{today}|{htmx}|{request.build_absolute_uri()}"


def etag(request: HttpRequest, changed_at) -> str:
    variant = hashlib.blake2b(representation(request).encode(), digest_size=6).hexdigest()
    return f'"{changed_at.timestamp():.6f}-{variant}"'


def page_key(request: HttpRequest, changed_at) -> str:
    variant = hashlib.blake2b(representation(request).encode(), digest_size=16).hexdigest()
    return f"page:{changed_at.timestamp():.6f}:{variant}"


def keep_page(request: HttpRequest, response: HttpResponse) -> None:
    """Keep a public 200 for its data version; a streamed export once it has been sent
    whole (a client that hangs up half way leaves nothing behind), if it is not too big."""
    if not response.streaming:
        if len(response.content) <= PAGE_CACHE_MAX_BYTES:
            cache.set(request._page_key, response, settings.PAGE_CACHE_TIMEOUT)
        return
    streamed = response.streaming_content

    def sent_and_kept():
        chunks, size = [], 0
        for chunk in streamed:
            yield chunk
            size += len(chunk)
            if size <= PAGE_CACHE_MAX_BYTES:
                chunks.append(chunk)
        if size <= PAGE_CACHE_MAX_BYTES:
            whole = HttpResponse(b"".join(chunks), status=response.status_code)
            for header, value in response.items():
                whole[header] = value
            cache.set(request._page_key, whole, settings.PAGE_CACHE_TIMEOUT)

    response.streaming_content = sent_and_kept()


def private(response: HttpResponse) -> HttpResponse:
    for header in ("ETag", "Last-Modified", "Expires"):
        if header in response.headers:
            del response.headers[header]
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, private=True, no_store=True)
    return response


def is_public_view(request: HttpRequest) -> bool:
    """A public page, export or API operation: not the admin, health checks or static."""
    match = request.resolver_match
    if match is None:
        return False
    if match.namespace == "api" or "api" in match.namespaces:
        return True
    module = getattr(match.func, "__module__", "")
    return module.startswith("tracker.views.") and module not in NOT_CACHED_MODULES


def _public(response: HttpResponse) -> None:
    patch_cache_control(
        response, public=True, max_age=MAX_AGE, stale_while_revalidate=STALE_WHILE_REVALIDATE
    )


class PublicCacheMiddleware:
    """Conditional GET and Cache-Control for every public view; private for editors.

    Listed after DraftPreviewMiddleware (tracker.preview), whose private, no-store on a
    draft preview wins: a response that already says ``private`` is left private.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, "_public_view", False):
            return response
        if getattr(request, "_staff", False) or getattr(request, "draft_preview", None):
            return private(response)
        if response.status_code == 200 and "private" not in response.get("Cache-Control", ""):
            response.headers.setdefault("ETag", request._etag)
            response.headers.setdefault("Last-Modified", http_date(request._modified))
            _public(response)
            if hasattr(request, "_page_key") and not getattr(request, "_page_kept", False):
                keep_page(request, response)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not is_public_view(request):
            return None
        request._public_view = True
        if is_staff(request):
            request._staff = True
            return None
        changed_at = data_version(request)
        if changed_at is None:
            request._public_view = False
            return None
        request._etag, request._modified = etag(request, changed_at), int(changed_at.timestamp())
        not_modified = get_conditional_response(
            request, etag=request._etag, last_modified=request._modified
        )
        if not_modified is not None:
            not_modified.headers["ETag"] = request._etag
            not_modified.headers["Last-Modified"] = http_date(request._modified)
            _public(not_modified)
            return not_modified
        if request.method == "GET" and settings.PAGE_CACHE_TIMEOUT:
            request._page_key = page_key(request, changed_at)
            kept = cache.get(request._page_key)
            if kept is not None:
                request._page_kept = True
                return kept
        return None


def remembered[T](request: HttpRequest, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept for this data version (computed again after any change): for
    what every request of a page needs and only an edit changes, such as a drop-down's
    choices, whose query reads a whole table."""
    changed_at = data_version(request)
    if changed_at is None:
        return compute()
    key = f"{name}:{changed_at.timestamp():.6f}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, REMEMBER_SECONDS)
    return value


def cached_count(request: HttpRequest, queryset: QuerySet) -> int:
    """``queryset.count()``, remembered for this data version (recounted after any change)."""
    sql, params = queryset.order_by().query.sql_with_params()
    digest = hashlib.blake2b(f"{sql}|{params!r}".encode(), digest_size=16).hexdigest()
    return remembered(request, f"count:{digest}", queryset.count)
