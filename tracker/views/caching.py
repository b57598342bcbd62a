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

The ETag also names the representation: htmx fragment or whole page (the list pages
also say ``Vary: HX-Request``) and ``RELEASE`` (set it per deployment, so a new
template is not answered with a 304 for an old page).

A logged-in staff member (an editor, who may see what the public does not) gets
``Cache-Control: private, no-store`` and no validators: nothing an editor sees is
kept by a shared cache. Only requests that carry a session cookie look the user up.

Also the remembered count of a large list (``cached_count``), keyed by its SQL and the
data version, so that paging through 100,000 rows does not count them on every page;
small lists (under ``REMEMBER_COUNTS_FROM`` rows) are cheap to count and counted each time.
"""

import hashlib
import os

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from tracker.models import DataVersion

MAX_AGE = 60
STALE_WHILE_REVALIDATE = 300
RELEASE = os.environ.get("RELEASE", "1")
COUNT_TIMEOUT = 3600
REMEMBER_COUNTS_FROM = 5000
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


def etag(request: HttpRequest, changed_at) -> str:
    htmx = request.headers.get("HX-Request", "") + request.headers.get(
        "HX-History-Restore-Request", ""
    )
    variant = hashlib.blake2b(
        f"{RELEASE}|{htmx}|{request.get_full_path()}".encode(), digest_size=6
    ).hexdigest()
    return f'"{changed_at.timestamp():.6f}-{variant}"'


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


def cached_count(request: HttpRequest | None, queryset: QuerySet) -> int:
    """``queryset.count()``, remembered for this data version (recounted after any change)."""
    changed_at = data_version(request) if request is not None else None
    if changed_at is None:
        return queryset.count()
    sql, params = queryset.order_by().query.sql_with_params()
    digest = hashlib.blake2b(f"{sql}|{params!r}".encode(), digest_size=16).hexdigest()
    key = f"count:{changed_at.timestamp():.6f}:{digest}"
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        if count >= REMEMBER_COUNTS_FROM:
            cache.set(key, count, COUNT_TIMEOUT)
    return count
