"""Middleware for what Django does not do by itself.

- ``SecurityHeadersMiddleware``: the one place for response headers Django has
  no setting for (``Permissions-Policy``).
- ``DatabaseUnavailableMiddleware``: when the database is gone, answer a
  friendly 503 with ``Retry-After`` instead of a 500, and log it.
- ``UntrustedProxyWarningMiddleware``: says once in the log that requests come
  through a proxy while lockouts are keyed on the proxy's address.

Also ``client_ip``, the client address that django-axes keys lockouts on.
"""

import logging

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("tracker.availability")

# Browser features this site never uses, denied to it and to anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)

# How long a client is asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30


class SecurityHeadersMiddleware:
    """Add the security headers Django has no setting for.

    Listed before WhiteNoise so that static files get them too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def service_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    """The 503 page: rendered without touching the database, never cached."""
    try:
        # No request, so no context processors: nothing here may need the database.
        body = loader.render_to_string("503.html")
    except Exception:  # the friendly page must not turn a 503 into a 500
        logger.exception("The 503 page could not be rendered; answering in plain text.")
        body = "<!doctype html><title>Back soon</title><p>Back soon: please try again shortly."
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Turn a lost database (``OperationalError``, ``InterfaceError``) into a 503.

    ``process_exception`` sees what views raise, and what rendering a
    ``TemplateResponse`` raises; the connection itself is re-established on a
    later request (``CONN_HEALTH_CHECKS``), so the site recovers by itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable: answering 503 to %s %s (%s: %s)",
            request.method,
            request.path,
            type(exception).__name__,
            str(exception).strip().splitlines()[0] if str(exception).strip() else "",
        )
        return service_unavailable(request)


class UntrustedProxyWarningMiddleware:
    """Warn, once per process, that requests carry ``X-Forwarded-For`` but
    ``TRUSTED_PROXY_COUNT`` is 0: django-axes then counts every failed login as coming
    from the proxy, so one attacker can lock every editor out (docs/operations.md).

    Not in the chain at all once ``TRUSTED_PROXY_COUNT`` is set.
    """

    def __init__(self, get_response):
        if getattr(settings, "TRUSTED_PROXY_COUNT", 0) > 0:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.warned = False

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.warned and "HTTP_X_FORWARDED_FOR" in request.META:
            self.warned = True
            logging.getLogger("tracker.security").warning(
                "Requests carry X-Forwarded-For but TRUSTED_PROXY_COUNT is 0: login lockouts "
                "are keyed on the proxy's address (%s), so one attacker can lock every "
                "editor out. Set TRUSTED_PROXY_COUNT to the number of proxies in front.",
                request.META.get("REMOTE_ADDR", "unknown"),
            )
        return self.get_response(request)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, for django-axes.

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` (settings, from the
    environment) says how many reverse proxies stand in front of the app: then
    the address that the outermost trusted proxy saw, read from the right of
    ``X-Forwarded-For`` (the left part is whatever the client claimed).
    """
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR") or None
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
