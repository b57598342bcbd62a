"""The lists filtered by a country, other than the commitments list, in each of their sorts,
for many countries: the page query's and the count's execution time by EXPLAIN.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_perf \\
        .venv/bin/python benchmarks/country_indexes.py [--countries 20] \\
        [--lists announcements quotes] [--json OUT]

As benchmarks/country_lists.py does for the commitments list: how many rows a plan reads to
find a page of one country depends on where that country's records fall in the sort's
order, so one country says little. For each list (the announcements, quotes, figures,
people and events indexes or lists) and each of its sorts, this asks Django's test client
for ``/<list>/?country=<slug>&sort=<sort>`` for ``--countries`` countries (those some
published record of the list names, evenly spaced by code), with the page cache off, and
prints each country's page query and count query times (``EXPLAIN (ANALYZE, BUFFERS)``,
the median of three) with the buffers the page query read, then the p50, p95 and max of
each list's sort.
"""

import argparse
import json
import os
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ["PAGE_CACHE_TIMEOUT"] = "0"
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "profile-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("AXES_ENABLED", "false")
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "60000")

# Each list: its address, its rows' table, the table of its rows' countries and that
# table's key of the row, and its sorts (the first its default).
LISTS = {
    "announcements": (
        "/announcements/",
        "tracker_announcement",
        "SELECT country_id FROM tracker_announcement_countries x JOIN tracker_announcement r "
        "ON r.id = x.announcement_id WHERE r.publication = 'published'",
        ("newest", "oldest", "title"),
    ),
    "quotes": (
        "/quotes/",
        "tracker_quote",
        "SELECT country_id FROM tracker_quote_countries x JOIN tracker_quote r "
        "ON r.id = x.quote_id WHERE r.publication = 'published'",
        ("newest", "oldest"),
    ),
    "figures": (
        "/figures/",
        "tracker_figure",
        "SELECT country_id FROM tracker_figure_countries x JOIN tracker_figure r "
        "ON r.id = x.figure_id WHERE r.publication = 'published'",
        ("newest", "label"),
    ),
    "people": (
        "/people/",
        "tracker_person",
        "SELECT country_id FROM tracker_person WHERE country_id IS NOT NULL",
        ("name", "quotes"),
    ),
    "events": (
        "/events/",
        "tracker_event",
        "SELECT country_id FROM tracker_event WHERE country_id IS NOT NULL",
        ("newest", "oldest", "name"),
    ),
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def countries(connection, named: str, how_many: int) -> list[tuple[str, int]]:
    """(slug, rows naming it) of ``how_many`` countries, evenly spaced by code."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT k.slug, count(*) FROM ({named}) n JOIN tracker_country k "
            "ON k.code = n.country_id GROUP BY k.code, k.slug ORDER BY k.code"
        )
        found = cursor.fetchall()
    step = max(1, len(found) // how_many)
    return found[::step][:how_many]


def explained(connection, sql: str) -> tuple[float, int]:
    """The median execution time of three runs in ms, and the buffers the last read."""
    times, buffers = [], 0
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            times.append(float(re.search(r"Execution Time: ([\d.]+)", plan).group(1)))
            top = re.search(r"Buffers: shared hit=(\d+)(?: read=(\d+))?", plan)
            buffers = int(top.group(1)) + int(top.group(2) or 0) if top else 0
    return statistics.median(times), buffers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--countries", type=int, default=20)
    parser.add_argument("--lists", nargs="*", default=list(LISTS), choices=list(LISTS))
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    figures = {}
    for name in args.lists:
        address, table, named, sorts = LISTS[name]
        chosen = countries(connection, named, args.countries)
        for sort in sorts:
            per_country = {}
            for slug, rows in chosen:
                cache.clear()  # the count is remembered per data version
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(f"{address}?country={slug}&sort={sort}")
                assert response.status_code == 200, (address, slug, sort)
                ours = [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]
                page = [sql for sql in ours if re.search(r" LIMIT \d+$", sql)]
                counted = [sql for sql in ours if "COUNT(*)" in sql and "__count" in sql]
                if not page:  # none public (an event no published record names)
                    continue
                page_ms, buffers = explained(connection, page[0])
                count_ms = explained(connection, counted[0])[0] if counted else None
                per_country[slug] = {
                    "rows": rows,
                    "page ms": page_ms,
                    "page buffers": buffers,
                    "count ms": count_ms,
                }
            page_times = [c["page ms"] for c in per_country.values()]
            count_times = [c["count ms"] for c in per_country.values() if c["count ms"]]
            worst = max(per_country, key=lambda slug: per_country[slug]["page ms"])
            print(
                f"{name} sort={sort}: page query p50 {statistics.median(page_times):.2f} ms, "
                f"p95 {percentile(page_times, 0.95):.2f}, max {max(page_times):.2f} ({worst}, "
                f"{per_country[worst]['rows']} rows, {per_country[worst]['page buffers']} "
                "buffers)"
                + (
                    f"; count p50 {statistics.median(count_times):.2f} ms, "
                    f"max {max(count_times):.2f}"
                    if count_times
                    else ""
                ),
                flush=True,
            )
            figures[f"{name} {sort}"] = per_country
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
