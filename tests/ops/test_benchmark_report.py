"""The benchmark's report says how many rows per second the CSV of every commitment
streamed, against issue 18's target."""

import importlib.util
from types import SimpleNamespace

from tests.ops.conftest import REPO


def load_report():
    spec = importlib.util.spec_from_file_location("report", REPO / "benchmarks" / "report.py")
    report = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(report)
    return report


def a_run(rows_per_s: float) -> dict:
    return {
        "size": 100_000,
        "loaded_s": None,
        "load_before": "1.0 1.0 1.0",
        "load_after": "1.0 1.0 1.0",
        "pages": {},
        "cached": None,
        "first_load": {},
        "csv_rate": {
            "path": "/commitments/?format=csv",
            "rows": 100_000,
            "bytes": 43_702_185,
            "s": 100_000 / rows_per_s,
        },
    }


def test_the_report_gives_the_csvs_rows_per_second_and_whether_the_target_is_met():
    report = load_report()
    fast = "\n".join(report._size_table(a_run(80_000)))
    assert "100,000 rows, 43,702,185 B in 1.25 s, **80,000 rows/s** (≥ 50,000: met)" in fast
    slow = "\n".join(report._size_table(a_run(40_000)))
    assert "**40,000 rows/s** (≥ 50,000: NOT met)" in slow


def test_a_run_without_the_csvs_rate_reports_without_it():
    report = load_report()
    run = a_run(80_000)
    del run["csv_rate"]
    assert "rows/s" not in "\n".join(report._size_table(run))


def test_the_report_gives_each_whole_exports_rate_and_says_when_one_was_cut_short():
    report = load_report()
    run = a_run(80_000)
    run["exports"] = [
        {
            "path": "/quotes/?format=csv",
            "rows": 50_000,
            "bytes": 11_762_273,
            "s": 2.0,
            "whole": True,
        },
        {
            "path": "/commitments/?format=json",
            "rows": 100_000,
            "bytes": 9_000,
            "s": 30.1,
            "whole": False,
        },
    ]
    table = "\n".join(report._size_table(run))
    assert (
        "`/quotes/?format=csv` from gunicorn: 50,000 rows, 11,762,273 B in 2.00 s, 25,000 rows/s."
        in table
    )
    assert (
        "`/commitments/?format=json` from gunicorn: 100,000 rows, 9,000 B in 30.10 s, "
        "3,322 rows/s **cut short**." in table
    )


def test_the_report_says_where_the_workers_keep_what_they_remember():
    report = load_report()
    info = {
        "nproc": "2",
        "cpu": "AMD EPYC",
        "memory": "23.5 GiB",
        "postgresql": "15.20",
        "python": "3.13.0",
        "load_start": "0.5 0.5 0.5",
        "cold_builds": 3,
        "cache": "Redis (`CACHE_URL`), shared by every worker",
    }
    args = SimpleNamespace(threads=1, connections=4, duration=3, builds=10)
    text = report.figures(info, [], args)
    assert "Remembered values (drop-down choices, counts, summaries): Redis (`CACHE_URL`)" in text


def a_page(p50: float, cpu: float, rows: int = 25) -> dict:
    return {"p50": p50, "p95": p50 * 1.2, "cpu": cpu, "queries": 4, "status": 200, "rows": rows}


def test_the_growth_comes_from_the_two_sets_builds_interleaved_against_issue_18s_target():
    report = load_report()
    small, large = a_run(80_000), a_run(80_000)
    small["size"] = 1_000
    large["growth"] = {
        "baseline (minimal view)": (a_page(3.0, 1.0), a_page(3.0, 1.0)),
        "events index": (a_page(4.0, 3.0, rows=5), a_page(5.0, 4.5)),
        "country page": (a_page(8.0, 6.0), a_page(14.0, 9.0)),
    }
    table = "\n".join(report._growth(small, large))
    assert "### Growth from 1,000 to 100,000 commitments" in table
    assert "| events index | 4.0 (3.0) | 5.0 (4.5) | 1.25 | 1.50 | 5 / 25 | yes |" in table
    assert "| country page | 8.0 (6.0) | 14.0 (9.0) | 1.75 | 1.50 | 25 / 25 | no |" in table
    assert "baseline" not in table
    # Sizes without a growth measured (a run of one size, or one that failed) have no table.
    text = report.figures(
        {
            "nproc": "2",
            "cpu": "x",
            "memory": "1 GiB",
            "postgresql": "15",
            "python": "3.13",
            "load_start": "0 0 0",
            "cold_builds": 3,
            "cache": "memory",
        },
        [small, a_run(80_000)],
        SimpleNamespace(threads=1, connections=4, duration=3, builds=10),
    )
    assert "### Growth" not in text
