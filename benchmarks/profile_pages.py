"""Where a page built afresh spends its time (issue 18), page type by page type.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_perf \\
        .venv/bin/python benchmarks/profile_pages.py [--repeat 5] [--explain] [--cprofile]

Against a database that holds the synthetic set (``manage.py generate_synthetic``), with the
page cache off (``PAGE_CACHE_TIMEOUT=0``) and the drop-down choices and counts remembered
(steady state), each page is built ``--repeat`` times through Django's test client and its
time split, exclusively (a nested category pauses the one around it), between:

- **database**: psycopg executing statements and fetching rows (the driver's type loading
  included);
- **SQL building**: the ORM compiling querysets to SQL;
- **model instances**: the ORM making objects of rows (``Model.from_db``);
- **forms**: validating the filter forms and rendering their fields;
- **templates**: rendering templates (less what the above and below take inside them);
- **formatting**: the ``tracker_format`` filters (money, numbers, dates);
- **serialising**: pydantic schemas and JSON, CSV rows;
- **other**: the view's own code, middleware, URL routing, the ORM's remaining work.

``--search WORDS…`` adds the search page for each of those words. ``--explain`` prints
``EXPLAIN (ANALYZE, BUFFERS)`` of each query slower than 2 ms;
``--cprofile`` the 25 functions with the most cumulative time per page. The figures go to
the terminal; benchmarks/RESULTS.md quotes them.
"""

import argparse
import cProfile
import functools
import io
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ["PAGE_CACHE_TIMEOUT"] = "0"
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "profile-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("AXES_ENABLED", "false")
os.environ.setdefault("BENCHMARK_BASELINE_VIEW", "1")
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "60000")  # see the slowest as they are

CATEGORIES = (
    "database",
    "SQL building",
    "model instances",
    "forms",
    "templates",
    "formatting",
    "serialising",
    "other",
)


class Split:
    """Exclusive time per category: entering one pauses the category it is called from."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.stack: list[str] = ["other"]
        self.since = time.perf_counter()

    def switch(self, category: str | None) -> None:
        now = time.perf_counter()
        self.totals[self.stack[-1]] += now - self.since
        self.since = now
        if category is None:
            self.stack.pop()
        else:
            self.stack.append(category)

    def reset(self) -> None:
        self.totals.clear()
        self.stack = ["other"]
        self.since = time.perf_counter()


SPLIT = Split()


def timed(category: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        SPLIT.switch(category)
        try:
            return function(*args, **kwargs)
        finally:
            SPLIT.switch(None)

    return wrapper


def instrument() -> None:
    import django.forms.boundfield
    import django.forms.forms
    import django.template.base
    import psycopg
    import pydantic
    from django.db.models import Model
    from django.db.models.sql.compiler import SQLCompiler

    from tracker.templatetags import tracker_format

    patches = [
        (psycopg.Cursor, ("execute", "fetchone", "fetchmany", "fetchall")),
        (psycopg.ServerCursor, ("execute", "fetchone", "fetchmany", "fetchall")),
        (SQLCompiler, ("as_sql",)),
        (django.forms.forms.BaseForm, ("full_clean",)),
        (django.forms.boundfield.BoundField, ("__str__", "as_widget")),
        (django.template.base.Template, ("render",)),
        (pydantic.BaseModel, ("model_dump",)),
    ]
    category = {
        psycopg.Cursor: "database",
        psycopg.ServerCursor: "database",
        SQLCompiler: "SQL building",
        django.forms.forms.BaseForm: "forms",
        django.forms.boundfield.BoundField: "forms",
        django.template.base.Template: "templates",
        pydantic.BaseModel: "serialising",
    }
    for owner, names in patches:
        for name in names:
            setattr(owner, name, timed(category[owner], getattr(owner, name)))
    Model.from_db = classmethod(timed("model instances", Model.from_db.__func__))
    pydantic.BaseModel.model_validate = classmethod(
        timed("serialising", pydantic.BaseModel.model_validate.__func__)
    )
    for name, function in list(tracker_format.register.filters.items()):
        tracker_format.register.filters[name] = timed("formatting", function)
    import csv
    import json

    import tracker.exports

    tracker.exports.json = type(
        "json", (), {"dumps": staticmethod(timed("serialising", json.dumps))}
    )
    writer = csv.writer

    def timed_writer(*args, **kwargs):
        real = writer(*args, **kwargs)

        class Writer:
            writerow = staticmethod(timed("serialising", real.writerow))

        return Writer()

    tracker.exports.csv = type("csv", (), {"writer": staticmethod(timed_writer)})


def addresses() -> dict[str, tuple[str, dict, list[str]]]:
    """The benchmark's page types (benchmarks/pages.py), picked from this database."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import pages
    from django.db import connection

    def query(sql: str) -> str:
        """Rows as ``psql -tA`` prints them (run.py's): a line each, columns split by "|"."""
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return "\n".join("|".join(map(str, row)) for row in cursor.fetchall())

    return pages.page_addresses(pages.pick_records(query))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--only", default="", help="page types whose name contains this")
    parser.add_argument(
        "--search",
        nargs="+",
        default=[],
        metavar="WORDS",
        help="also the search page for each of these words (quote several words as one)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    instrument()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    pages = {k: v for k, v in addresses().items() if args.only in k}
    for words in args.search:
        pages[f"search: {words}"] = (f"/search/?{urlencode({'q': words})}", {}, [])
    header = "| page | built in ms | queries | " + " | ".join(CATEGORIES) + " |"
    rows = []
    for name, (address, headers, _) in pages.items():
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}

        def build(address=address, extra=extra):
            response = client.get(address, **extra)
            if response.streaming:
                return response, b"".join(response.streaming_content)
            return response, response.content

        build()  # remembered choices and counts, warm connections and templates
        totals, splits = [], []
        for _ in range(args.repeat):
            SPLIT.reset()
            started = time.perf_counter()
            build()
            SPLIT.switch("other")
            SPLIT.switch(None)
            totals.append((time.perf_counter() - started) * 1000)
            splits.append(dict(SPLIT.totals))
        with CaptureQueriesContext(connection) as queries:
            response, body = build()
        middle = sorted(range(len(totals)), key=totals.__getitem__)[len(totals) // 2]
        split = splits[middle]
        cells = " | ".join(f"{split.get(c, 0) * 1000:.1f}" for c in CATEGORIES)
        rows.append(f"| {name} | {statistics.median(totals):.1f} | {len(queries)} | {cells} |")
        print(
            f"{name}: {response.status_code}, {len(body):,} B, "
            f"{statistics.median(totals):.1f} ms, {len(queries)} queries",
            flush=True,
        )
        if args.cprofile:
            profile = cProfile.Profile()
            profile.runcall(build)
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
        if args.explain:
            for query in queries.captured_queries:
                explain(connection, query)
    print("\n" + header)
    print("| --- |" + " ---: |" * (len(CATEGORIES) + 2))
    print("\n".join(rows))


def explain(connection, query: dict) -> None:
    sql = query["sql"]
    if not sql.lstrip().upper().startswith("SELECT") or float(query["time"]) < 0.002:
        return
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print(f"\n-- {float(query['time']) * 1000:.1f} ms: {sql[:300]}\n{plan}\n", flush=True)


if __name__ == "__main__":
    main()
