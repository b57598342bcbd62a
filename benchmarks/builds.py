"""Each page built afresh in this process, one request after another, as benchmarks/run.py
reports it: its build time (median and 95th percentile), its SQL queries in steady state and
right after an edit, its status and bytes."""

import gc
import os
import statistics
import time

# Builds timed right after an edit (each after emptying what is remembered), per page.
COLD_BUILDS = 3


def percentile_95(values: list[float]) -> float:
    """The value 95% of the sorted builds reach."""
    ordered = sorted(values)
    return ordered[max(0, round(len(ordered) * 0.95) - 1)]


def built(client, address: str, extra: dict) -> dict:
    """One build of ``address`` through Django's test ``client``: its wall and CPU time
    (ms), SQL queries, status and whole body."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wall, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, **extra)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return {
        "wall": (time.perf_counter() - wall) * 1000,
        "cpu": (time.process_time() - cpu) * 1000,
        "queries": len(queries),
        "status": response.status_code,
        "body": body,
    }


def measure_builds(addresses: dict, builds: int, env: dict) -> dict[str, dict]:
    """Per page, built afresh (the page cache off), one request after another through
    Django's test client: SQL queries right after an edit (nothing remembered) and in steady
    state (choices and counts remembered), the median and 95th percentile of ``builds``
    builds, the status and the body's bytes."""
    os.environ.update(env)
    os.environ["PAGE_CACHE_TIMEOUT"] = "0"
    import django
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    django.setup()
    # As a gunicorn worker is once it has loaded the app (gunicorn.conf.py's post_worker_init):
    # what loading made is frozen out of the garbage collector's view, else a full collection
    # walking those 150,000 objects lands in some builds (80 ms of CPU in one country page)
    # and the p95 measures the collector, not the page the server would serve.
    import tracker.wsgi  # noqa: F401  (the application, loaded as a worker loads it)

    gc.freeze()
    connection.close()
    # Settings are read once per process: point the connection at this size's database.
    connection.settings_dict["NAME"] = env["DATABASE_URL"].rsplit("/", 1)[1]
    client = Client(SERVER_NAME="127.0.0.1")

    def fetch(address: str, extra: dict) -> tuple[int, int, int, float]:
        one = built(client, address, extra)
        return one["queries"], one["status"], len(one["body"]), one["wall"]

    figures = {}
    for name, (address, headers, _) in addresses.items():
        extra = {f"HTTP_{key.upper().replace('-', '_')}": value for key, value in headers.items()}
        # Right after an edit nothing is remembered (drop-down choices, counts, a country's
        # summary): the first reader after every edit pays for it all, so it is timed too.
        cold = []
        for _ in range(COLD_BUILDS):
            cache.clear()
            cold.append(fetch(address, extra))
        after_edit = cold[0][0]
        timings = [fetch(address, extra) for _ in range(builds)]
        queries, status, size, _ = timings[-1]
        times = sorted(timing[3] for timing in timings)
        figures[name] = {
            "queries": queries,
            "queries_after_edit": after_edit,
            "after_edit_ms": statistics.median(timing[3] for timing in cold),
            "status": status,
            "bytes": size,
            "build_ms": statistics.median(times),
            "build_p95_ms": percentile_95(times),
        }
    connection.close()
    return figures
