"""PostgreSQL stops answering without going away, then answers again: 503s within
two seconds, never a 500 or a hung worker, then recovery.

The app (gunicorn, production settings) reaches a throwaway PostgreSQL server of the
test's own through ``StallingProxy``, which the test tells to stop relaying (every
socket stays open and the kernel still acknowledges what the app sends: TCP
keepalives and ``tcp_user_timeout`` cannot notice) and then to relay again, while a
few client threads ask for pages, exports, the API and ``/healthz`` the whole time.
"""

import http.client
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import REPO, free_port, production_env, run_manage
from .stalling_proxy import StallingProxy
from .test_fault_tolerance import postgres, wait_until_serving  # noqa: F401

pytestmark = pytest.mark.slow

CLIENT_THREADS = 4
PHASE_SECONDS = 4.0
# A request answers within this, whatever the database does.
LIMIT_SECONDS = 2.0
# Relaying again, the app answers 200 again within this.
RECOVERY_SECONDS = 2.0
PATHS = (
    "/",
    "/commitments/",
    "/commitments/?format=csv",
    "/commitments/?format=json",
    "/api/commitments",
    "/healthz",
)


@dataclass
class Answer:
    path: str
    started: float
    ended: float
    status: int | None
    retry_after: str | None
    error: str | None

    @property
    def seconds(self) -> float:
        return self.ended - self.started


def ask(port: int, path: str) -> Answer:
    """One GET, read to the end: a body cut short (``IncompleteRead``) is an error."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=40)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        status, retry_after, error = response.status, response.getheader("Retry-After"), None
    except (OSError, http.client.HTTPException) as problem:
        status, retry_after, error = None, None, repr(problem)
    finally:
        connection.close()
    return Answer(path, started, time.monotonic(), status, retry_after, error)


def test_a_stalled_database_gives_503_within_two_seconds_then_recovers(postgres, tmp_path):  # noqa: F811
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=postgres.port, user="postgres", dbname="postgres", autocommit=True
    ) as connection:
        connection.execute("CREATE DATABASE tracker")
    direct = production_env(
        DATABASE_URL=postgres.url,
        DJANGO_SETTINGS_MODULE="tests.ops.serve_settings",
        PYTHONPATH=str(REPO),
    )
    for command in (("migrate", "--no-input"), ("loaddata", "seed")):
        done = run_manage(*command, env=direct)
        assert done.returncode == 0, done.stderr

    proxy = StallingProxy(postgres.port)
    port = free_port()
    env = {
        **direct,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{proxy.port}/tracker",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback, as behind a proxy
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        # A worker started during the stall connects afresh, which libpq bounds at two
        # seconds at the least (docs/operations.md); this measures the workers that run.
        "GUNICORN_MAX_REQUESTS": "0",
    }
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
        answers, marks = ask_through_a_stall(port, proxy)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        proxy.close()

    check(answers, marks, log)


def ask_through_a_stall(port: int, proxy: StallingProxy):
    # Every page built once in each worker before the clock starts (a first request
    # imports and renders for the first time).
    for _ in range(3):
        for path in PATHS:
            ask(port, path)
    answers: list[Answer] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(offset: int) -> None:
        n = offset
        while not stop.is_set():
            answer = ask(port, PATHS[n % len(PATHS)])
            n += 1
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    marks = {}
    try:
        time.sleep(PHASE_SECONDS)
        marks["stalled"] = time.monotonic()
        proxy.stall()
        time.sleep(PHASE_SECONDS)
        marks["resumed"] = time.monotonic()
        proxy.resume()
        time.sleep(PHASE_SECONDS)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    return answers, marks


def check(answers: list[Answer], marks: dict[str, float], log: Path) -> None:
    tail = log.read_text()[-4000:]
    failed = [a for a in answers if a.error or a.status not in (200, 503)]
    assert not failed, f"{len(failed)} failed, e.g. {failed[:5]}\n{tail}"

    slow = [a for a in answers if a.seconds >= LIMIT_SECONDS]
    assert not slow, f"{len(slow)} took {LIMIT_SECONDS} s or more, e.g. {slow[:5]}\n{tail}"

    before = [a for a in answers if a.ended < marks["stalled"]]
    during = [a for a in answers if marks["stalled"] < a.started and a.ended < marks["resumed"]]
    recovered = [a for a in answers if a.started > marks["resumed"] + RECOVERY_SECONDS]
    for phase in (before, during, recovered):
        assert {a.path for a in phase} == set(PATHS), sorted({a.path for a in phase})

    assert {a.status for a in before} == {200}
    assert {a.status for a in during} == {503}, sorted({(a.path, a.status) for a in during})
    assert all(a.retry_after and int(a.retry_after) > 0 for a in during)
    assert {a.status for a in recovered} == {200}, sorted(
        (round(a.started - marks["resumed"], 3), a.path, a.status)
        for a in recovered
        if a.status != 200
    )
    assert "WORKER TIMEOUT" not in log.read_text()

    first_200 = min(a.ended for a in answers if a.status == 200 and a.started > marks["resumed"])
    seconds = sorted(a.seconds for a in during)
    print(
        f"\n{len(answers)} requests, {len(during)} during the stall:"
        f" 503 median {seconds[len(seconds) // 2] * 1000:.0f} ms,"
        f" slowest {seconds[-1] * 1000:.0f} ms;"
        f" slowest of all {max(a.seconds for a in answers) * 1000:.0f} ms;"
        f" first 200 {first_200 - marks['resumed']:.2f} s after relaying resumed"
    )
