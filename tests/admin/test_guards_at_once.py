"""Two editors at once (PostgreSQL, two connections) never leave a published record without
a published source: each taking away one of a record's two sources (a citation deleted,
moved or dropped from the record's page, an article moved to draft by the list's action,
its form or an import), or one publishing a draft while the other deletes its only source.
Each path checked, then wrote, without holding the record: both passed, each reading the
other's change as not yet committed. SQLite writes one transaction at a time."""

import threading
from dataclasses import dataclass

import pytest
from django.db import connection
from django.urls import reverse

from tests import factories
from tests.curation.helpers import form_data
from tests.curation.test_import_export import confirm, rows_as_csv, upload
from tests.parallel import in_parallel
from tracker.admin import intake_publishing
from tracker.integrity import records_without_a_published_source
from tracker.models import Citation, Publication, Quote, SourceArticle

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("postgresql"),
]


@dataclass
class Source:
    """One of a quote's sources: its citation and the article it cites."""

    citation: Citation
    article: SourceArticle


def delete_page(client, source: Source) -> None:
    url = reverse("admin:tracker_citation_delete", args=[source.citation.pk])
    client.post(url, {"post": "yes"})


def bulk_delete(client, source: Source) -> None:
    data = {"action": "delete_selected", "_selected_action": [str(source.citation.pk)]}
    client.post(reverse("admin:tracker_citation_changelist"), {**data, "post": "yes"})


def move_to_a_draft(client, source: Source) -> None:
    draft = factories.SourceArticleFactory(publication=Publication.DRAFT)
    url = reverse("admin:tracker_citation_change", args=[source.citation.pk])
    data = form_data(client.get(url), "citation_form")
    client.post(url, {**data, "source": str(draft.pk)})


def drop_on_the_records_page(client, source: Source) -> None:
    url = reverse("admin:tracker_quote_change", args=[source.citation.quote_id])
    data = form_data(client.get(url), "quote_form")
    row = next(
        key
        for key, value in data.items()
        if key.endswith("-id") and value == str(source.citation.pk)
    )
    client.post(url, {**data, row.replace("-id", "-DELETE"): "on"})


def unpublish_action(client, source: Source) -> None:
    data = {"action": "unpublish", "_selected_action": [str(source.article.pk)]}
    client.post(reverse("admin:tracker_sourcearticle_changelist"), data)


def unpublish_on_its_form(client, source: Source) -> None:
    url = reverse("admin:tracker_sourcearticle_change", args=[source.article.pk])
    data = form_data(client.get(url), "sourcearticle_form")
    client.post(url, {**data, "publication": Publication.DRAFT})


def unpublish_by_import(client, source: Source) -> None:
    article = source.article
    row = {"slug": article.slug, "headline": article.headline, "text": article.text}
    preview = upload(client, SourceArticle, rows_as_csv({**row, "publication": "draft"}))
    if preview.context.get("confirm_form") is not None:  # not refused
        confirm(client, SourceArticle, preview)


TAKING_AWAY = [
    delete_page,
    bulk_delete,
    move_to_a_draft,
    drop_on_the_records_page,
    unpublish_action,
    unpublish_on_its_form,
    unpublish_by_import,
]
# Each way against the delete page, in either order.
PAIRS = [(way, delete_page) for way in TAKING_AWAY] + [
    (delete_page, way) for way in TAKING_AWAY[1:]
]


def published_sources(quote) -> int:
    return Citation.objects.filter(quote=quote, source__publication=Publication.PUBLISHED).count()


@pytest.mark.parametrize(
    ("first", "then"), PAIRS, ids=[f"{a.__name__}-then-{b.__name__}" for a, b in PAIRS]
)
def test_two_editors_each_taking_away_one_of_a_records_two_sources_leave_it_one(
    two_editors, first, then
):
    quote = factories.QuoteFactory()
    sources = [
        Source(citation, citation.source)
        for citation in factories.CitationFactory.create_batch(2, commitment=None, quote=quote)
    ]
    one, other = two_editors

    in_parallel(lambda: first(one, sources[0]), lambda: then(other, sources[1]))

    assert list(records_without_a_published_source()) == []
    assert Quote.objects.get(pk=quote.pk).publication == Publication.PUBLISHED
    assert published_sources(quote) == 1  # the first editor's change was made, not the other's


def publish(client, quote) -> None:
    data = {"action": "publish", "_selected_action": [str(quote.pk)]}
    client.post(reverse("admin:tracker_quote_changelist"), data)


@pytest.mark.parametrize("published_first", [False, True], ids=["deleted-first", "published-first"])
def test_a_draft_published_while_its_only_source_is_deleted_is_not_left_without_one(
    two_editors, published_first
):
    quote = factories.QuoteFactory(publication=Publication.DRAFT)
    citation = factories.CitationFactory(commitment=None, quote=quote)
    source = Source(citation, citation.source)
    one, other = two_editors

    def publishing():
        publish(one if published_first else other, quote)

    def deleting():
        delete_page(other if published_first else one, source)

    in_parallel(*((publishing, deleting) if published_first else (deleting, publishing)))

    assert list(records_without_a_published_source()) == []
    published = Quote.objects.get(pk=quote.pk).is_published
    assert published == published_first  # the first editor's change was made
    assert Citation.objects.filter(pk=citation.pk).exists() == published_first


def publish_from_the_intake(client, article) -> None:
    client.post(reverse("admin:tracker_sourcearticle_intake_publish", args=[article.pk]))


@pytest.mark.parametrize("published_first", [False, True], ids=["deleted-first", "published-first"])
def test_the_intake_publishing_while_a_drafts_citation_is_deleted_leaves_it_a_draft(
    two_editors, published_first
):
    """The intake page publishes the drafts citing its article, found before it wrote: a
    draft whose citation another editor deleted meanwhile was published citing nothing."""
    article = factories.SourceArticleFactory(publication=Publication.DRAFT)
    quote = factories.QuoteFactory(publication=Publication.DRAFT)
    citation = factories.CitationFactory(commitment=None, quote=quote, source=article)
    one, other = two_editors

    def publishing():
        publish_from_the_intake(one if published_first else other, article)

    def deleting():
        delete_page(other if published_first else one, Source(citation, article))

    in_parallel(*((publishing, deleting) if published_first else (deleting, publishing)))

    assert list(records_without_a_published_source()) == []
    assert Quote.objects.get(pk=quote.pk).is_published == published_first
    assert Citation.objects.filter(pk=citation.pk).exists() == published_first


def test_restores_check_in_their_own_transaction_as_served(two_editors):
    """Outside a test's transaction, as a request is served: restoring a citation's version
    that moves a record's only source, or an article's draft version under the record it
    alone backs, is refused with the guard's words (the guards hold records, which needs
    the restore's transaction), nothing changed."""
    client, _ = two_editors
    article = factories.SourceArticleFactory(publication=Publication.DRAFT)
    article.publication = Publication.PUBLISHED
    article.save()  # its history: a draft version, then the published one
    cited = factories.QuoteFactory()
    citation = factories.CitationFactory(commitment=None, quote=factories.QuoteFactory())
    citation.source = article
    citation.save()  # the version that cited another quote
    citation.quote = cited
    citation.save()  # the only source of ``cited`` again

    for record, version in (
        (citation, citation.history.order_by("history_id")[1]),
        (article, article.history.order_by("history_id")[0]),
    ):
        name = record._meta.model_name
        url = reverse(f"admin:tracker_{name}_simple_history", args=[record.pk, version.history_id])
        response = client.post(url, form_data(client.get(url), f"{name}_form"))
        assert response.status_code == 200
        assert "would leave quote" in response.text
    assert Citation.objects.get(pk=citation.pk).quote == cited
    assert SourceArticle.objects.get(pk=article.pk).publication == Publication.PUBLISHED


def publish_on_its_form(client, article) -> int:
    url = reverse("admin:tracker_sourcearticle_change", args=[article.pk])
    data = form_data(client.get(url), "sourcearticle_form")
    return client.post(url, {**data, "publication": Publication.PUBLISHED}).status_code


def test_the_intake_publishing_while_its_article_is_published_on_its_form_is_no_deadlock(
    two_editors, monkeypatch
):
    """The intake page holds the records citing its article, then publishes the article; the
    article's form publishes it, and migration 0030's trigger then holds the commitments
    citing it. An editor's form saved between the intake page's hold and its write waited for
    the commitment while holding the article, the intake page for the article: PostgreSQL
    aborted one of them (a deadlock: the form answered 503, its save lost)."""
    article = factories.SourceArticleFactory(publication=Publication.DRAFT)
    commitment = factories.PledgeFactory(publication=Publication.DRAFT)
    factories.CitationFactory(commitment=commitment, source=article)
    one, other = two_editors
    found = intake_publishing.drafts_citing
    failed, answered = [], []

    def form_publishing():
        try:
            answered.append(publish_on_its_form(other, article))
        except Exception as error:  # reported in the test's own thread
            failed.append(error)
        finally:
            connection.close()  # this thread's own connection

    form = threading.Thread(target=form_publishing)

    def drafts_found_while_the_form_is_saved(citing):
        form.start()  # the form saves the article, then waits for the held commitment
        form.join(timeout=2)
        return found(citing)

    monkeypatch.setattr(intake_publishing, "drafts_citing", drafts_found_while_the_form_is_saved)
    intake = one.post(reverse("admin:tracker_sourcearticle_intake_publish", args=[article.pk]))
    form.join(timeout=30)

    assert not form.is_alive()
    assert not failed, failed
    assert intake.status_code == 302
    # Answered as a save after another editor's is, not "database unavailable".
    assert answered[0] != 503
    assert SourceArticle.objects.get(pk=article.pk).is_published
