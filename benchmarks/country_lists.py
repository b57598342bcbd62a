"""The commitments list of many countries, not only the benchmark's one, built afresh.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_perf \\
        .venv/bin/python benchmarks/country_lists.py [--countries 30] [--repeat 3] \\
        [--query STRING] [--explain] [--json OUT]

A country's list can be fast for the benchmark's country and slow for others: how many
commitments a plan reads to find a page depends on where the country's commitments fall in
the sort's order. Against a database that holds the synthetic set, with the page cache off
and the drop-down choices and summaries remembered (a build first, not timed), this builds
``/commitments/?country=<slug>`` (and ``--query``, e.g. ``&sort=title``) through Django's
test client for ``--countries`` countries ``--repeat`` times each, and prints the p50 and
p95 of every build. The countries: those with published commitments, but the one with the
most parties (the United Kingdom in the synthetic set) and the benchmark's
(benchmarks/pages.py), evenly spaced in the order of their codes, so two databases made
alike give the same. ``--explain`` prints each country's page query's execution time
(``EXPLAIN (ANALYZE)``, the median of three) and its number of parties.
"""

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ["PAGE_CACHE_TIMEOUT"] = "0"
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "profile-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("AXES_ENABLED", "false")
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "60000")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def countries(how_many: int) -> list[tuple[str, int]]:
    """(slug, parties) of ``how_many`` countries, evenly spaced by code."""
    import pages
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT k.slug, count(*) FROM tracker_commitmentparty p "
            "JOIN tracker_country k ON k.code = p.country_id "
            "JOIN tracker_commitment c ON c.id = p.commitment_id "
            "WHERE c.publication = 'published' GROUP BY k.code, k.slug ORDER BY k.code"
        )
        found = cursor.fetchall()
    largest = max(found, key=lambda row: row[1])[0]

    def query(sql: str) -> str:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return "\n".join("|".join(map(str, row)) for row in cursor.fetchall())

    benchmarks = pages.pick_records(query)["country"][0]
    chosen = [row for row in found if row[0] not in (largest, benchmarks)]
    step = max(1, len(chosen) // how_many)
    return chosen[::step][:how_many]


def page_query_ms(connection, sql: str) -> float:
    times = []
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute(f"EXPLAIN (ANALYZE, TIMING OFF) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            times.append(float(re.search(r"Execution Time: ([\d.]+)", plan).group(1)))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--countries", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--query", default="", help="more of the address, e.g. &sort=title")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--json", help="write the builds' times here")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    builds, per_country = [], {}
    for slug, parties in countries(args.countries):
        address = f"/commitments/?country={slug}{args.query}"
        assert client.get(address).status_code == 200, address  # what is remembered
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(address)
            times.append((time.perf_counter() - started) * 1000)
        builds.extend(times)
        per_country[slug] = {"parties": parties, "ms": times}
        if args.explain:
            with CaptureQueriesContext(connection) as queries:
                client.get(address)
            (page,) = [
                q["sql"]
                for q in queries
                if 'FROM "tracker_commitment"' in q["sql"] and q["sql"].endswith(" LIMIT 25")
            ]
            per_country[slug]["page query ms"] = page_query_ms(connection, page)
            print(
                f"{slug}: {parties} parties, page query {per_country[slug]['page query ms']:.2f} ms"
            )
    print(
        f"{len(per_country)} countries × {args.repeat}: p50 {statistics.median(builds):.1f} ms, "
        f"p95 {percentile(builds, 0.95):.1f} ms, max {max(builds):.1f} ms"
    )
    if args.explain:
        page_times = [c["page query ms"] for c in per_country.values()]
        print(
            f"page query: p50 {statistics.median(page_times):.2f} ms, "
            f"p95 {percentile(page_times, 0.95):.2f} ms, max {max(page_times):.2f} ms"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(per_country, indent=1))


if __name__ == "__main__":
    main()
