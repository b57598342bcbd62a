"""gunicorn.conf.py, and what the served app trusts of X-Forwarded-Proto."""

import gc
import http.client
import os
import runpy
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from gunicorn.config import Config

from .conftest import REPO, free_port, production_env, request

CONF = REPO / "gunicorn.conf.py"


def load_conf(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "WEB_CONC"))}
    clean.pop("FORWARDED_ALLOW_IPS", None)
    with mock.patch.dict(os.environ, {**clean, **env}, clear=True):
        namespace = runpy.run_path(str(CONF))
    config = Config()
    for name, value in namespace.items():
        if name in config.settings:
            config.set(name, value)  # gunicorn's own validation
    return {name: config.settings[name].get() for name in config.settings}


def test_defaults():
    conf = load_conf()
    assert conf["wsgi_app"] == "tracker.wsgi:application"
    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["workers"] == os.cpu_count() * 2 + 1
    assert conf["worker_class"] == "sync"
    assert conf["timeout"] == 30
    assert conf["accesslog"] == "-"
    assert conf["errorlog"] == "-"
    assert conf["forwarded_allow_ips"] == []  # trust no proxy unless told
    assert conf["control_socket_disable"] is True


def test_from_the_environment():
    conf = load_conf(
        GUNICORN_BIND="0.0.0.0:8000",
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="4",
        GUNICORN_TIMEOUT="20",
        FORWARDED_ALLOW_IPS="10.0.0.1,10.1.0.0/16",
    )
    assert conf["bind"] == ["0.0.0.0:8000"]
    assert conf["workers"] == 3
    assert conf["threads"] == 4
    assert conf["worker_class"] == "gthread"
    assert conf["timeout"] == 20
    assert conf["forwarded_allow_ips"] == ["10.0.0.1", "10.1.0.0/16"]


def serve_and_get(tmp_path: Path, headers: dict[str, str], **env: str) -> int:
    """Start gunicorn with production settings, GET a page, return the status."""
    port = free_port()
    environment = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path}/unused.sqlite3",
        DJANGO_SETTINGS_MODULE="tests.ops.serve_settings",
        ALLOWED_HOSTS="127.0.0.1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        PYTHONPATH=str(REPO),
        **env,
    )
    if "FORWARDED_ALLOW_IPS" not in env:
        environment.pop("FORWARDED_ALLOW_IPS", None)
    log = tmp_path / f"gunicorn-{port}.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py"],
            cwd=REPO,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while request(port, "/healthz").status is None:
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/no-such-page/", headers=headers)
        status = connection.getresponse().status
        connection.close()
        return status
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.slow
def test_x_forwarded_proto_is_trusted_only_when_configured(tmp_path):
    claims_https = {"X-Forwarded-Proto": "https"}
    # Not configured: the claim is ignored, so the plain-HTTP request is redirected.
    assert serve_and_get(tmp_path, claims_https) == 301
    # Configured in Django (TRUST_X_FORWARDED_PROTO) or in gunicorn (FORWARDED_ALLOW_IPS):
    # the request counts as HTTPS and reaches the app (a 404 for this address).
    assert serve_and_get(tmp_path, claims_https, TRUST_X_FORWARDED_PROTO="true") == 404
    assert serve_and_get(tmp_path, claims_https, FORWARDED_ALLOW_IPS="127.0.0.1") == 404
    assert serve_and_get(tmp_path, {}, TRUST_X_FORWARDED_PROTO="true") == 301


def test_each_worker_hears_of_an_exports_progress(monkeypatch):
    """A worker's heartbeat is what ``progress.made_progress`` calls (tracker.progress)."""
    from tracker import progress

    monkeypatch.setattr(progress, "_heartbeat", None)
    with mock.patch.dict(os.environ, {}, clear=False):
        namespace = runpy.run_path(str(CONF))
    notified = []
    worker = mock.Mock(notify=lambda: notified.append(True))
    namespace["post_worker_init"](worker)
    progress.made_progress()
    progress.made_progress()
    assert notified == [True, True]


def test_each_worker_freezes_what_loading_the_app_made(monkeypatch):
    """So that the garbage collector's full collections do not walk it on every request."""
    from tracker import progress

    monkeypatch.setattr(progress, "_heartbeat", None)
    namespace = runpy.run_path(str(CONF))
    gc.unfreeze()
    try:
        namespace["post_worker_init"](mock.Mock())
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
