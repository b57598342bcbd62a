"""Settings for the Policy Tracker, read from the environment.

With no environment at all the app runs for development: DEBUG on, SQLite in
``db.sqlite3``. Production sets ``DEBUG=false``, ``SECRET_KEY``, ``ALLOWED_HOSTS``
and ``DATABASE_URL`` (PostgreSQL).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

# Development defaults exist only while debugging, so a production deployment
# that forgets a setting fails at start-up instead of running insecurely.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # SearchVectorField (the stored search vectors); harmless on SQLite.
    "django.contrib.postgres",
    "django_htmx",
    "axes",
    "simple_history",
    "import_export",
    "django_tasks_db",
    "tracker",
    "tracker.alerts",
    # The widgets' templates for tracker.filter_forms.FilterRenderer (TemplatesSetting).
    "django.forms",
]

MIDDLEWARE = [
    # Says once that lockouts are keyed on a proxy's address (TRUSTED_PROXY_COUNT unset);
    # first, so that it sees the requests SecurityMiddleware redirects to HTTPS too.
    "tracker.middleware.UntrustedProxyWarningMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CSP and the other security headers before WhiteNoise, so static files get them too.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "tracker.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records which editor made each change kept in the history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # An editor's preview of a draft is never stored by a cache (tracker.preview).
    "tracker.preview.DraftPreviewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tracker.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during login into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite is the embedded default: WAL lets readers and a writer work at once,
# and IMMEDIATE transactions take the write lock up front instead of failing
# with "database is locked" half-way through. A writer waits up to
# SQLITE_BUSY_TIMEOUT seconds for another (an import holds the lock for its whole
# transaction); within the worker's 30 s, so an editor whose save still cannot
# write gets the form back to save again (tracker.admin.busy), not a timeout.
SQLITE_BUSY_TIMEOUT = float(os.environ.get("SQLITE_BUSY_TIMEOUT", "20"))
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": SQLITE_BUSY_TIMEOUT,
    "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"),
}

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend with every wait for the server bounded while a request is
        # served (DATABASE_STATEMENT_TIMEOUT_MS): see tracker.postgresql.
        DATABASES["default"]["ENGINE"] = "tracker.postgresql"
        # Fail fast when PostgreSQL is away (pages answer 503, see
        # tracker.middleware) instead of hanging: libpq's shortest connect
        # timeout is 2 s; a refused connection fails at once anyway.
        pg_options = DATABASES["default"].setdefault("OPTIONS", {})
        pg_options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 2))
        # A network that drops packets: an idle connection is found dead by keepalives,
        # and one whose sent data goes unacknowledged is dropped by tcp_user_timeout
        # (Linux), instead of waiting for the kernel's retransmissions for 15 minutes.
        pg_options.setdefault("keepalives", 1)
        pg_options.setdefault("keepalives_idle", env_int("DATABASE_KEEPALIVES_IDLE", 10))
        pg_options.setdefault("keepalives_interval", env_int("DATABASE_KEEPALIVES_INTERVAL", 2))
        pg_options.setdefault("keepalives_count", env_int("DATABASE_KEEPALIVES_COUNT", 3))
        pg_options.setdefault("tcp_user_timeout", env_int("DATABASE_TCP_USER_TIMEOUT_MS", 5000))
        # No JIT compilation: a page's queries run in milliseconds, and JIT, which starts
        # above a planner cost that correlated counts over 100,000 rows reach easily,
        # spent 2.4 s compiling the organisations index's 1 s query (benchmarks/RESULTS.md).
        # Server-side cursors planned for every row: an export reads all its rows, and a
        # plan for the first tenth (the default) walked the newest-first index over every
        # commitment to find one country's: 212 ms instead of 12 ms at 100,000, all of it
        # in the first FETCH (tracker.export_cursor), which needs a chunk of rows.
        pg_options.setdefault("options", "-c jit=off -c cursor_tuple_fraction=1")
        # Parameters sent apart from the SQL, and a statement run a fifth time on a
        # connection prepared: the pages' SQL is one text per shape (compiled_shapes), which
        # PostgreSQL otherwise plans again at every build, about as long as it runs it. Over
        # 180 distinct addresses of every page type the database's CPU fell to 0.55x with the
        # same output (benchmarks/RESULTS.md, fifteenth session), and every test passes with
        # it. Off (DATABASE_PREPARED_STATEMENTS=off) behind a pooler in transaction mode
        # (PgBouncer before 1.21), which cannot keep a connection's prepared statements.
        if env_bool("DATABASE_PREPARED_STATEMENTS", True):
            pg_options.setdefault("server_side_binding", True)
            pg_options.setdefault("prepare_threshold", 5)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }

# SQLite has no covering indexes: there commitment_tally_idx (migration 0018) indexes the
# published commitments' keys alone, which Django warns of (models.W040); PostgreSQL, the
# deployment's engine, keeps the tallied columns in it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# While a request is served, PostgreSQL cancels any one statement after this many
# milliseconds, and the app waits for any answer at most this plus half a second
# before it gives the connection up and answers 503 (tracker.postgresql); 0 turns
# both off. Management commands are not limited.
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 1000)
# The editors' requests (the admin: a 10,000-row import, a save waiting for another
# editor's lock) get longer, still within gunicorn's worker timeout (30 s).
DATABASE_EDITORS_STATEMENT_TIMEOUT_MS = env_int("DATABASE_EDITORS_STATEMENT_TIMEOUT_MS", 20000)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATABASE_ROUTERS = ["tracker.routers.UnmanagedModelsRouter"]

# The caches, each keyed by data version (tracker.http_cache): "pages" keeps built public
# pages, "default" the lists' drop-down choices and counts. Redis when CACHE_URL or
# REDIS_URL names one (redis://127.0.0.1:6379/1), shared by every worker and app server,
# and bounded by Redis's own maxmemory (set it, with an allkeys-lru policy); otherwise
# each process's own memory, which needs nothing running.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
# How long a built public page is kept for its data version; 0 builds every page afresh.
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "3600"))
# A page larger than this is built for every request rather than kept.
PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_BYTES", str(512 * 1024)))
# Pages kept per process in local memory (the least recently read go first): with
# PAGE_CACHE_MAX_BYTES, what bounds a worker's memory whatever the traffic.
PAGE_CACHE_MAX_ENTRIES = int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "200"))
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": prefix,
            "TIMEOUT": 3600,
        }
        for alias, prefix in (("default", "tracker"), ("pages", "tracker-pages"))
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tracker",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        # Its own LOCATION: local-memory caches of one LOCATION share their entries.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tracker-pages",
            "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MAX_ENTRIES},
        },
    }

# A minimal view at /_baseline for benchmarks/run.py to compare pages with; off otherwise.
BENCHMARK_BASELINE_VIEW = env_bool("BENCHMARK_BASELINE_VIEW", default=False)

# The intake assistant fetching an article's page: seconds to wait, bytes to read at most,
# and whether private and loopback addresses may be fetched (only tests serve pages there).
INTAKE_FETCH_TIMEOUT = float(os.environ.get("INTAKE_FETCH_TIMEOUT", "10"))
INTAKE_FETCH_MAX_BYTES = int(os.environ.get("INTAKE_FETCH_MAX_BYTES", str(5 * 1024 * 1024)))
INTAKE_FETCH_PRIVATE_ADDRESSES = env_bool("INTAKE_FETCH_PRIVATE_ADDRESSES", default=False)

# The admin's address, movable so it is not where every scanner looks first.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes: failed logins are counted per username *and* address; after
# AXES_FAILURE_LIMIT of them that pair is locked out (even with the right
# password) for AXES_COOLOFF_MINUTES. Counted in the database, so every app
# server behind a load balancer sees the same counts. Axes logs every login,
# failed login and lockout to the app log (logger "axes").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Log who tried and from where (axes masks the password always; by default it
# masks the username and address too, which would make the log useless).
AXES_SENSITIVE_PARAMETERS = []
# Behind reverse proxies, how many of them append to X-Forwarded-For (0: none,
# use the connection's address). See tracker.middleware.client_ip.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "tracker.middleware.client_ip"

# Background tasks (django.tasks): the email alerts (tracker.alerts). With no worker
# (TASKS_BACKEND unset, as in `make run`) a task runs at once, in the request that
# enqueues it; TASKS_BACKEND=database keeps tasks in the tracker's database for the
# worker, `manage.py db_worker` (django-tasks-db; docs/operations.md).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured("TASKS_BACKEND is 'immediate' (the default) or 'database'.")

# Email: the environment says it with the names of Django's (pre-6.1) settings, which fill
# in Django 6.1's MAILERS. In development without EMAIL_HOST emails are printed on the
# console; otherwise they go to the SMTP server EMAIL_HOST (the machine's own,
# localhost:25, if unset).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST or "localhost",
                "port": env_int("EMAIL_PORT", 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=False),
                "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
                "timeout": env_int("EMAIL_TIMEOUT", 10),
            },
        }
        if EMAIL_HOST or not DEBUG
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
del EMAIL_HOST  # a deprecated setting's name: Django refuses it beside MAILERS
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Policy Tracker <alerts@localhost>")
# The address of the site, for the links in emails (no request to take it from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Follow requests allowed per hour per email address and per client address, and the
# least time between two confirmation emails of one follow (tracker.alerts.limits).
ALERTS_REQUESTS_PER_ADDRESS = env_int("ALERTS_REQUESTS_PER_ADDRESS", 5)
ALERTS_REQUESTS_PER_CLIENT = env_int("ALERTS_REQUESTS_PER_CLIENT", 30)
ALERTS_CONFIRMATION_INTERVAL = env_int("ALERTS_CONFIRMATION_INTERVAL", 3600)
# The first retry of an email the mail server refused, doubling with each attempt up to
# an hour (tracker.alerts.sending).
ALERTS_RETRY_SECONDS = env_int("ALERTS_RETRY_SECONDS", 60)

# Bulk import (django-import-export): a file is imported whole or not at all.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# A file larger than this (bytes) is checked and imported in the background, with a
# progress page, instead of within the request (tracker.admin.import_jobs).
IMPORT_IN_BACKGROUND_BYTES = int(os.environ.get("IMPORT_IN_BACKGROUND_BYTES", "100000"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe the app over plain HTTP: don't redirect them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only behind a proxy that sets X-Forwarded-Proto itself (and strips the
# client's): otherwise any client could claim HTTPS.
if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy, on in development too so problems show early.
# Everything comes from this site; no inline script or style, no eval (htmx is
# served from /static and configured with a <meta name="htmx-config">, with
# includeIndicatorStyles off so it injects no <style>). Extra headers Django
# has no setting for (Permissions-Policy) are in tracker.middleware.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
