"""The database goes away under load and comes back: 503s, never a 500, then recovery.

A throwaway PostgreSQL server of the test's own (own port, own data directory)
and the app served by gunicorn (gunicorn.conf.py, production settings) on a
free loopback port. A few client threads request pages the whole time while the
test stops the database (``pg_ctl stop -m fast``) and starts it again.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from .conftest import REPO, Result, free_port, production_env, request, run_manage

pytestmark = pytest.mark.slow

CLIENT_THREADS = 4
PHASE_SECONDS = 3.0
PATHS = ("/", "/healthz")


def postgres_bindir() -> Path | None:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else None


class ThrowawayPostgres:
    """initdb/pg_ctl in a temporary directory; as the ``postgres`` user when run as root
    (PostgreSQL refuses to run as root)."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
        self.root.chmod(0o755)
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.data.mkdir()
        self.log.touch()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
            shutil.chown(self.log, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def run(self, tool: str, *args: str) -> None:
        result = subprocess.run(
            [*self.as_user, str(self.bindir / tool), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, f"{tool} failed:\n{result.stdout}{result.stderr}"

    def init(self) -> None:
        self.run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--no-sync", "-N",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def cleanup(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m",
                 "immediate", "-w", "stop"],
                capture_output=True,
                timeout=60,
            )  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/tracker"


def wait_until_serving(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log.read_text()}")
        if request(port, "/healthz").status == 200:
            return
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer /healthz:\n{log.read_text()}")


@pytest.fixture
def postgres():
    bindir = postgres_bindir()
    if bindir is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must run this test")
        pytest.skip(message)
    server = ThrowawayPostgres(bindir)
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.cleanup()


def test_database_outage_under_load_gives_503_then_recovers(postgres, tmp_path):
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=postgres.port, user="postgres", dbname="postgres", autocommit=True
    ) as connection:
        connection.execute("CREATE DATABASE tracker")

    port = free_port()
    env = production_env(
        DATABASE_URL=postgres.url,
        DJANGO_SETTINGS_MODULE="tests.ops.serve_settings",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback, as behind a proxy
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        PYTHONPATH=str(REPO),
    )
    migrated = run_manage("migrate", "--no-input", env=env)
    assert migrated.returncode == 0, migrated.stderr

    log = tmp_path / "gunicorn.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py"],
            cwd=REPO,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(port, server, log)
        results, marks = put_load_through_an_outage(port, postgres)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    check(results, marks, log)


def put_load_through_an_outage(port: int, postgres: ThrowawayPostgres):
    results: list[Result] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(offset: int) -> None:
        n = offset
        while not stop.is_set():
            result = request(port, PATHS[n % len(PATHS)])
            n += 1
            with lock:
                results.append(result)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    marks = {}
    try:
        time.sleep(PHASE_SECONDS)
        marks["stopping"] = time.monotonic()
        postgres.stop("fast")
        marks["stopped"] = time.monotonic()
        time.sleep(PHASE_SECONDS)
        marks["starting"] = time.monotonic()
        postgres.start()
        marks["started"] = time.monotonic()
        time.sleep(PHASE_SECONDS)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
    return results, marks


def check(results: list[Result], marks: dict[str, float], log: Path) -> None:
    errors = [r for r in results if r.error or r.status not in (200, 503)]
    assert not errors, f"{len(errors)} failed, e.g. {errors[:5]}\n{log.read_text()[-3000:]}"
    assert not [r for r in results if r.status == 500]

    before = [r for r in results if r.ended < marks["stopping"]]
    during = [r for r in results if marks["stopped"] < r.started and r.ended < marks["starting"]]
    after = [r for r in results if r.started > marks["started"]]
    assert len(before) >= 10 and len(during) >= 10 and len(after) >= 10, (
        len(before), len(during), len(after),
    )  # fmt: skip

    assert {r.status for r in before} == {200}

    # Database down: every answer a 503 with Retry-After, and fast.
    assert {r.status for r in during} == {503}, sorted({r.status for r in during})
    assert all(r.retry_after and int(r.retry_after) > 0 for r in during)
    slowest = max(r.seconds for r in during)
    assert slowest < 1.0, f"a 503 took {slowest:.3f} s"

    # Database back: the app recovers by itself, at once.
    assert {r.status for r in after} == {200}, sorted(
        (round(r.started - marks["started"], 3), r.path, r.status) for r in after if r.status != 200
    )

    first_503 = min(r.ended for r in results if r.status == 503)
    print(
        f"\n{len(results)} requests;"
        f" database stop took {marks['stopped'] - marks['stopping']:.2f} s;"
        f" first 503 {first_503 - marks['stopping']:.3f} s after the stop began;"
        f" slowest 503 {slowest * 1000:.0f} ms; median 503"
        f" {sorted(r.seconds for r in during)[len(during) // 2] * 1000:.0f} ms;"
        f" first request after restart answered 200 in"
        f" {min(r.ended for r in after) - marks['started']:.3f} s"
    )
