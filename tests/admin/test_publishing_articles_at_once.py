"""An import publishing an article while the intake page or the articles' publish action
publishes it too (PostgreSQL, two connections): no deadlock, neither save lost.

The intake page and the publish action hold the records citing the article, then write
it. The import wrote the article first, and migration 0030's trigger then waited for the
commitments citing it while holding the article; the other path, holding the commitments,
then waited for the article: PostgreSQL aborted the import (its save lost). Every path now
holds the records first (``hold_records_citing``), so the import waits for the other.
SQLite writes one transaction at a time."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from tests import factories
from tests.curation.test_import_export import confirm, rows_as_csv, upload
from tracker.admin import intake_publishing, sources
from tracker.models import Publication, SourceArticle

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("postgresql"),
]


def publish_from_the_intake(client, article) -> int:
    url = reverse("admin:tracker_sourcearticle_intake_publish", args=[article.pk])
    return client.post(url).status_code


def publish_action(client, article) -> int:
    data = {"action": "publish", "_selected_action": [str(article.pk)]}
    return client.post(reverse("admin:tracker_sourcearticle_changelist"), data).status_code


# Each way of publishing, and what it calls once it holds the records, before it writes.
PUBLISHING = {
    "intake-page": (publish_from_the_intake, intake_publishing, "drafts_citing"),
    "publish-action": (publish_action, sources, "hold_records_citing"),
}


@pytest.mark.parametrize("way", list(PUBLISHING))
def test_an_import_publishing_an_article_while_an_editor_publishes_it_is_no_deadlock(
    two_editors, monkeypatch, way
):
    article = factories.SourceArticleFactory(publication=Publication.DRAFT)
    commitment = factories.PledgeFactory(publication=Publication.DRAFT)
    factories.CitationFactory(commitment=commitment, source=article)
    one, other = two_editors
    row = {"slug": article.slug, "headline": article.headline, "text": article.text}
    preview = upload(other, SourceArticle, rows_as_csv({**row, "publication": "published"}))
    publishing, module, held_then = PUBLISHING[way]
    failed, imported = [], []

    def importing():
        try:
            imported.append(confirm(other, SourceArticle, preview).status_code)
        except Exception as error:  # reported in the test's own thread
            failed.append(error)
        finally:
            connection.close()  # this thread's own connection

    importer = threading.Thread(target=importing)
    original = getattr(module, held_then)

    def the_import_confirmed_meanwhile(*args):
        result = original(*args)
        if importer.ident is None:  # once, the first time
            importer.start()  # the import writes the article, or waits for the records
            importer.join(timeout=2)
        return result

    monkeypatch.setattr(module, held_then, the_import_confirmed_meanwhile)
    answered = publishing(one, article)
    importer.join(timeout=30)

    assert not importer.is_alive()
    assert not failed, failed
    assert answered == 302
    # Imported after the editor's publishing committed, not "database unavailable".
    assert imported == [302]
    assert SourceArticle.objects.get(pk=article.pk).is_published
    assert SourceArticle.history.filter(
        id=article.pk, history_change_reason__startswith="Imported"
    ).exists()
