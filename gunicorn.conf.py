"""Gunicorn's configuration for production; read from the repository root.

    gunicorn                      # serves tracker.wsgi on 127.0.0.1:8000
    GUNICORN_BIND=0.0.0.0:8000 WEB_CONCURRENCY=4 gunicorn

Everything comes from the environment, with defaults that suit a small server:

- ``GUNICORN_BIND`` (``127.0.0.1:8000``; comma-separated for several),
- ``WEB_CONCURRENCY`` worker processes (2 × CPUs + 1),
- ``GUNICORN_THREADS`` per worker (1: plain sync workers; more switches to gthread),
- ``GUNICORN_TIMEOUT`` seconds before a stuck worker is killed and replaced (30),
- ``FORWARDED_ALLOW_IPS``: the proxies trusted to say a request came over HTTPS
  (``X-Forwarded-Proto``). Empty unless set: gunicorn's own default trusts
  127.0.0.1, which is wrong when something else on the host can connect.

The access log goes to stdout and the error log to stderr, for the service
manager or container runtime to collect. See docs/operations.md.
"""

import gc
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "tracker.wsgi:application"
bind = [
    address.strip()
    for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
    if address.strip()
]

workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A worker silent for longer than this has gone wrong; the database answers
# fast or fails fast (connect_timeout in settings; on PostgreSQL no wait for an
# answer outlasts DATABASE_STATEMENT_TIMEOUT_MS + 0.5 s: tracker.postgresql),
# so 30 s is generous. A long export speaks up after every chunk it writes
# (post_worker_init below), so only a request stuck that long is cut short.
timeout = _int("GUNICORN_TIMEOUT", 30)


def post_worker_init(worker) -> None:
    """A long export that keeps writing tells the worker's heartbeat so, chunk by chunk:
    the timeout is for a worker that is stuck, not for a 3 GB download (tracker.progress).

    What loading the app made (Django's apps, models, URL patterns, libraries: some
    150,000 objects) lives as long as the worker, so it is frozen out of the garbage
    collector's view: a full collection, about once per thirty page builds, walked all of
    it (6-9 ms a build on average at 100,000 commitments; about 1 ms frozen)."""
    from tracker import progress

    progress.beat_with(worker.notify)
    gc.freeze()


graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Workers are not recycled unless asked (GUNICORN_MAX_REQUESTS): under even load,
# 1000 ± 100 restarted all five workers within seconds of one another, halving
# capacity (p95 1.7 s against 6 ms) and emptying each worker's page cache. If a
# leak ever needs it, the jitter is half the limit, so restarts spread out.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 2)

# Workers' heartbeat files in memory, not on a disk that may stall (containers).
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# Trust X-Forwarded-Proto and friends only from the proxies named here.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'

# No runtime control socket (gunicorn 25.1+) unless asked for: nothing should
# be able to resize or stop the server through a file in $HOME.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "") == ""
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
