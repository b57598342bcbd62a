"""Whole exports downloaded from the server under test, as they stream: their rows per
second, and whether each came whole (benchmarks/run.py)."""

import csv
import http.client
import re
import statistics
import time
import urllib.request

# Whole exports measured besides the commitments' CSV (issue 18): the quotes' CSV, and the
# commitments' JSON (3.4 KB a record: once, it is 3.4 GB at 1,000,000).
EXPORTS = {"/quotes/?format=csv": 3, "/commitments/?format=json": 1}


def _csv_lines(response, size: list[int]):
    """The body's lines as text, counting its bytes in ``size``, never holding it whole."""
    for number, line in enumerate(response):
        size[0] += len(line)
        yield line.decode("utf-8-sig" if number == 0 else "utf-8")


def download(base: str, path: str) -> tuple[int | None, int, bool]:
    """One download of ``path`` read to its end as it streams: its rows (a CSV's read as
    CSV, since a cell may hold a line break; a JSON list's count), its bytes, and whether
    it came whole (a worker killed mid-download cuts the body short)."""
    size, rows, whole = [0], None, True
    try:
        with urllib.request.urlopen(base + path, timeout=900) as response:
            if "format=csv" in path:
                rows = sum(1 for _ in csv.reader(_csv_lines(response, size))) - 1  # the header
            else:
                head = response.read(64)
                size[0], tail = len(head), head
                while piece := response.read(1 << 20):
                    size[0] += len(piece)
                    tail = piece
                rows = int(re.match(rb'\{"count": (\d+)', head).group(1))
                whole = tail.endswith(b"]}")
    except (OSError, http.client.HTTPException):
        whole = False
    return rows, size[0], whole


def export_rate(base: str, path: str, downloads: int = 3) -> dict:
    """An export downloaded whole from gunicorn, one download after another: its rows, its
    bytes, whether every download came whole, and the median time."""
    times, results = [], []
    for _ in range(downloads):
        started = time.perf_counter()
        results.append(download(base, path))
        times.append(time.perf_counter() - started)
    rows, size, _ = results[-1]
    whole = all(result[2] for result in results)
    median = statistics.median(times)
    return {"path": path, "rows": rows, "bytes": size, "s": median, "whole": whole}


def csv_rate(base: str, path: str = "/commitments/?format=csv", downloads: int = 3) -> dict:
    """The CSV of every published commitment (issue 18's figure of rows per second)."""
    return export_rate(base, path, downloads)


def export_rates(base: str) -> list[dict]:
    """Each of ``EXPORTS``, downloaded its number of times."""
    return [export_rate(base, path, times) for path, times in EXPORTS.items()]
