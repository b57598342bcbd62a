"""``/healthz``: is this app server able to serve? Asked by load balancers and monitors."""

import logging

from django.db import Error, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from tracker.middleware import RETRY_AFTER_SECONDS

logger = logging.getLogger("tracker.availability")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 ``ok`` when the database answers ``SELECT 1``; 503 with ``Retry-After`` when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error as error:  # DatabaseError, InterfaceError and the rest of PEP 249's
        logger.warning("Health check failed: %s: %s", type(error).__name__, error)
        response = HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain; charset=utf-8"
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
