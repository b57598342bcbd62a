"""Shared helpers for the operations tests."""

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a production deployment: a clean one, not this test run's
    (which may carry DATABASE_URL, DJANGO_ALLOW_ASYNC_UNSAFE and the like)."""
    kept = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ", "CI")
    env = {key: os.environ[key] for key in kept if key in os.environ}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
        DJANGO_SETTINGS_MODULE="tracker.settings",
    )
    env.update(extra)
    return env


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_in(env: dict[str, str], *names: str) -> dict[str, object]:
    """The values the settings module gives ``names`` under ``env`` (read in a fresh process)."""
    code = (
        "import json, django\n"
        "from django.conf import settings\n"
        "django.setup()\n"
        f"values = {{n: getattr(settings, n, None) for n in {list(names)!r}}}\n"
        "print(json.dumps(values, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="chief", email="chief@example.org", password="a-long-chief-password"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Result:
    path: str
    started: float
    ended: float
    status: int | None
    retry_after: str | None
    error: str | None

    @property
    def seconds(self) -> float:
        return self.ended - self.started


def request(port: int, path: str) -> Result:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return Result(
            path, started, time.monotonic(), response.status, response.getheader("Retry-After"),
            None,
        )  # fmt: skip
    except OSError as error:
        return Result(path, started, time.monotonic(), None, None, repr(error))
    finally:
        connection.close()
