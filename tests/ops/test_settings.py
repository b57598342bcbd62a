"""Production settings from the environment (tracker/settings.py)."""

import pytest
from django.conf import settings
from django.test import override_settings

from .conftest import production_env, run_manage, settings_in


def test_check_deploy_passes_with_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_would_catch_an_insecure_deployment():
    """The check above is able to fail: the same command on a weakened configuration."""
    env = production_env(SECURE_HSTS_SECONDS="0", SECURE_SSL_REDIRECT="false")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout
    assert "security.W008" in result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_values():
    values = settings_in(
        production_env(),
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "X_FRAME_OPTIONS",
        "SECURE_PROXY_SSL_HEADER",
    )
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_the_csp_is_on_in_development_too():
    env = production_env(DEBUG="true")
    assert settings_in(env, "SECURE_CSP")["SECURE_CSP"]


def test_x_forwarded_proto_is_trusted_only_when_configured():
    assert settings_in(production_env(), "SECURE_PROXY_SSL_HEADER") == {
        "SECURE_PROXY_SSL_HEADER": None
    }
    trusted = settings_in(production_env(TRUST_X_FORWARDED_PROTO="true"), "SECURE_PROXY_SSL_HEADER")
    assert trusted == {"SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]}


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_is_not_redirected_to_https(client):
    """Load balancers probe the app server over plain HTTP."""
    assert client.get("/healthz").status_code == 200


def test_postgresql_fails_fast_when_the_server_is_away():
    env = production_env(DATABASE_URL="postgres://postgres@127.0.0.1:5432/tracker")
    values = settings_in(env, "DATABASES", "DATABASE_STATEMENT_TIMEOUT_MS")
    databases = values["DATABASES"]["default"]
    assert databases["ENGINE"] == "tracker.postgresql"
    assert databases["CONN_HEALTH_CHECKS"] is True
    assert databases["OPTIONS"] == {
        "connect_timeout": 2,
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 2,
        "keepalives_count": 3,
        "tcp_user_timeout": 5000,
        # PostgreSQL's JIT cost seconds compiling the indexes' queries, and a cursor planned
        # for its first rows a country's export ten times its time (benchmarks/RESULTS.md).
        "options": "-c jit=off -c cursor_tuple_fraction=1",
        # test_postgresql_prepares_statements_unless_told_not_to
        "server_side_binding": True,
        "prepare_threshold": 5,
    }
    # Given to the connections that serve requests only (tests/ops/test_database_waits.py).
    assert values["DATABASE_STATEMENT_TIMEOUT_MS"] == 1000
    env.update(
        DATABASE_STATEMENT_TIMEOUT_MS="5000",
        DATABASE_CONNECT_TIMEOUT="3",
        DATABASE_KEEPALIVES_IDLE="30",
        DATABASE_KEEPALIVES_INTERVAL="5",
        DATABASE_KEEPALIVES_COUNT="4",
        DATABASE_TCP_USER_TIMEOUT_MS="9000",
    )
    values = settings_in(env, "DATABASES", "DATABASE_STATEMENT_TIMEOUT_MS")
    assert values["DATABASE_STATEMENT_TIMEOUT_MS"] == 5000
    options = values["DATABASES"]["default"]["OPTIONS"]
    assert (options["connect_timeout"], options["tcp_user_timeout"]) == (3, 9000)
    assert (options["keepalives_idle"], options["keepalives_interval"]) == (30, 5)
    assert options["keepalives_count"] == 4


def test_postgresql_prepares_statements_unless_told_not_to():
    env = production_env(DATABASE_URL="postgres://postgres@127.0.0.1:5432/tracker")
    options = settings_in(env, "DATABASES")["DATABASES"]["default"]["OPTIONS"]
    # Parameters bound by the server, and a statement prepared on its fifth run on a
    # connection: the pages' SQL is the same text at every build (tracker.compiled_shapes).
    assert (options["server_side_binding"], options["prepare_threshold"]) == (True, 5)
    # Behind a pooler in transaction mode, which cannot keep them.
    env.update(DATABASE_PREPARED_STATEMENTS="off")
    options = settings_in(env, "DATABASES")["DATABASES"]["default"]["OPTIONS"]
    assert "server_side_binding" not in options and "prepare_threshold" not in options


def test_sqlite_keeps_its_own_settings():
    env = production_env(DATABASE_URL="sqlite:////tmp/tracker-settings-test.sqlite3")
    databases = settings_in(env, "DATABASES")["DATABASES"]["default"]
    assert databases["ENGINE"] == "django.db.backends.sqlite3"
    assert "keepalives" not in databases["OPTIONS"]


def test_passwords_are_checked_for_length_commonness_digits_and_likeness():
    """The validators this project chose (Django's own tests cover what each one does)."""
    assert settings.AUTH_PASSWORD_VALIDATORS == [
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 12},
        },
        {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
        {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    ]
