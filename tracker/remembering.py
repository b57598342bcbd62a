"""What a page needs on every request and only an edit changes, remembered per data version
(``remembered``): the lists' drop-down choices, the countries' counts, a share image, and
the count of a list (``cached_count``, keyed by its SQL), so that paging through 100,000
rows does not count them for every page. Right after an edit one request computes each of
them while the others wait for it (bounded), rather than every worker running the same
whole-table query at once. The data version (``data_version``: ``DataVersion``, one row
that database triggers move whenever any tracker table changes) is read once per request;
``tracker.http_cache`` labels and keeps the public pages by it too, and gives these names."""

import datetime
import hashlib
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import QuerySet
from django.http import HttpRequest

from tracker.count_keys import rows_counted
from tracker.models import DataVersion

REMEMBER_SECONDS = 3600
# Right after an edit (``remembered``): how long readers wait for the one computing a
# value before computing it themselves (longer than the countries' counts take at
# 1,000,000 commitments on a loaded machine, well within gunicorn's 30 s timeout), how
# often they look, and when a lock left by a worker that died while computing lapses.
WAIT_FOR_COMPUTING = 5.0
FIRST_PAUSE = 0.01
LONGEST_PAUSE = 0.1
COMPUTING_LOCK_SECONDS = 30


def data_version(request: HttpRequest) -> datetime.datetime | None:
    """When the data last changed (one primary-key lookup, once per request); None if unknown."""
    if not hasattr(request, "_data_version"):
        try:
            row = DataVersion.changed_at_now()
        except DatabaseError:  # the view meets it again and answers 503 (tracker.middleware)
            row = None
        request._data_version = row
    return request._data_version


def remembered[T](request: HttpRequest, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept for this data version (computed again after any change): for
    what every request of a page needs and only an edit changes, such as a drop-down's
    choices, whose query reads a whole table.

    Right after an edit every reader misses at once. One computes, holding the key's lock
    (the cache's ``add``, which one caller alone wins: shared by every worker when the
    cache is Redis); the others wait for its value. If the lock is let go without a value
    (that computation failed), one of them takes it in turn, and the rest wait on; after
    ``WAIT_FOR_COMPUTING`` seconds in all a reader computes the value itself. A waiter
    takes only this data version's value: an older one could count a record unpublished
    since."""
    changed_at = data_version(request)
    if changed_at is None:
        return compute()
    key = f"{name}:{changed_at.timestamp():.6f}"
    value = cache.get(key)
    if value is not None:
        return value
    lock = f"computing:{key}"
    deadline = time.monotonic() + WAIT_FOR_COMPUTING
    while time.monotonic() < deadline:
        holder = uuid.uuid4().hex
        if cache.add(lock, holder, COMPUTING_LOCK_SECONDS):
            try:
                value = compute()
                cache.set(key, value, REMEMBER_SECONDS)
            finally:
                # Only its own: a computation that outlived the lock must not free the
                # lock of the one computing after it.
                if cache.get(lock) == holder:
                    cache.delete(lock)
            return value
        if (value := _computed_by_another(key, lock, deadline)) is not None:
            return value
    value = compute()
    cache.set(key, value, REMEMBER_SECONDS)
    return value


def _computed_by_another(key: str, lock: str, deadline: float):
    """The value another request is computing under ``lock``, once it is there; None if the
    lock is let go without it (that computation failed) or ``deadline`` passes."""
    pause = FIRST_PAUSE
    while time.monotonic() < deadline:
        time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        found = cache.get_many([key, lock])
        if key in found:
            return found[key]
        if lock not in found:
            return None
        pause = min(pause * 2, LONGEST_PAUSE)
    return None


def known_or_counted(known: Callable[[], int | None] | None, count: Callable[[], int]) -> int:
    """The number ``known()`` gives where a caller knows it without counting (a list's
    summary, ``overview.counted_by_summary``), else ``count()``."""
    number = known() if known else None
    return count() if number is None else number


def cached_count(
    request: HttpRequest, queryset: QuerySet, known: Callable[[], int | None] | None = None
) -> int:
    """``queryset.count()``, remembered for this data version (recounted after any change),
    keyed by SQL that names the rows it counts (``count_keys.rows_counted``); ``known``,
    the number where the caller knows it without counting the rows (None where not)."""
    digest = hashlib.blake2b(rows_counted(queryset).encode(), digest_size=16).hexdigest()
    return remembered(request, f"count:{digest}", lambda: known_or_counted(known, queryset.count))
