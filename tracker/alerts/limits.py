"""Rate limits on follow requests, per address and per client address, in the default
cache (Redis in production, so every app server counts together; each process's memory
otherwise). A fixed window: the first request of a window starts its count."""

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def _allowed(scope: str, who: str, limit: int) -> bool:
    digest = hashlib.sha256(who.lower().encode()).hexdigest()[:32]
    key = f"alerts-limit:{scope}:{digest}"
    if cache.add(key, 1, WINDOW_SECONDS):
        return limit >= 1
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        return limit >= 1


def follow_allowed(email: str, client_ip: str) -> bool:
    """Whether another follow request may be made now from this client for this address
    (both counted, so a refusal of one does not spare the other)."""
    by_address = _allowed("address", email, settings.ALERTS_REQUESTS_PER_ADDRESS)
    by_client = _allowed("client", client_ip, settings.ALERTS_REQUESTS_PER_CLIENT)
    return by_address and by_client
