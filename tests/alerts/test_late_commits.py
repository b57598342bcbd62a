"""No change lost when two editors' transactions commit out of the order of their change
ids (PostgreSQL: ids come from a sequence when written, rows are seen when committed),
and none alerted twice. Two connections, two threads, real commits."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tests import factories
from tests.world import cite
from tracker.alerts import sending
from tracker.alerts.models import Change, Email, Follow, Frequency, Subscriber

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WAIT_SECONDS = 20


def publish_quote(article, slug: str, text: str) -> int:
    """An editor publishes a quote with its source; the id of the change it logs."""
    quote = factories.QuoteFactory(slug=slug, text=text)
    cite(article, "We will work together against the gangs", quote=quote)
    return Change.objects.get(key=f"published-quote:{quote.pk}").pk


def alert_text(follow: Follow) -> str | None:
    email_id = sending.compose(follow.pk)
    return None if email_id is None else Email.objects.get(pk=email_id).text


def test_a_change_committed_after_a_later_one_is_alerted_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: changes commit in id order")
    article = factories.SourceArticleFactory(slug="late-commits")
    follow = Follow.objects.create(
        subscriber=Subscriber.objects.create(email="reader@example.org"),
        path="/quotes/",
        title="Quotes",
        frequency=Frequency.DAILY,
        confirmed_at=timezone.now(),
    )
    sending.mark_now(follow)
    follow.save()

    written, may_commit = threading.Event(), threading.Event()
    first = {}

    def first_editor() -> None:
        """Writes the first change, then commits only once a later one is alerted."""
        try:
            with transaction.atomic():
                first["change"] = publish_quote(article, "first-words", "Said first.")
                written.set()
                may_commit.wait(WAIT_SECONDS)
        finally:
            written.set()
            connection.close()

    editor = threading.Thread(target=first_editor)
    editor.start()
    try:
        assert written.wait(WAIT_SECONDS) and "change" in first
        with transaction.atomic():
            second = publish_quote(article, "second-words", "Said second.")
        assert first["change"] < second, "the second change has the later id"

        alert = alert_text(follow)
        assert "Said second." in alert and "Said first." not in alert
        assert Follow.objects.get().last_change > first["change"], "the mark passes the first"
    finally:
        may_commit.set()
        editor.join(WAIT_SECONDS)
    assert not editor.is_alive()

    alert = alert_text(follow)
    assert alert is not None, "the change committed late is not lost"
    assert "Said first." in alert and "Said second." not in alert
    assert alert_text(follow) is None, "nor alerted twice"
    assert Email.objects.count() == 2
