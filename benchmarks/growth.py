"""How much slower each page is built at one size than at another (issue 18's growth),
measured so that the machine's load falls on both sizes alike.

    .venv/bin/python benchmarks/growth.py --small postgres://…/tracker_1k \\
        --large postgres://…/tracker_perf [--builds 30] [--only commitments]

Timed one size after the other (as benchmarks/run.py once took its growth), on a machine
shared with other work the load moves in between, and the same page's growth came out
anywhere from 0.53 to 3.61 in four such runs (benchmarks/RESULTS.md, lists11). Here a worker
process per database (as builds.py makes one: the page cache off, what loading made frozen
out of the garbage collector's view) builds the same page type in turn, one build each,
which goes first alternating, after three builds each to warm them. Each page type's
address is picked in each database as run.py picks it (benchmarks/pages.py); run.py
keeps each size's database to the end of its run and takes its growth table from here
(``measure``).

Per page type and size it prints the median and 95th percentile of the build's wall time,
the median of its CPU time (this process's alone: the database's is in the wall time), the
queries, the bytes and the rows the page shows (``<tr class="…-row"``): a list that shows
fewer rows at the small size (an index of 5 events beside one of 25) grows by its rows,
which no change to the code removes.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

from builds import built, percentile_95

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(rb'<tr class="[a-z-]+-row"')
# As benchmarks/profile_pages.py builds pages: production settings, the page cache off.
SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "tracker.settings",
    "DEBUG": "false",
    "SECRET_KEY": "growth-only-secret-key-not-used-anywhere-else-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "AXES_ENABLED": "false",
    "BENCHMARK_BASELINE_VIEW": "1",
    "DATABASE_STATEMENT_TIMEOUT_MS": "60000",
    "PAGE_CACHE_TIMEOUT": "0",
}


def worker() -> None:
    """Say this database's addresses (a line of JSON), then build each page type named on
    standard input and say how it went (a line of JSON each)."""
    import gc

    import django

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    django.setup()
    import pages
    from django.db import connection
    from django.test import Client

    import tracker.wsgi  # noqa: F401  (the application, loaded as a gunicorn worker loads it)

    gc.freeze()  # as builds.py: a full collection of what loading made measures the collector

    def query(sql: str) -> str:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return "\n".join("|".join(map(str, row)) for row in cursor.fetchall())

    addresses = pages.page_addresses(pages.pick_records(query))
    print(json.dumps({name: address for name, (address, _, _) in addresses.items()}), flush=True)
    client = Client(SERVER_NAME="127.0.0.1")
    for line in sys.stdin:
        address, headers, _ = addresses[line.strip()]
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        build = built(client, address, extra)
        body = build.pop("body")
        print(json.dumps({**build, "bytes": len(body), "rows": len(ROW.findall(body))}), flush=True)


class Worker:
    """A worker process building one database's pages."""

    def __init__(self, database_url: str) -> None:
        env = {**os.environ, **SETTINGS, "DATABASE_URL": database_url}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.addresses: dict[str, str] = json.loads(self.process.stdout.readline())

    def build(self, page: str) -> dict:
        self.process.stdin.write(page + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def summary(builds: list[dict]) -> dict:
    walls = [build["wall"] for build in builds]
    last = builds[-1]
    return {
        "p50": statistics.median(walls),
        "p95": percentile_95(walls),
        "cpu": statistics.median(build["cpu"] for build in builds),
        **{key: last[key] for key in ("queries", "status", "bytes", "rows")},
    }


def table(figures: dict[str, tuple[dict, dict]]) -> str:
    lines = [
        "| page | small p50 / p95 ms (CPU) | large p50 / p95 ms (CPU) | growth (CPU)"
        " | queries | rows | bytes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page, (small, large) in figures.items():
        lines.append(
            f"| {page} | {small['p50']:.1f} / {small['p95']:.1f} ({small['cpu']:.1f})"
            f" | {large['p50']:.1f} / {large['p95']:.1f} ({large['cpu']:.1f})"
            f" | {large['p50'] / small['p50']:.2f} ({large['cpu'] / small['cpu']:.2f})"
            f" | {small['queries']} / {large['queries']} | {small['rows']} / {large['rows']}"
            f" | {small['bytes']:,} / {large['bytes']:,} |"
        )
    return "\n".join(lines)


def measure(small: str, large: str, builds: int = 30, only: str = "", log=print) -> dict:
    """Each page type built ``builds`` times in each of two databases (``DATABASE_URL``s),
    in turn: {page: (the small set's summary, the large set's)}."""
    sizes = (Worker(small), Worker(large))
    try:
        figures = {}
        for page in sizes[0].addresses:
            if only not in page or page not in sizes[1].addresses:
                continue
            for size in sizes:
                for _ in range(3):
                    size.build(page)
            built: tuple[list, list] = ([], [])
            for turn in range(builds):
                order = (0, 1) if turn % 2 == 0 else (1, 0)
                for which in order:
                    built[which].append(sizes[which].build(page))
            figures[page] = (summary(built[0]), summary(built[1]))
            log(f"{page}: {sizes[0].addresses[page]} | {sizes[1].addresses[page]}")
        return figures
    finally:
        for size in sizes:
            size.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--small", help="DATABASE_URL of the smaller set")
    parser.add_argument("--large", help="DATABASE_URL of the larger set")
    parser.add_argument("--builds", type=int, default=30, help="builds per page and size")
    parser.add_argument("--only", default="", help="page types whose name contains this")
    args = parser.parse_args()
    if args.worker:
        worker()
        return
    if not (args.small and args.large):
        parser.error("--small and --large are both needed")
    figures = measure(args.small, args.large, args.builds, args.only)
    print("\n" + table(figures))


if __name__ == "__main__":
    main()
