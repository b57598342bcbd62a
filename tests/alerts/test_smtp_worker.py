"""The whole flow against a real SMTP server on loopback and the real worker
(django-tasks-db's ``db_worker``, run by the test): the web request only enqueues, the
worker sends; a mail server that is down delays an email, never loses or doubles it."""

import datetime
import re
import time

import pytest
from django.core.management import call_command

from tests import factories
from tests.alerts.smtp import SMTPServer, text_of
from tests.world import build_world, cite
from tracker.alerts.models import Email, Follow, Subscriber
from tracker.models import CommitmentStatus

# The worker reads committed rows; the countries the migrations made come back first, in
# case an earlier transactional test flushed them.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LIST = "/commitments/?kind=funding"


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    server.start()
    settings.MAILERS = server.mailer
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ALERTS_RETRY_SECONDS = 1
    # The test client's requests run on the test's own connection, which then flushes the
    # tables (a transactional test): no request's statement timeout on PostgreSQL.
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 0
    yield server
    server.stop()


def work() -> None:
    """The worker, as cron or systemd runs it, until no task is ready."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def link(message, path: str) -> str:
    match = re.search(rf"https?://[^/\s]+({re.escape(path)}\S+)", text_of(message))
    assert match, text_of(message)
    return match.group(1)


def follow(client, frequency: str) -> None:
    answer = client.post(
        "/alerts/follow/",
        {"email": "reader@example.org", "frequency": frequency, "path": LIST},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert answer.status_code == 200


def record_status(world, excerpt: str, day: int, status=CommitmentStatus.STALLED) -> None:
    """An editor records a status change of the funding, citing the article."""
    citation = cite(world.article, excerpt, commitment=world.funding)
    factories.StatusChangeFactory(
        commitment=world.funding,
        status=status,
        changed_on=datetime.date(2025, 3, day),
        reason=f"Reported on {day} March.",
        citation=citation,
    )


def test_follow_confirm_alert_unsubscribe_through_smtp_and_the_worker(client, smtp):
    world = build_world()
    follow(client, "immediately")
    assert smtp.inbox.messages == [], "the request only enqueues"
    work()
    [confirmation] = smtp.inbox.messages
    assert confirmation["To"] == "reader@example.org"

    client.post(link(confirmation, "/alerts/confirm/"))
    record_status(world, "over two years on border security", day=1)
    work()
    assert len(smtp.inbox.messages) == 2
    alert = smtp.inbox.messages[1]
    body = text_of(alert)
    assert "Stalled on 1 March 2025: Reported on 1 March." in body
    assert "Source: PM strikes deal with Serbia in Budapest, The Daily Record" in body
    assert "“over two years on border security”" in body
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    work()
    assert len(smtp.inbox.messages) == 2, "exactly one alert"

    client.post(link(alert, "/alerts/unsubscribe/"))
    assert not Subscriber.objects.exists()
    record_status(world, "two years on border security", day=2)
    work()
    assert len(smtp.inbox.messages) == 2


def test_a_daily_digest_of_three_changes_is_one_email(client, smtp):
    world = build_world()
    follow(client, "daily")
    work()
    client.post(link(smtp.inbox.messages[0], "/alerts/confirm/"))
    record_status(world, "over two years on border security", day=1)
    record_status(world, "two years on border security", day=2, status=CommitmentStatus.IN_PROGRESS)
    record_status(world, "on border security", day=3, status=CommitmentStatus.DELIVERED)
    work()
    assert len(smtp.inbox.messages) == 1, "a daily follow waits for the day's digest"
    call_command("send_alerts", "--frequency", "daily", verbosity=0)
    work()
    assert len(smtp.inbox.messages) == 2
    body = text_of(smtp.inbox.messages[1])
    assert all(f"Reported on {day} March." in body for day in (1, 2, 3))
    call_command("send_alerts", "--frequency", "daily", verbosity=0)
    work()
    assert len(smtp.inbox.messages) == 2, "no change twice"


def test_a_mail_server_that_is_down_delays_an_email_and_never_loses_or_doubles_it(client, smtp):
    build_world()
    smtp.stop()
    follow(client, "immediately")
    work()
    email = Email.objects.get()
    assert email.sent_at is None and email.attempts == 1
    first_wait = email.next_attempt_at - email.created_at
    assert datetime.timedelta(seconds=0.5) < first_wait < datetime.timedelta(seconds=5)

    time.sleep(1.2)
    work()  # still down: the second wait doubles
    email.refresh_from_db()
    assert email.attempts == 2 and email.sent_at is None

    smtp.start()
    time.sleep(2.2)
    call_command("send_alerts", verbosity=0)  # cron's retry of due emails, as well
    work()
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 3
    assert len(smtp.inbox.messages) == 1
    time.sleep(2.2)
    call_command("send_alerts", verbosity=0)
    work()
    assert len(smtp.inbox.messages) == 1, "never sent twice"
    assert Follow.objects.get().confirmed_at is None
