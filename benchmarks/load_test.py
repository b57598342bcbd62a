#!/usr/bin/env python3
"""Load test (issue 7): 50 concurrent clients for 60 seconds against gunicorn on loopback.

    .venv/bin/python benchmarks/load_test.py                 # PostgreSQL, 50 clients, 60 s
    .venv/bin/python benchmarks/load_test.py --record        # and write the figures into
                                                             # benchmarks/RESULTS.md
    .venv/bin/python benchmarks/load_test.py --backend sqlite --duration 10

What it does, and undoes whatever happens:

1. a database of its own with the seed data: a new PostgreSQL database
   ``tracker_load_<pid>`` on 127.0.0.1:5432 (dropped at the end), or a SQLite file in a
   temporary directory; ``collectstatic`` into a temporary directory meanwhile;
2. gunicorn with the production settings (``DEBUG=false``, a random ``SECRET_KEY``,
   ``ALLOWED_HOSTS=127.0.0.1``; ``SECURE_SSL_REDIRECT=false`` only because loopback is
   plain HTTP) and ``gunicorn.conf.py``'s defaults, on a free port of 127.0.0.1, and the
   tasks worker (``db_worker``, ``TASKS_BACKEND=database``) beside it, as in production;
3. wrk (Debian's; installed with apt-get if missing) with ``load_test.lua``: a mix of
   the public pages, an htmx fragment, a CSV export, an API list and /healthz, each
   checked to answer 200 before the load starts;
4. the verdict: it fails (exit status 1) on any socket error, timeout, or response
   other than 200, on any 5xx, traceback or worker timeout in gunicorn's log, and if the
   tasks worker died.

Only loopback addresses; wrk stops by itself after ``--duration`` seconds, and gunicorn
is stopped however the run ends.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from load_report import RESULTS, access_statuses, machine, record, report, server_problems

REPO = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)  # run it with the venv's python
GUNICORN = PYTHON.parent / "gunicorn"
LUA = Path(__file__).resolve().parent / "load_test.lua"
POSTGRES = "postgres://postgres@127.0.0.1:5432"


def log(message: str) -> None:
    print(f"[load test] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url: str, static_root: str, **extra: str) -> dict[str, str]:
    kept = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ")
    env = {key: os.environ[key] for key in kept if key in os.environ}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        # Background tasks (email alerts) queued in the database for the worker below.
        TASKS_BACKEND="database",
        STATIC_ROOT=static_root,
        DJANGO_SETTINGS_MODULE="load_settings",
        PYTHONPATH=f"{static_root}-settings",
    )
    env.update(extra)
    return env


def write_settings(static_root: str) -> None:
    """tracker.settings exactly, but collecting static files into a temporary directory
    (so that a run leaves the checkout as it was)."""
    folder = Path(f"{static_root}-settings")
    folder.mkdir()
    (folder / "load_settings.py").write_text(
        "from tracker.settings import *  # noqa: F403\n"
        "import os\n"
        "STATIC_ROOT = os.environ['STATIC_ROOT']\n"
    )


def manage(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(PYTHON), "manage.py", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(process: subprocess.Popen, what: str) -> None:
    output, _ = process.communicate(timeout=300)
    if process.returncode != 0:
        raise SystemExit(f"{what} failed:\n{output}")


@contextmanager
def postgres_database():
    import psycopg

    name = f"tracker_load_{os.getpid()}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    log(f"created PostgreSQL database {name} on 127.0.0.1:5432")
    try:
        yield f"{POSTGRES}/{name}", f"PostgreSQL {server_version()} on 127.0.0.1:5432"
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        log(f"dropped {name}")


def server_version() -> str:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres") as connection:
        return connection.execute("SHOW server_version").fetchone()[0].split()[0]


@contextmanager
def sqlite_database(folder: str):
    yield f"sqlite:///{folder}/load.sqlite3", "SQLite (WAL) in a temporary directory"


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("installing Debian's wrk")
    quiet = {"stdout": subprocess.DEVNULL, "check": True}
    subprocess.run(["apt-get", "update", "-qq"], **quiet)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"],
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        **quiet,
    )
    return shutil.which("wrk") or sys.exit("wrk is not installed and could not be installed")


def fetch(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_up(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before it answered")
        try:
            if fetch(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /healthz within {seconds:.0f} s")


def url_mix(port: int) -> list[dict]:
    """The requests the clients make, in turn; slugs and ids read from the API."""

    def first(path: str, key: str) -> str:
        status, body = fetch(port, path)
        assert status == 200, (path, status)
        return str(json.loads(body)["results"][0][key])

    commitment = first("/api/commitments?kind=funding", "slug")
    country = first("/api/countries", "slug")
    source = first("/api/sources", "id")
    quote = first("/api/quotes", "slug")
    fragment = {"HX-Request": "true"}
    mix = [
        ("/", {}),
        ("/countries/", {}),
        (f"/countries/{country}/", {}),
        ("/commitments/", {}),
        ("/commitments/?kind=funding&sort=amount-desc", {}),
        ("/commitments/?kind=partnership&sort=title", fragment),  # the htmx fragment
        (f"/commitments/{commitment}/", {}),
        ("/quotes/", {}),
        (f"/quotes/{quote}/", {}),
        ("/sources/", {}),
        (f"/sources/{source}/", {}),
        ("/search/?q=border", {}),
        ("/commitments/?format=csv", {}),
        ("/api/commitments?page_size=50", {}),
        ("/healthz", {}),
        ("/", {}),
    ]
    checked = []
    for path, headers in mix:
        status, body = fetch(port, path, headers)
        if status != 200:
            raise SystemExit(f"{path} answered {status} before the load started")
        if headers and b"<html" in body[:500].lower():
            raise SystemExit(f"{path} with HX-Request gave the whole page, not the fragment")
        checked.append({"path": path, "headers": headers})
    return checked


def run_wrk(wrk: str, port: int, mix: list[dict], args, folder: str) -> dict:
    mix_file = Path(folder) / "mix.txt"
    mix_file.write_text(
        "".join(
            "\t".join([item["path"], *(f"{k}: {v}" for k, v in item["headers"].items())]) + "\n"
            for item in mix
        )
    )
    summary_file = Path(folder) / "summary.json"
    command = [
        wrk,
        f"--threads={args.threads}",
        f"--connections={args.clients}",
        f"--duration={args.duration}s",
        f"--timeout={args.timeout}s",
        "--latency",
        f"--script={LUA}",
        f"http://127.0.0.1:{port}",
    ]
    log(" ".join(command))
    # wrk stops by itself after --duration; the timeout is only a safety net.
    finished = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=args.duration + args.timeout + 60,
        env={**os.environ, "LOAD_TEST_MIX": str(mix_file), "LOAD_TEST_SUMMARY": str(summary_file)},
    )
    print(finished.stdout, end="", flush=True)
    if finished.returncode != 0 or not summary_file.exists():
        raise SystemExit(f"wrk failed ({finished.returncode}):\n{finished.stderr}")
    return json.loads(summary_file.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--timeout", type=int, default=10, help="seconds before a request fails")
    parser.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--record", action="store_true", help="write the figures to RESULTS.md")
    args = parser.parse_args()
    if not 1 <= args.duration <= 600 or not 1 <= args.clients <= 1000:
        parser.error("--duration is 1 to 600 seconds, --clients 1 to 1000")

    wrk = ensure_wrk()
    with ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="tracker-load-"))
        static_root = f"{folder}/static"
        write_settings(static_root)
        database = postgres_database() if args.backend == "postgres" else sqlite_database(folder)
        database_url, database_label = stack.enter_context(database)
        env = production_env(database_url, static_root)

        started = time.monotonic()
        collect = manage("collectstatic", "--no-input", "-v0", env=env)
        finish(manage("migrate", "--no-input", "-v0", env=env), "migrate")
        finish(manage("loaddata", "seed", "-v0", env=env), "loaddata seed")
        finish(collect, "collectstatic")
        log(f"database and static files ready in {time.monotonic() - started:.1f} s")

        port = free_port()
        server_log = Path(folder) / "gunicorn.log"
        workers = int(os.environ.get("WEB_CONCURRENCY", "0")) or (os.cpu_count() or 1) * 2 + 1
        with server_log.open("w") as output:
            server = subprocess.Popen(
                [str(GUNICORN)],
                cwd=REPO,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)},
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def stop_server():
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()

        stack.callback(stop_server)
        # The tasks worker runs beside the app servers, as in production (docs/operations.md).
        worker_log = Path(folder) / "worker.log"
        with worker_log.open("w") as output:
            worker = subprocess.Popen(
                [str(PYTHON), "manage.py", "db_worker", "--no-reload", "--interval", "1"],
                cwd=REPO,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def stop_worker():
            if worker.poll() is None:
                worker.terminate()  # db_worker finishes its task, then exits
            worker.wait(timeout=30)

        stack.callback(stop_worker)
        wait_until_up(port, server)
        mix = url_mix(port)

        load_before = os.getloadavg()[0]
        summary = run_wrk(wrk, port, mix, args, folder)
        load_after = os.getloadavg()[0]
        stop_server()

        log_text = server_log.read_text(errors="replace")
        problems = server_problems(log_text)
        if worker.poll() is not None or "Traceback" in worker_log.read_text(errors="replace"):
            problems.append("the tasks worker died:\n" + worker_log.read_text(errors="replace"))
        errors = summary["errors"]
        seconds = summary["duration_us"] / 1e6
        result = {
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "clients": args.clients,
            "threads": args.threads,
            "duration": args.duration,
            "timeout": args.timeout,
            "workers": workers,
            "database": database_label,
            "requests": summary["requests"],
            "seconds": seconds,
            "rps": summary["requests"] / seconds,
            "mb_per_s": summary["bytes"] / seconds / 1e6,
            "p50": summary["latency_us"]["p50"] / 1000,
            "p95": summary["latency_us"]["p95"] / 1000,
            "p99": summary["latency_us"]["p99"] / 1000,
            "mean": summary["latency_us"]["mean"] / 1000,
            "max": summary["latency_us"]["max"] / 1000,
            "errors": errors,
            "error_total": sum(errors.values()),
            "statuses": ", ".join(
                f"{code}: {count:,}" for code, count in sorted(access_statuses(log_text).items())
            ),
            "machine": machine(),
            "load_before": load_before,
            "load_after": load_after,
            "mix": mix,
        }
        text = report(result)
        print(text)
        failed = result["error_total"] > 0 or summary["requests"] == 0 or problems
        if problems:
            print("gunicorn's log shows errors:\n" + "\n".join(problems[:30]))
        if failed:
            print("[load test] FAILED: see the errors above")
            return 1
        if args.record:
            record(text)
            log(f"figures written to {RESULTS.relative_to(REPO)}")
        log("passed: zero errors")
        return 0


if __name__ == "__main__":
    sys.exit(main())
