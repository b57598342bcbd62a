"""The newsroom-scale benchmark (issue 6): production settings, PostgreSQL, gunicorn, wrk.

    .venv/bin/python benchmarks/run.py            # or: make bench  (about 10-15 minutes)
    .venv/bin/python benchmarks/run.py --sizes 1000 --duration 5   # a quick look

For each size (1,000 and 100,000 commitments) it creates the database ``tracker_bench``
on 127.0.0.1:5432, migrates it, loads the synthetic set (manage.py generate_synthetic),
VACUUM ANALYZEs it, serves the app with gunicorn (gunicorn.conf.py; DEBUG off, SECRET_KEY
set, whitenoise's manifest storage after collectstatic) on a loopback port, and drives
each page type with wrk from a second process. Per page it prints p50 and p95 latency,
throughput, the ratio of that throughput to a minimal Django view served by the same
server in the same run (``BENCHMARK_BASELINE_VIEW``), the SQL queries of one request
(Django's test client and CaptureQueriesContext against the same database) and the
response bytes. It also measures the first page load (HTML + CSS + JS as sent
compressed) and writes everything to benchmarks/RESULTS.md, keeping the hand-written
sections of that file. The database is dropped at the end. Not part of CI.
"""

import argparse
import gzip
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB_NAME = "tracker_bench"
REDIS_URL = "redis://127.0.0.1:6379/15"
PG = "postgres://postgres@127.0.0.1:5432"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = free_port()
BASE = f"http://127.0.0.1:{PORT}"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SCRATCH = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
FIGURES_START, FIGURES_END = "<!-- figures:start -->", "<!-- figures:end -->"
TARGET_P95_MS, TARGET_QUERIES, TARGET_SLOWDOWN, TARGET_FIRST_LOAD = 50.0, 10, 1.5, 60 * 1024

ENV = {
    **os.environ,
    "DEBUG": "false",
    "SECRET_KEY": "benchmark-only-secret-key-not-used-anywhere-else-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "BENCHMARK_BASELINE_VIEW": "1",
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "DJANGO_SETTINGS_MODULE": "tracker.settings",
    "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    "GUNICORN_MAX_REQUESTS": "0",  # no worker recycling in the middle of a measurement
    "GUNICORN_LOG_LEVEL": "warning",
    "AXES_ENABLED": "false",
}

# wrk prints these from its Lua ``done`` hook: p50 and p95 need the full distribution.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95),
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout, summary.bytes))
end
"""


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
    }


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def create_database(size: int, seed: int) -> float:
    psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    psql(f"CREATE DATABASE {DB_NAME}")
    sh(PYTHON, "manage.py", "migrate", "--no-input")
    started = time.monotonic()
    sh(PYTHON, "manage.py", "generate_synthetic", "--commitments", str(size), "--seed", str(seed))
    loaded = time.monotonic() - started
    psql("VACUUM ANALYZE", DB_NAME)  # as after any bulk load: visibility map, statistics
    return loaded


def pick_addresses() -> dict[str, tuple[str, dict]]:
    """The page types, with records picked from the database just loaded."""
    country = psql(
        "SELECT c.slug FROM tracker_country c JOIN tracker_commitmentparty p "
        "ON p.country_id = c.code WHERE c.code <> 'GB' GROUP BY c.slug "
        "ORDER BY count(*) DESC, c.slug LIMIT 1",
        DB_NAME,
    ).strip()
    commitment = psql(
        "SELECT c.slug FROM tracker_commitment c WHERE c.publication = 'published' "
        "AND c.kind = 'funding' AND EXISTS (SELECT 1 FROM tracker_citation x "
        "WHERE x.commitment_id = c.id) ORDER BY c.id LIMIT 1 OFFSET "
        "(SELECT count(*) / 2 FROM tracker_commitment WHERE kind = 'funding')",
        DB_NAME,
    ).strip()
    organisation = psql(
        "SELECT o.slug FROM tracker_organisation o JOIN tracker_commitment c "
        "ON c.funder_id = o.id GROUP BY o.slug ORDER BY count(*) DESC, o.slug LIMIT 1",
        DB_NAME,
    ).strip()
    htmx = {"HX-Request": "true"}
    filtered = f"/commitments/?country={country}&kind=funding&sort=amount-desc"
    return {
        "baseline (minimal view)": ("/_baseline", {}),
        "country page": (f"/countries/{country}/", {}),
        "commitments, filtered": (filtered, {}),
        "commitments, htmx fragment": (filtered + "&page=2", htmx),
        "commitment detail": (f"/commitments/{commitment}/", {}),
        "search": ("/search/?q=border+security", {}),
        "countries index": ("/countries/", {}),
        "countries by money in a region": ("/countries/?region=Western+Balkans&sort=money", {}),
        "people index": ("/people/", {}),
        "organisations index": ("/organisations/?sort=commitments", {}),
        "organisation page": (f"/organisations/{organisation}/", {}),
        "announcements index, filtered": (f"/announcements/?country={country}", {}),
        "events index": ("/events/", {}),
        "figures index": ("/figures/", {}),
        "CSV export (filtered list)": (filtered + "&format=csv", {}),
        "API list": (f"/api/commitments?country={country}&kind=funding", {}),
    }


def measure_builds(addresses: dict) -> dict[str, dict]:
    """Per page, built afresh (the page cache off): SQL queries right after an edit (nothing
    remembered) and in steady state (choices and counts remembered), the median time of
    five builds through Django's test client, the status and the body's bytes."""
    os.environ.update(ENV)
    os.environ["PAGE_CACHE_TIMEOUT"] = "0"
    import django
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    django.setup()
    connection.close()
    client = Client(SERVER_NAME="127.0.0.1")

    def fetch(address: str, extra: dict) -> tuple[int, int, int, float]:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address, **extra)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        elapsed = (time.perf_counter() - started) * 1000
        return len(queries), response.status_code, len(body), elapsed

    figures = {}
    for name, (address, headers) in addresses.items():
        extra = {f"HTTP_{key.upper().replace('-', '_')}": value for key, value in headers.items()}
        cache.clear()
        after_edit = fetch(address, extra)[0]
        builds = [fetch(address, extra) for _ in range(5)]
        queries, status, size, _ = builds[-1]
        figures[name] = {
            "queries": queries,
            "queries_after_edit": after_edit,
            "status": status,
            "bytes": size,
            "build_ms": statistics.median(build[3] for build in builds),
        }
    connection.close()
    return figures


def redis_reachable() -> bool:
    try:
        import redis  # noqa: F401  (Django's Redis cache needs it)
    except ImportError:
        return False
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


def start_server(cache_url: str = "") -> subprocess.Popen:
    log = open(SCRATCH / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env={**ENV, "CACHE_URL": cache_url},
        stdout=log,
        stderr=subprocess.STDOUT,
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


def drive(wrk: str, address: str, headers: dict, args) -> dict:
    script = SCRATCH / "report.lua"
    script.write_text(WRK_SCRIPT)
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", "-s", str(script)]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    # A short warm-up (connections, worker caches), then the measured run.
    subprocess.run([*command, "-d2s", BASE + address], capture_output=True, check=True)
    out = subprocess.run(
        [*command, f"-d{args.duration}s", "--timeout", "5s", BASE + address],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests, duration_us, p50, p95, errors, read = map(
        int, re.search(r"RESULT (.*)", out).group(1).split()
    )
    return {
        "requests": requests,
        "rps": requests / (duration_us / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "errors": errors,
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


def drive_pages(wrk: str, addresses: dict, args, cache_url: str = "") -> dict:
    """wrk against each page, on a server whose cache is local memory or ``cache_url``."""
    server = start_server(cache_url)
    pages = {}
    try:
        for name, (address, headers) in addresses.items():
            pages[name] = drive(wrk, address, headers, args)
            print(
                f"{name:30} p50 {pages[name]['p50']:6.1f} ms  p95 {pages[name]['p95']:6.1f} ms"
                f"  {pages[name]['rps']:7.1f} req/s  ({pages[name]['errors']} errors)",
                flush=True,
            )
        first = {path: first_load(path) for path in ("/", "/commitments/")}
    finally:
        stop_server(server)
    baseline = pages["baseline (minimal view)"]["rps"]
    for result in pages.values():
        result["ratio"] = result["rps"] / baseline
    return {"pages": pages, "first_load": first}


def run_size(size: int, args, wrk: str) -> dict:
    print(f"\n== {size:,} commitments ==", flush=True)
    loaded = create_database(size, args.seed)
    print(f"loaded in {loaded:.0f} s; load average {loadavg()}", flush=True)
    addresses = pick_addresses()
    builds = measure_builds(addresses)
    for name, build in builds.items():
        print(
            f"{name:30} built in {build['build_ms']:6.1f} ms, {build['queries']:2} queries "
            f"({build['queries_after_edit']} after an edit), {build['bytes']:>8,} B "
            f"(status {build['status']})",
            flush=True,
        )
    load_before = loadavg()
    print("-- local-memory cache (the default)", flush=True)
    local = drive_pages(wrk, addresses, args)
    shared = None
    if redis_reachable():
        print("-- Redis cache (CACHE_URL)", flush=True)
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        shared = drive_pages(wrk, addresses, args, REDIS_URL)
    else:
        print("-- Redis not reachable (or the redis package missing): not measured", flush=True)
    for name, (address, _) in addresses.items():
        local["pages"][name].update(builds[name], address=address)
    return {
        "size": size,
        "loaded_s": loaded,
        "pages": local["pages"],
        "redis": shared["pages"] if shared else None,
        "first_load": local["first_load"],
        "load_before": load_before,
        "load_after": loadavg(),
    }


def _latency(r: dict) -> tuple[str, str]:
    if not r["requests"]:
        return "> 5000", "> 5000 (no request finished)"
    return f"{r['p50']:.1f}", f"{r['p95']:.1f}"


def report(info: dict, runs: list[dict], args) -> str:
    lines = [
        FIGURES_START,
        f"## Figures of one run ({time.strftime('%Y-%m-%d %H:%M %Z')})",
        "",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} memory, "
        f"PostgreSQL {info['postgresql']}, Python {info['python']}. Load average before "
        f"the run: {info['load_start']} (1, 5, 15 min).",
        "",
        f"wrk {args.threads} thread(s), {args.connections} connections, {args.duration} s "
        "per page after a 2 s warm-up; gunicorn from gunicorn.conf.py (sync workers, "
        "2 × CPUs + 1, no max-requests recycling), DEBUG off, whitenoise manifest storage, "
        "production settings: each public page kept per data version (PAGE_CACHE_TIMEOUT), "
        "in each worker's local memory. **Built**: the same page with the page cache off, "
        "through Django's test client against the same database: its SQL queries in steady "
        "state (drop-down choices and counts remembered), right after an edit (nothing "
        "remembered), and the median time of five builds in one process. Bytes: the "
        "response body, uncompressed.",
        "",
    ]
    for run in runs:
        lines += [
            f"### {run['size']:,} commitments",
            "",
            f"Synthetic set loaded in {run['loaded_s']:.0f} s. Load average during: "
            f"{run['load_before']} → {run['load_after']}.",
            "",
            "| page | address | p50 ms | p95 ms | req/s | × baseline | built in ms "
            "| queries | after an edit | bytes |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, r in run["pages"].items():
            p50, p95 = _latency(r)
            lines.append(
                f"| {name} | `{r['address']}` | {p50} | {p95} | {r['rps']:.0f} | "
                f"{r['ratio']:.2f} | {r['build_ms']:.1f} | {r['queries']} | "
                f"{r['queries_after_edit']} | {r['bytes']:,} |"
            )
        lines.append("")
        if run["redis"]:
            lines += [
                "The same pages with the cache in Redis (`CACHE_URL=redis://127.0.0.1:6379/15`,"
                " shared by the workers):",
                "",
                "| page | p50 ms | p95 ms | req/s | × baseline |",
                "| --- | ---: | ---: | ---: | ---: |",
            ]
            for name, r in run["redis"].items():
                p50, p95 = _latency(r)
                lines.append(f"| {name} | {p50} | {p95} | {r['rps']:.0f} | {r['ratio']:.2f} |")
            lines.append("")
        for path, sizes in run["first_load"].items():
            parts = ", ".join(
                f"{k} {v:,} B" for k, v in sizes.items() if k not in ("total", "html_raw")
            )
            verdict = "under" if sizes["total"] < TARGET_FIRST_LOAD else "OVER"
            lines.append(
                f"First load of `{path}`: {sizes['total']:,} B compressed ({parts}; HTML "
                f"{sizes['html_raw']:,} B uncompressed), {verdict} 60 KB."
            )
        lines.append("")
    if len(runs) == 2:
        small, large = runs[0]["pages"], runs[1]["pages"]
        lines += [
            f"### Targets at {runs[1]['size']:,} commitments",
            "",
            "| page | p95 ms (< 50) | queries, steady / after an edit (≤ 10) "
            "| p95 × vs 1,000 (≤ 1.5) | built in × vs 1,000 | met |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
        ]
        for name, r in large.items():
            if name.startswith("baseline"):
                continue
            queries = f"{r['queries']} / {r['queries_after_edit']}"
            built = r["build_ms"] / max(small[name]["build_ms"], 0.001)
            if not r["requests"]:
                lines.append(
                    f"| {name} | > 5000 (no request finished) | {queries} | – | {built:.2f} | no |"
                )
                continue
            slowdown = r["p95"] / max(small[name]["p95"], 0.001)
            met = (
                r["p95"] < TARGET_P95_MS
                and r["queries"] <= TARGET_QUERIES
                and slowdown <= TARGET_SLOWDOWN
            )
            lines.append(
                f"| {name} | {r['p95']:.1f} | {queries} | {slowdown:.2f} | {built:.2f} | "
                f"{'yes' if met else 'no'} |"
            )
        lines.append("")
    lines.append(FIGURES_END)
    return "\n".join(lines)


def write_results(figures: str) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\n"
    if FIGURES_START in text and FIGURES_END in text:
        before, rest = text.split(FIGURES_START, 1)
        text = before + figures + rest.split(FIGURES_END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + figures + "\n"
    RESULTS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    os.chdir(ROOT)
    wrk = ensure_wrk()
    info = machine()
    info["load_start"] = loadavg()
    print(f"{info}; load average {info['load_start']}", flush=True)
    sh(PYTHON, "manage.py", "collectstatic", "--no-input", "--clear")
    runs = []
    try:
        for size in args.sizes:
            runs.append(run_size(size, args, wrk))
    finally:
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    figures = report(info, runs, args)
    print("\n" + figures)
    if not args.no_write:
        write_results(figures)
        print(f"\nWrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
