"""Shared helpers for the operations tests."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a production deployment, on top of this one (minus DATABASE_URL)."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
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


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing takes a second per user; these tests are not about hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="chief", email="chief@example.org", password="a-long-chief-password"
    )
