"""Behind a proxy, login lockouts are keyed on the client's address only with
TRUSTED_PROXY_COUNT set; without it the app says so: a system check when the settings
name a proxy, and one log line when a request comes through one."""

import logging

import pytest
from django.conf import settings
from django.test import Client

from tracker.checks import proxy_without_trusted_count

from .conftest import production_env, run_manage

PASSWORD = "a-long-chief-password"
PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
EDITOR = "198.51.100.9"


def login(client: Client, password: str, seen_by_proxy: str):
    return client.post(
        f"/{settings.ADMIN_PATH}login/",
        {"username": "chief", "password": password, "next": f"/{settings.ADMIN_PATH}"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=seen_by_proxy,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("proxies", "editor_signs_in"), [(0, False), (1, True)])
def test_an_attacker_behind_the_proxy_locks_out_the_editor_only_when_unset(
    settings, superuser, proxies, editor_signs_in
):
    settings.TRUSTED_PROXY_COUNT = proxies
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(attacker, "a-wrong-password-guess", ATTACKER)
    editor = Client()
    login(editor, PASSWORD, EDITOR)
    assert ("_auth_user_id" in editor.session) is editor_signs_in


@pytest.mark.django_db
def test_a_request_through_a_proxy_is_warned_about_once(settings, caplog):
    settings.TRUSTED_PROXY_COUNT = 0
    client = Client()
    with caplog.at_level(logging.WARNING, logger="tracker.security"):
        client.get("/healthz")
        assert not caplog.records
        for _ in range(3):
            client.get("/healthz", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=EDITOR)
    assert len(caplog.records) == 1
    assert "TRUSTED_PROXY_COUNT" in caplog.text
    assert PROXY in caplog.text


@pytest.mark.django_db
def test_no_warning_once_the_proxies_are_counted(settings, caplog):
    settings.TRUSTED_PROXY_COUNT = 1
    with caplog.at_level(logging.WARNING, logger="tracker.security"):
        Client().get("/healthz", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=EDITOR)
    assert not caplog.records


def test_the_check_warns_when_the_settings_name_a_proxy_but_no_count(settings, monkeypatch):
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    settings.TRUSTED_PROXY_COUNT = 0
    settings.SECURE_PROXY_SSL_HEADER = None
    assert proxy_without_trusted_count(None) == []
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert [m.id for m in proxy_without_trusted_count(None)] == ["tracker.W001"]
    settings.SECURE_PROXY_SSL_HEADER = None
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", PROXY)
    assert [m.id for m in proxy_without_trusted_count(None)] == ["tracker.W001"]
    settings.TRUSTED_PROXY_COUNT = 1
    assert proxy_without_trusted_count(None) == []


def test_check_deploy_fails_behind_a_proxy_without_the_count():
    env = production_env(TRUST_X_FORWARDED_PROTO="true")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "tracker.W001" in result.stderr + result.stdout
    env["TRUSTED_PROXY_COUNT"] = "1"
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
