"""What is remembered per data version, right after an edit: one request computes it while
the others wait for it (bounded), and none takes an older version's value."""

import datetime
import threading
import time

import pytest
from django.core.cache import cache
from django.http import HttpRequest

from tracker import remembering
from tracker.remembering import remembered

EDITED = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC)
READERS = 6


def request_at(changed_at: datetime.datetime) -> HttpRequest:
    """A request that has read the data version (``data_version`` keeps it on the request)."""
    request = HttpRequest()
    request._data_version = changed_at
    return request


class Computation:
    """A whole-table count standing in: slow, counting how often it ran."""

    def __init__(self, value, seconds: float = 0.3, fails: bool = False):
        self.value, self.seconds, self.fails = value, seconds, fails
        self.runs = 0
        self.started = threading.Event()
        self._lock = threading.Lock()

    def __call__(self):
        with self._lock:
            self.runs += 1
        self.started.set()
        time.sleep(self.seconds)
        if self.fails:
            raise RuntimeError("the statement was cancelled")
        return self.value


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def read_at_once(readers: int, compute, changed_at=EDITED) -> list:
    """``readers`` threads asking for the same remembered value at the same moment."""
    results: list = [None] * readers
    start = threading.Barrier(readers)

    def read(index: int) -> None:
        start.wait()
        results[index] = remembered(request_at(changed_at), "country-index", compute)

    threads = [threading.Thread(target=read, args=(index,)) for index in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return results


def failing_in_background() -> tuple[threading.Thread, list]:
    """A request computing the value, holding its lock, and failing after 0.2 s: its thread
    (started, and computing) and where its error goes."""
    failing = Computation({"RS": 12}, seconds=0.2, fails=True)
    failed: list = []

    def first() -> None:
        try:
            remembered(request_at(EDITED), "country-index", failing)
        except RuntimeError as error:
            failed.append(error)

    holder = threading.Thread(target=first)
    holder.start()
    assert failing.started.wait(5)
    return holder, failed


def test_concurrent_readers_after_an_edit_compute_it_once():
    counts = Computation({"RS": 12})
    assert read_at_once(READERS, counts) == [{"RS": 12}] * READERS
    assert counts.runs == 1
    assert cache.get(f"computing:country-index:{EDITED.timestamp():.6f}") is None


def test_a_value_of_an_older_data_version_is_never_taken():
    before = EDITED - datetime.timedelta(seconds=1)
    assert remembered(request_at(before), "country-index", lambda: {"RS": 12}) == {"RS": 12}
    recounted = Computation({"RS": 11}, seconds=0.05)
    assert read_at_once(3, recounted) == [{"RS": 11}] * 3
    assert recounted.runs == 1


def test_a_reader_waits_a_bounded_time_then_computes_itself(monkeypatch):
    """A lock whose holder never answers (its worker died while computing): the reader
    computes the value itself once the wait is over, and remembers it."""
    monkeypatch.setattr(remembering, "WAIT_FOR_COMPUTING", 0.3)
    key = f"country-index:{EDITED.timestamp():.6f}"
    assert cache.add(f"computing:{key}", True, 30)
    started = time.monotonic()
    assert remembered(request_at(EDITED), "country-index", lambda: {"RS": 12}) == {"RS": 12}
    assert 0.3 <= time.monotonic() - started < 2
    assert cache.get(key) == {"RS": 12}


def test_when_the_computing_request_fails_the_others_compute_at_once(monkeypatch):
    monkeypatch.setattr(remembering, "WAIT_FOR_COMPUTING", 20)
    holder, failed = failing_in_background()
    started = time.monotonic()
    assert remembered(request_at(EDITED), "country-index", lambda: {"RS": 13}) == {"RS": 13}
    holder.join(timeout=5)
    assert len(failed) == 1
    assert time.monotonic() - started < 5  # the lock let go, not the 20 s wait run out


def test_after_a_failed_computation_one_waiter_computes_while_the_others_wait(monkeypatch):
    """The lock let go without a value: the waiters do not all compute at once; one takes
    the lock in turn and the others take its value."""
    monkeypatch.setattr(remembering, "WAIT_FOR_COMPUTING", 20)
    holder, failed = failing_in_background()
    recount = Computation({"RS": 13}, seconds=0.3)
    assert read_at_once(READERS, recount) == [{"RS": 13}] * READERS
    holder.join(timeout=5)
    assert len(failed) == 1
    assert recount.runs == 1


def test_a_computation_that_outlived_its_lock_leaves_the_next_ones_lock_alone():
    key = f"country-index:{EDITED.timestamp():.6f}"
    lock = f"computing:{key}"

    def outlived():
        cache.delete(lock)  # its lock ran out meanwhile ...
        assert cache.add(lock, "the next computation's", 30)  # ... and another took it
        return {"RS": 12}

    assert remembered(request_at(EDITED), "country-index", outlived) == {"RS": 12}
    assert cache.get(lock) == "the next computation's"
