"""Restoring a version or bringing back a deleted record never makes public a record that
no published article backs: it comes back as a draft, and the editor is told why."""

import pytest

from tests import factories
from tracker.alerts.models import Change
from tracker.integrity import records_without_a_published_source
from tracker.models import Announcement, Commitment, Figure, Publication, Quote

from .helpers import admin_url, form_data

pytestmark = pytest.mark.django_db

HELD_BACK = "as a draft, because no published article backs it now"

# Each record type a citation supports, made published and cited by ``article``.
CITED = {
    Announcement: lambda article: (
        factories.CitationFactory(
            source=article, commitment=None, announcement=factories.AnnouncementFactory()
        ).announcement
    ),
    Commitment: lambda article: Commitment.objects.get(
        pk=factories.CitationFactory(source=article).commitment_id
    ),
    Quote: lambda article: (
        factories.CitationFactory(
            source=article,
            commitment=None,
            quote=factories.QuoteFactory(),
            excerpt="We will work together against the gangs,",
        ).quote
    ),
    Figure: lambda article: (
        factories.CitationFactory(
            source=article,
            commitment=None,
            figure=factories.FigureFactory(),
            excerpt="Almost 1,000 people crossed the border",
        ).figure
    ),
}
record_types = pytest.mark.parametrize("model", CITED, ids=lambda model: model._meta.model_name)


def cited_record(model, article):
    record = CITED[model](article)
    assert record.is_published
    return record


def unpublish(record) -> None:
    record.publication = Publication.DRAFT
    record.save()


def restore(client, record, version):
    url = admin_url(type(record), "simple_history", record.pk, version.history_id)
    page = client.get(url)
    return client.post(url, form_data(page, f"{record._meta.model_name}_form"), follow=True)


def notices(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@record_types
def test_a_published_version_whose_only_article_is_a_draft_now_is_restored_as_a_draft(
    editor_client, model
):
    """The editor's steps: publish, back to draft, the article back to draft, restore the
    published version."""
    article = factories.SourceArticleFactory()
    record = cited_record(model, article)
    published_version = record.history.first()
    unpublish(record)
    unpublish(article)

    response = restore(editor_client, record, published_version)

    assert response.status_code == 200
    record.refresh_from_db()
    assert record.publication == Publication.DRAFT
    (notice,) = notices(response)
    assert notice.startswith("Restored the version of")
    assert HELD_BACK in notice
    assert record.history.first().history_change_reason.endswith("as a draft")
    assert list(records_without_a_published_source()) == []


@record_types
def test_a_published_version_backed_by_a_published_article_is_restored_published(
    editor_client, model
):
    record = cited_record(model, factories.SourceArticleFactory())
    published_version = record.history.first()
    unpublish(record)

    response = restore(editor_client, record, published_version)

    record.refresh_from_db()
    assert record.publication == Publication.PUBLISHED
    (notice,) = notices(response)
    assert HELD_BACK not in notice


@record_types
def test_a_deleted_record_whose_article_was_unpublished_since_comes_back_as_a_draft(
    editor_client, model
):
    article = factories.SourceArticleFactory()
    record = cited_record(model, article)
    pk, field = record.pk, model._meta.model_name
    record.delete()
    unpublish(article)
    deletion = model.history.filter(id=pk, history_type="-").get()

    response = editor_client.post(admin_url(model, "undelete", deletion.history_id), follow=True)

    back = model.objects.get(pk=pk)
    assert back.publication == Publication.DRAFT
    assert back.citations.count() == 1  # its citation came back with it
    (notice,) = notices(response)
    assert notice.startswith(f"Brought back “{back}”, with 1 citation, {HELD_BACK}")
    assert back.history.first().history_change_reason.endswith(", as a draft")
    # its creation and its return as a draft: the first try, published, left nothing
    assert back.history.filter(history_type="+").count() == 2
    # never public, so never logged as published for the readers' alerts
    assert not Change.objects.filter(key=f"published-{field}:{pk}").exists()
    assert list(records_without_a_published_source()) == []


def test_a_deleted_record_whose_article_is_still_published_comes_back_published(
    editor_client,
):
    quote = cited_record(Quote, factories.SourceArticleFactory())
    pk = quote.pk
    quote.delete()
    deletion = Quote.history.filter(id=pk, history_type="-").get()

    response = editor_client.post(admin_url(Quote, "undelete", deletion.history_id), follow=True)

    assert Quote.objects.get(pk=pk).publication == Publication.PUBLISHED
    (notice,) = notices(response)
    assert HELD_BACK not in notice
    assert Change.objects.filter(key=f"published-quote:{pk}").exists()
