"""benchmarks/growth.py: its figures per page and size, and the table it prints."""

import importlib.util
import sys

from tests.ops.conftest import REPO

BENCHMARKS = REPO / "benchmarks"


def loaded_growth():
    # As run.py and growth.py run, from benchmarks/: growth.py imports builds.py beside it.
    if str(BENCHMARKS) not in sys.path:
        sys.path.append(str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location("growth", BENCHMARKS / "growth.py")
    growth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(growth)
    return growth


def build(wall: float, cpu: float, rows: int = 25) -> dict:
    return {"wall": wall, "cpu": cpu, "queries": 4, "status": 200, "bytes": 1000, "rows": rows}


def test_the_95th_percentile_is_the_one_builds_py_takes():
    growth = loaded_growth()
    assert growth.percentile_95([float(n) for n in range(1, 21)]) == 19.0
    assert growth.percentile_95([7.0]) == 7.0


def test_a_page_grows_by_its_median_build_and_shows_its_rows_at_each_size():
    growth = loaded_growth()
    small = growth.summary([build(10, 8, rows=5), build(12, 9, rows=5), build(30, 10, rows=5)])
    large = growth.summary([build(15, 12), build(18, 12), build(16, 13)])
    assert (small["p50"], small["cpu"], small["rows"]) == (12, 9, 5)
    table = growth.table({"events index": (small, large)})
    assert "| events index | 12.0 / 30.0 (9.0) | 16.0 / 18.0 (12.0) | 1.33 (1.33)" in table
    assert "| 4 / 4 | 5 / 25 | 1,000 / 1,000 |" in table


def test_rows_are_the_lists_rows_only():
    growth = loaded_growth()
    body = b'<tr class="event-row" data-slug="a"><tr><tr class="commitment-row">'
    assert len(growth.ROW.findall(body)) == 2
