"""Two imports at once publishing the same articles, each file listing them in another
order (PostgreSQL, two connections): no deadlock, both imports done.

Each row that changes an article's publication holds the records citing it first
(``hold_records_citing``). Held row by row, the first import held the records of its
first article, the second those of its own first, and each then waited for the other's:
PostgreSQL aborted one; so it did when nothing cited them, each import holding the
article it wrote first. The import now holds the records of every article its file
publishes or withdraws at its first row, in one global order (each record type's in
key order), then those articles in key order, so the second waits for the first.
SQLite writes one transaction at a time."""

import threading
import time

import pytest
from django.db import connection

from tests import factories
from tests.curation.test_import_export import confirm, rows_as_csv, upload
from tests.plans import postgresql_only
from tracker.models import Publication, SourceArticle
from tracker.resources.records import SourceArticleResource

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database())"
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize("cited", [True, False], ids=["cited", "uncited"])
def test_two_imports_publishing_the_same_articles_in_other_orders_both_end(
    two_editors, monkeypatch, cited
):
    postgresql_only()
    articles = [factories.SourceArticleFactory(publication=Publication.DRAFT) for _ in range(2)]
    for article in articles if cited else []:
        commitment = factories.PledgeFactory(publication=Publication.DRAFT)
        factories.CitationFactory(commitment=commitment, source=article)
    rows = [
        {"slug": a.slug, "headline": a.headline, "text": a.text, "publication": "published"}
        for a in articles
    ]
    one, other = two_editors
    previews = [
        upload(one, SourceArticle, rows_as_csv(*rows)),
        upload(other, SourceArticle, rows_as_csv(*rows[::-1])),
    ]
    first_row_saved, go_on = threading.Event(), threading.Event()
    save_row = SourceArticleResource.after_save_instance

    def after_save_instance(resource, instance, row, **kwargs):
        save_row(resource, instance, row, **kwargs)
        if not first_row_saved.is_set():  # the first import's first row, once
            first_row_saved.set()
            go_on.wait(30)

    monkeypatch.setattr(SourceArticleResource, "after_save_instance", after_save_instance)
    answers, failed = {}, []

    def importing(client, preview, name):
        def run():
            try:
                answers[name] = confirm(client, SourceArticle, preview).status_code
            except Exception as error:  # reported in the test's own thread
                failed.append(error)
            finally:
                connection.close()  # this thread's own connection

        return threading.Thread(target=run)

    first = importing(one, previews[0], "first")
    second = importing(other, previews[1], "second")
    first.start()
    assert first_row_saved.wait(30)
    second.start()  # its rows, until it waits for what the first holds
    waited = time.monotonic() + 10
    while not waiting_for_a_lock() and second.is_alive() and time.monotonic() < waited:
        time.sleep(0.05)
    go_on.set()  # the first import's second row
    for thread in (first, second):
        thread.join(timeout=60)
        assert not thread.is_alive()

    assert not failed, failed
    assert answers == {"first": 302, "second": 302}
    assert all(SourceArticle.objects.get(pk=a.pk).is_published for a in articles)
