"""The newsroom-scale benchmark (issue 6): production settings, PostgreSQL, gunicorn, wrk.

    .venv/bin/python benchmarks/run.py            # or: make bench  (about an hour, most of it
                                                  # generating 1,000,000 commitments)
    .venv/bin/python benchmarks/run.py --sizes 1000 --duration 5   # a quick look
    .venv/bin/python benchmarks/run.py --database 1000000=tracker_perf1m   # reuse a loaded set

For each size (1,000, 100,000 and 1,000,000 commitments) it creates a database of its own,
``tracker_bench_<process id>_<size>`` (so two runs never drop each other's), on 127.0.0.1:5432,
migrates it, loads the synthetic set (manage.py generate_synthetic),
VACUUM ANALYZEs it, serves the app with gunicorn (gunicorn.conf.py; DEBUG off, SECRET_KEY
set, whitenoise's manifest storage after collectstatic) on a loopback port, and drives
each page type with wrk from a second process. Per page it prints p50 and p95 latency,
throughput, the ratio of that throughput to a minimal Django view served by the same
server in the same run (``BENCHMARK_BASELINE_VIEW``), the SQL queries of one request
(Django's test client and CaptureQueriesContext against the same database) and the
response bytes. It also measures the first page load (HTML + CSS + JS as sent
compressed), the rows per second of the CSV of every commitment and of two other whole
exports (the quotes' CSV, the commitments' JSON), and writes it all to
benchmarks/RESULTS.md, keeping its hand-written sections. The growth from each size to the next
comes last, with both sets' databases: each page type built in one and the other in turn
(benchmarks/growth.py), so that the machine's load falls on both alike. The databases it
created are dropped at the end.
Not part of CI.
"""

import argparse
import gzip
import itertools
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import downloads
import growth
import pages
import report
from builds import COLD_BUILDS, measure_builds

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB_PREFIX = f"tracker_bench_{os.getpid()}"
PG = "postgres://postgres@127.0.0.1:5432"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = free_port()
BASE = f"http://127.0.0.1:{PORT}"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
DISTINCT_SCRIPT = ROOT / "benchmarks" / "distinct.lua"
SCRATCH = Path(tempfile.mkdtemp(prefix="tracker-bench-"))

ENV = {
    **os.environ,
    "DEBUG": "false",
    "SECRET_KEY": "benchmark-only-secret-key-not-used-anywhere-else-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "BENCHMARK_BASELINE_VIEW": "1",
    "DJANGO_SETTINGS_MODULE": "tracker.settings",
    "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    "GUNICORN_MAX_REQUESTS": "0",  # no worker recycling in the middle of a measurement
    "GUNICORN_LOG_LEVEL": "warning",
    "AXES_ENABLED": "false",
    # A page's time as it is, however slow: at the production timeout (1 s) a slow query
    # answers 503 and the process refuses the database for a while (tracker.postgresql's
    # stalls), so every page measured after it would be a 503 too.
    "DATABASE_STATEMENT_TIMEOUT_MS": "60000",
}


def sh(*args: str, env=None, quiet=True) -> str:
    result = subprocess.run(
        args, cwd=ROOT, env=env or ENV, text=True, capture_output=quiet, check=True
    )
    return result.stdout or ""


def psql(sql: str, db: str = "postgres") -> str:
    return sh("psql", f"{PG}/{db}", "-tAc", sql)


def ensure_wrk() -> str:
    if path := shutil.which("wrk"):
        return path
    print("Installing wrk (Debian package)…", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "wrk"], check=False, capture_output=True)
    if not shutil.which("wrk"):
        subprocess.run([*sudo, "apt-get", "update"], check=False, capture_output=True)
        subprocess.run([*sudo, "apt-get", "install", "-y", "wrk"], check=True)
    return shutil.which("wrk")


def machine() -> dict:
    mem = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    return {
        "nproc": sh("nproc").strip(),
        "memory": f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "?",
        "cpu": next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "?",
        ),
        "postgresql": psql("SHOW server_version").strip(),
        "python": sys.version.split()[0],
        "cold_builds": COLD_BUILDS,
        "cache": remembered_in(),
    }


def remembered_in() -> str:
    """Where the workers keep what they remember per data version (drop-down choices,
    counts, summaries): as tracker.settings decides from the same environment."""
    url = ENV.get("CACHE_URL") or ENV.get("REDIS_URL", "")
    if url.startswith(("redis://", "rediss://", "unix://")):
        return "Redis (`CACHE_URL`), shared by every worker"
    return "each worker's own memory (no `CACHE_URL`), so each worker computes them itself"


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def create_database(name: str, size: int, seed: int) -> float:
    psql(f"DROP DATABASE IF EXISTS {name}")
    psql(f"CREATE DATABASE {name}")
    sh(PYTHON, "manage.py", "migrate", "--no-input")
    started = time.monotonic()
    sh(PYTHON, "manage.py", "generate_synthetic", "--commitments", str(size), "--seed", str(seed))
    loaded = time.monotonic() - started
    psql("VACUUM ANALYZE", name)  # as after any bulk load: visibility map, statistics
    return loaded


def start_server(page_cache: bool) -> subprocess.Popen:
    log = open(SCRATCH / "gunicorn.log", "w")  # noqa: SIM115
    env = {**ENV} if page_cache else {**ENV, "PAGE_CACHE_TIMEOUT": "0"}
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/_baseline", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not start; see {SCRATCH / 'gunicorn.log'}")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def drive(wrk: str, paths: list[str], headers: dict, args) -> dict:
    """wrk asking for ``paths`` in turn, each once (benchmarks/distinct.lua)."""
    listing = SCRATCH / "addresses.txt"
    listing.write_text("\n".join(paths) + "\n")
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", "-s", str(DISTINCT_SCRIPT)]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    env = {**os.environ, "BENCH_ADDRESSES": str(listing), "BENCH_THREADS": str(args.threads)}
    # A short warm-up on the last addresses (connections, worker imports), then the run.
    warm = SCRATCH / "warm.txt"
    warm.write_text("\n".join(paths[-50:]) + "\n")
    subprocess.run(
        [*command, "-d2s", BASE],
        env={**env, "BENCH_ADDRESSES": str(warm)},
        capture_output=True,
        check=True,
    )
    out = subprocess.run(
        [*command, f"-d{args.duration}s", "--timeout", "5s", BASE],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests, duration_us, p50, p95, errors, read, repeated = map(
        int, re.search(r"RESULT (.*)", out).group(1).split()
    )
    return {
        "requests": requests,
        "rps": requests / (duration_us / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "errors": errors,
        "repeated": repeated,
        "distinct": min(requests, len(paths)),
        "wire_bytes": read / max(requests, 1),
    }


def first_load(path: str) -> dict:
    """HTML (gzip, as a proxy would send it) + CSS + JS (as whitenoise sends them)."""
    request = urllib.request.Request(BASE + path, headers={"Accept-Encoding": "identity"})
    html = urllib.request.urlopen(request).read()
    sizes = {"html": len(gzip.compress(html, 6)), "html_raw": len(html)}
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    for asset in assets:
        request = urllib.request.Request(
            BASE + asset.decode(), headers={"Accept-Encoding": "br, gzip"}
        )
        with urllib.request.urlopen(request) as response:
            body = response.read()
            encoding = response.headers.get("Content-Encoding", "identity")
        sizes[f"{asset.decode().rsplit('/', 1)[1]} ({encoding})"] = len(body)
    sizes["total"] = sizes["html"] + sum(
        v for k, v in sizes.items() if k not in ("html", "html_raw")
    )
    return sizes


def drive_pages(wrk: str, addresses: dict, args, page_cache: bool) -> dict:
    """wrk against each page type: distinct addresses with the page cache off (built
    afresh), or the one address with it on (served from memory after the first)."""
    server = start_server(page_cache)
    pages = {}
    try:
        for name, (address, headers, distinct) in addresses.items():
            paths = [address] * 50 if page_cache else distinct
            pages[name] = drive(wrk, paths, headers, args)
            print(
                f"{name:32} p50 {pages[name]['p50']:6.1f} ms  p95 {pages[name]['p95']:6.1f} ms"
                f"  {pages[name]['rps']:7.1f} req/s  ({pages[name]['errors']} errors)",
                flush=True,
            )
        first = {path: first_load(path) for path in ("/", "/commitments/")}
        rate = None if page_cache or args.only else downloads.csv_rate(BASE)
        exports = [] if page_cache or args.only else downloads.export_rates(BASE)
    finally:
        stop_server(server)
    baseline = pages["baseline (minimal view)"]["rps"]
    for result in pages.values():
        result["ratio"] = result["rps"] / baseline
    return {"pages": pages, "first_load": first, "csv_rate": rate, "exports": exports}


def run_size(size: int, args, wrk: str, created: list[str]) -> dict:
    print(f"\n== {size:,} commitments ==", flush=True)
    database = args.database.get(size)
    if database:
        ENV["DATABASE_URL"] = f"{PG}/{database}"
        loaded = None
        print(f"reusing database {database}", flush=True)
    else:
        database = f"{DB_PREFIX}_{size}"
        ENV["DATABASE_URL"] = f"{PG}/{database}"
        created.append(database)
        loaded = create_database(database, size, args.seed)
        print(f"loaded in {loaded:.0f} s; load average {loadavg()}", flush=True)
    os.environ["DATABASE_URL"] = ENV["DATABASE_URL"]
    addresses = pages.page_addresses(pages.pick_records(lambda sql: psql(sql, database)), args.only)
    builds = measure_builds(addresses, args.builds, ENV)
    for name, build in builds.items():
        print(
            f"{name:32} built in {build['build_ms']:6.1f} ms (p95 {build['build_p95_ms']:6.1f}),"
            f" {build['queries']:2} queries ({build['queries_after_edit']} after an edit), "
            f"{build['bytes']:>8,} B (status {build['status']})",
            flush=True,
        )
    load_before = loadavg()
    print("-- built afresh: page cache off, distinct addresses", flush=True)
    afresh = drive_pages(wrk, addresses, args, page_cache=False)
    cached = None
    if args.cached:
        print("-- page cache on, one address per page type", flush=True)
        cached = drive_pages(wrk, addresses, args, page_cache=True)
    for name, (address, _, distinct) in addresses.items():
        afresh["pages"][name].update(builds[name], address=address, offered=len(distinct))
    return {
        "size": size,
        "database": database,
        "loaded_s": loaded,
        "pages": afresh["pages"],
        "cached": cached["pages"] if cached else None,
        "first_load": afresh["first_load"],
        "csv_rate": afresh["csv_rate"],
        "exports": afresh["exports"],
        "load_before": load_before,
        "load_after": loadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000, 1_000_000])
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--builds", type=int, default=20, help="single requests per page")
    parser.add_argument(
        "--growth-builds", type=int, default=30, help="builds per page and size for the growth"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database",
        action="append",
        default=[],
        metavar="SIZE=NAME",
        help="measure SIZE on the database NAME, already loaded and analysed, and keep it",
    )
    parser.add_argument("--cached", action="store_true", help="also measure the page cache")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--only", action="append", default=[], help=pages.ONLY_HELP)
    args = parser.parse_args()
    args.database = {int(k): v for k, v in (item.split("=", 1) for item in args.database)}
    os.chdir(ROOT)
    wrk = ensure_wrk()
    info = machine()
    info["load_start"] = loadavg()
    print(f"{info}; load average {info['load_start']}", flush=True)
    sh(PYTHON, "manage.py", "collectstatic", "--no-input", "--clear")
    runs = []
    created: list[str] = []  # dropped at the end: the growth reads each size's again
    try:
        for size in args.sizes:
            runs.append(run_size(size, args, wrk, created))
        for small, large in itertools.pairwise(runs):
            step = f"{small['size']:,} → {large['size']:,}"
            print(f"\n-- growth {step}, the builds interleaved", flush=True)
            large["growth"] = growth.measure(
                f"{PG}/{small['database']}",
                f"{PG}/{large['database']}",
                args.growth_builds,
                log=lambda line: print(line, flush=True),
            )
    finally:
        for database in created:
            psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    figures = report.figures(info, runs, args)
    print("\n" + figures)
    if not (args.no_write or args.only):  # a part of a run is no run's figures
        report.write(RESULTS, figures)
        print(f"\nWrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
