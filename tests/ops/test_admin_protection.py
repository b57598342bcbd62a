"""The admin protected: django-axes lockout, login logging, a movable admin path, audit log.

tracker/settings.py (AXES_*, ADMIN_PATH) and the admin line of tracker/urls.py.
"""

import importlib
import logging

import pytest
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django.urls import clear_url_caches

from tracker.middleware import client_ip

PASSWORD = "a-long-chief-password"


def login_url() -> str:
    return f"/{settings.ADMIN_PATH}login/"


def attempt(client: Client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(
        login_url(),
        {"username": username, "password": password, "next": f"/{settings.ADMIN_PATH}"},
        REMOTE_ADDR=ip,
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_the_right_password_signs_in(client, superuser):
    response = attempt(client, "chief", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_locked_out_after_repeated_failures_even_with_the_right_password(client, superuser):
    limit = settings.AXES_FAILURE_LIMIT
    assert 3 <= limit <= 10
    for _ in range(limit - 1):
        response = attempt(client, "chief", "wrong-password")
        assert response.status_code == 200  # the form again, with its error
        assert not signed_in(client)
    assert attempt(client, "chief", "wrong-password").status_code == 429

    response = attempt(client, "chief", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


@pytest.mark.django_db
def test_lockout_is_per_username_and_address(client, superuser, django_user_model):
    django_user_model.objects.create_superuser("deputy", "d@example.org", PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "chief", "wrong-password", ip="203.0.113.7")
    assert attempt(Client(), "chief", PASSWORD, ip="203.0.113.7").status_code == 429
    # The same account from elsewhere, and another account from the same address, still work.
    assert attempt(Client(), "chief", PASSWORD, ip="198.51.100.20").status_code == 302
    assert attempt(Client(), "deputy", PASSWORD, ip="203.0.113.7").status_code == 302


@pytest.mark.django_db
def test_force_login_still_works_in_tests(client, superuser):
    client.force_login(superuser)
    assert client.get(f"/{settings.ADMIN_PATH}").status_code == 200


@pytest.mark.django_db
def test_logins_and_failed_logins_go_to_the_app_log(client, superuser, caplog):
    with caplog.at_level(logging.INFO, logger="axes"):
        attempt(client, "chief", "wrong-password", ip="203.0.113.7")
        attempt(client, "chief", PASSWORD, ip="203.0.113.7")
    failed = [r.getMessage() for r in caplog.records if "failed" in r.getMessage().lower()]
    succeeded = [
        r.getMessage() for r in caplog.records if "successful login" in r.getMessage().lower()
    ]
    assert failed and succeeded, caplog.text
    assert "chief" in failed[-1] and "203.0.113.7" in failed[-1]
    assert "chief" in succeeded[-1]
    assert "wrong-password" not in caplog.text
    assert PASSWORD not in caplog.text


@pytest.mark.django_db
def test_staff_actions_are_recorded(client, superuser):
    client.force_login(superuser)
    response = client.post(f"/{settings.ADMIN_PATH}auth/group/add/", {"name": "Fact checkers"})
    assert response.status_code == 302
    group = Group.objects.get(name="Fact checkers")
    entry = LogEntry.objects.get(object_id=str(group.pk))
    assert entry.user == superuser
    assert entry.action_flag == ADDITION


@pytest.fixture
def admin_moved_to_backroom():
    import tracker.urls

    with override_settings(ADMIN_PATH="backroom/"):
        importlib.reload(tracker.urls)
        clear_url_caches()
        yield
    importlib.reload(tracker.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_the_admin_path_comes_from_configuration(client, admin_moved_to_backroom):
    assert client.get("/backroom/login/").status_code == 200
    assert client.get("/admin/login/").status_code == 404


def test_admin_path_setting_is_read_from_the_environment():
    from .conftest import production_env, settings_in

    env = production_env(ADMIN_PATH="/newsroom-desk")
    assert settings_in(env, "ADMIN_PATH") == {"ADMIN_PATH": "newsroom-desk/"}


class FakeRequest:
    def __init__(self, remote: str, forwarded: str = ""):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_client_ip_ignores_x_forwarded_for_unless_proxies_are_configured(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(FakeRequest("10.0.0.2", "1.2.3.4")) == "10.0.0.2"


def test_client_ip_behind_one_proxy_takes_what_the_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client claimed 1.2.3.4; the proxy appended the address it really saw.
    assert client_ip(FakeRequest("10.0.0.2", "1.2.3.4, 198.51.100.9")) == "198.51.100.9"
    assert client_ip(FakeRequest("10.0.0.2")) == "10.0.0.2"
