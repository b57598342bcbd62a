"""Unpublishing a source article never leaves a published record without a published
source: the editor sees the records it alone backs and moves them to draft with it, or
cancels (the list's action, the change form, a restored draft version alike)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from tests import factories
from tests.curation.helpers import form_data
from tests.curation.test_import_export import confirm, rows_as_csv, upload
from tracker.integrity import records_without_a_published_source
from tracker.models import Commitment, Publication, Quote, SourceArticle

pytestmark = pytest.mark.django_db

ARTICLES = reverse("admin:tracker_sourcearticle_changelist")


@pytest.fixture
def cited():
    """``only``, the sole published source of a quote; a commitment it backs with ``other``,
    another published article; and a draft quote citing it."""
    only, other = factories.SourceArticleFactory(), factories.SourceArticleFactory()
    quote = factories.CitationFactory(
        source=only,
        commitment=None,
        quote=factories.QuoteFactory(),
        excerpt="We will work together against the gangs,",
    ).quote
    commitment = Commitment.objects.get(pk=factories.CitationFactory(source=only).commitment_id)
    factories.CitationFactory(source=other, commitment=commitment)
    draft = factories.CitationFactory(
        source=only,
        commitment=None,
        quote=factories.QuoteFactory(publication=Publication.DRAFT),
        excerpt="Almost 1,000 people crossed the border",
    ).quote
    return {"only": only, "other": other, "quote": quote, "commitment": commitment, "draft": draft}


def publication(record) -> str:
    return type(record).objects.get(pk=record.pk).publication


def unpublish_action(client, *articles, **confirmation):
    data = {"action": "unpublish", "_selected_action": [str(a.pk) for a in articles]}
    return client.post(ARTICLES, {**data, **confirmation}, follow=True)


def notices(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_action_first_shows_the_records_the_article_alone_backs(editor_client, cited):
    response = unpublish_action(editor_client, cited["only"])

    assert response.status_code == 200
    assert response.templates[0].name == "admin/tracker/sourcearticle/unpublish_confirmation.html"
    # the quote it alone backs; not the commitment another article backs, nor the draft
    assert [key for _, _, key in response.context["records"]] == [f"quote:{cited['quote'].pk}"]
    assert str(cited["quote"]) in response.text
    assert "Unpublish and move this record to draft" in response.text
    assert "No, take me back" in response.text
    assert publication(cited["only"]) == Publication.PUBLISHED
    assert publication(cited["quote"]) == Publication.PUBLISHED


def test_confirming_moves_the_article_and_the_records_it_alone_backs_to_draft(
    editor_client, editor, cited
):
    asked = unpublish_action(editor_client, cited["only"])

    response = editor_client.post(ARTICLES, form_data(asked, "unpublish-confirmation"), follow=True)

    assert publication(cited["only"]) == Publication.DRAFT
    assert publication(cited["quote"]) == Publication.DRAFT
    assert publication(cited["commitment"]) == Publication.PUBLISHED
    assert notices(response) == [
        f"Also moved back to draft, since no other published article backs it: "
        f"quote “{cited['quote']}”.",
        "Moved 1 source article back to draft.",
    ]
    logged = LogEntry.objects.get(object_id=str(cited["quote"].pk), content_type__model="quote")
    assert logged.user == editor
    assert list(records_without_a_published_source()) == []


def test_records_that_changed_since_the_question_are_asked_about_again(editor_client, cited):
    asked = unpublish_action(editor_client, cited["only"])
    cited["other"].publication = Publication.DRAFT  # now the commitment has only ``only`` too
    cited["other"].save()

    response = editor_client.post(ARTICLES, form_data(asked, "unpublish-confirmation"))

    assert response.status_code == 200
    assert response.context["changed"]
    assert len(response.context["records"]) == 2
    assert publication(cited["only"]) == Publication.PUBLISHED
    assert publication(cited["quote"]) == Publication.PUBLISHED


def test_an_article_that_alone_backs_nothing_is_unpublished_at_once(editor_client, cited):
    response = unpublish_action(editor_client, cited["other"])

    assert notices(response) == ["Moved 1 source article back to draft."]
    assert publication(cited["other"]) == Publication.DRAFT
    assert publication(cited["commitment"]) == Publication.PUBLISHED


def change(client, article, **changes):
    url = reverse("admin:tracker_sourcearticle_change", args=[article.pk])
    data = form_data(client.get(url), "sourcearticle_form")
    return client.post(url, {**data, **changes}, follow=True)


def test_the_change_form_refuses_until_the_editor_ticks_the_records_to_draft(editor_client, cited):
    refused = change(editor_client, cited["only"], publication=Publication.DRAFT)

    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors["publication"]
    assert f"would leave quote “{cited['quote']}” without a published source" in str(errors)
    assert 'type="checkbox" name="draft_records_too"' in refused.text
    assert publication(cited["only"]) == Publication.PUBLISHED

    data = form_data(refused, "sourcearticle_form")
    response = editor_client.post(
        refused.request["PATH_INFO"], {**data, "draft_records_too": "on"}, follow=True
    )

    assert response.status_code == 200
    assert publication(cited["only"]) == Publication.DRAFT
    assert publication(cited["quote"]) == Publication.DRAFT
    assert publication(cited["commitment"]) == Publication.PUBLISHED
    assert notices(response)[0].startswith("Also moved back to draft")


def test_the_change_form_hides_the_question_when_nothing_depends_on_the_article(
    editor_client, cited
):
    url = reverse("admin:tracker_sourcearticle_change", args=[cited["only"].pk])
    assert 'type="hidden" name="draft_records_too"' in editor_client.get(url).text

    response = change(editor_client, cited["other"], publication=Publication.DRAFT)

    assert publication(cited["other"]) == Publication.DRAFT
    assert not any(notice.startswith("Also moved") for notice in notices(response))


def test_restoring_a_draft_version_of_the_article_asks_the_same(editor_client):
    article = factories.SourceArticleFactory(publication=Publication.DRAFT)
    draft = article.history.first()
    article.publication = Publication.PUBLISHED
    article.save()
    quote = factories.CitationFactory(
        source=article, commitment=None, quote=factories.QuoteFactory()
    ).quote
    url = reverse("admin:tracker_sourcearticle_simple_history", args=[article.pk, draft.pk])

    response = editor_client.post(url, form_data(editor_client.get(url), "sourcearticle_form"))

    assert response.status_code == 200
    assert "publication" in response.context["adminform"].form.errors
    assert 'type="checkbox" name="draft_records_too"' in response.text
    assert publication(article) == Publication.PUBLISHED
    assert publication(quote) == Publication.PUBLISHED


def test_a_cited_article_cannot_be_deleted(editor_client, cited):
    """So deleting is no way around the question: its citations protect it."""
    url = reverse("admin:tracker_sourcearticle_delete", args=[cited["only"].pk])

    response = editor_client.post(url, {"post": "yes"})

    assert response.status_code == 200
    assert response.context["protected"]
    assert SourceArticle.objects.filter(pk=cited["only"].pk).exists()
    assert Quote.objects.get(pk=cited["quote"].pk).is_published


def test_an_import_that_moves_an_article_to_draft_leaves_no_record_without_a_source(
    editor_client, cited
):
    only = cited["only"]
    row = {
        "slug": only.slug,
        "headline": only.headline,
        "text": only.text,
        "publication": Publication.DRAFT,
    }
    preview = upload(editor_client, SourceArticle, rows_as_csv(row))

    assert preview.context.get("confirm_form") is None  # refused: nothing to confirm
    assert f"would leave quote “{cited['quote']}” without a published source" in preview.text
    assert publication(only) == Publication.PUBLISHED
    assert list(records_without_a_published_source()) == []
    # An article that backs nothing alone moves to draft as before.
    other = cited["other"]
    row = {"slug": other.slug, "headline": other.headline, "text": other.text}
    confirm(
        editor_client,
        SourceArticle,
        upload(
            editor_client, SourceArticle, rows_as_csv({**row, "publication": Publication.DRAFT})
        ),
    )
    assert publication(other) == Publication.DRAFT


def test_deleting_a_records_last_published_citation_leaves_no_record_without_a_source(
    editor_client, cited
):
    citation = cited["quote"].citations.get()
    url = reverse("admin:tracker_citation_delete", args=[citation.pk])
    editor_client.post(url, {"post": "yes"})

    assert list(records_without_a_published_source()) == []
