"""A citation that is a published record's only published source can be neither deleted
nor moved (to another article or record) on the citations' own admin pages: the change
form, the delete view, the bulk delete action and a restored version refuse, naming the
record; the citations' import can only add citations."""

import pytest
from django.urls import reverse

from tests import factories
from tests.curation.helpers import form_data
from tracker.integrity import records_without_a_published_source
from tracker.models import Citation, Publication

pytestmark = pytest.mark.django_db

CITATIONS = reverse("admin:tracker_citation_changelist")
EXCERPT = "We will work together against the gangs,"


@pytest.fixture
def only_source():
    """A published quote whose one citation is its only published source."""
    quote = factories.QuoteFactory()
    return factories.CitationFactory(commitment=None, quote=quote, excerpt=EXCERPT)


def change_url(citation) -> str:
    return reverse("admin:tracker_citation_change", args=[citation.pk])


def delete_url(citation) -> str:
    return reverse("admin:tracker_citation_delete", args=[citation.pk])


def notices(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def edited(client, citation, **changes):
    """The citation's change form as loaded, sent back with ``changes``."""
    data = form_data(client.get(change_url(citation)), "citation_form")
    return client.post(change_url(citation), {**data, **changes})


def unchanged(citation) -> bool:
    now = Citation.objects.get(pk=citation.pk)
    return (now.source_id, now.quote_id, now.commitment_id) == (
        citation.source_id,
        citation.quote_id,
        citation.commitment_id,
    )


def test_moving_the_only_source_to_a_draft_article_is_refused(editor_client, only_source):
    draft = factories.SourceArticleFactory(publication=Publication.DRAFT)

    response = edited(editor_client, only_source, source=str(draft.pk))

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors == [
        f"Moving this citation to another article or record would leave quote "
        f"“{only_source.quote}” published with no published source, and the public would "
        "see it without its evidence. Nothing was changed. Cite it from another published "
        "article first, or move it to draft on its own page."
    ]
    assert unchanged(only_source)
    assert list(records_without_a_published_source()) == []


def test_moving_the_only_source_to_another_record_is_refused(editor_client, only_source):
    other = factories.QuoteFactory(text=EXCERPT)

    response = edited(editor_client, only_source, quote=str(other.pk))

    assert response.status_code == 200
    assert "would leave quote" in response.text
    assert unchanged(only_source)


def test_a_move_that_leaves_a_published_source_is_saved(editor_client, only_source):
    quote = only_source.quote
    factories.CitationFactory(commitment=None, quote=quote, excerpt=EXCERPT)
    other = factories.SourceArticleFactory()

    response = edited(editor_client, only_source, source=str(other.pk))

    assert response.status_code == 302
    assert Citation.objects.get(pk=only_source.pk).source == other


def test_moving_the_only_source_to_another_published_article_is_saved(editor_client, only_source):
    other = factories.SourceArticleFactory()

    response = edited(editor_client, only_source, source=str(other.pk))

    assert response.status_code == 302
    assert Citation.objects.get(pk=only_source.pk).source == other


def test_a_draft_records_citation_moves_freely(editor_client, only_source):
    quote = only_source.quote
    quote.publication = Publication.DRAFT
    quote.save()
    draft = factories.SourceArticleFactory(publication=Publication.DRAFT)

    response = edited(editor_client, only_source, source=str(draft.pk))

    assert response.status_code == 302
    assert Citation.objects.get(pk=only_source.pk).source == draft


def test_deleting_the_only_source_is_refused_on_the_delete_page(editor_client, only_source):
    for method in (editor_client.get, editor_client.post):
        response = method(delete_url(only_source), {"post": "yes"}, follow=True)

        assert response.redirect_chain == [(change_url(only_source), 302)]
        assert notices(response) == [
            f"Deleting this citation would leave quote “{only_source.quote}” published with no "
            "published source, and the public would see it without its evidence. Nothing was "
            "changed. Cite it from another published article first, or move it to draft on "
            "its own page."
        ]
    assert Citation.objects.filter(pk=only_source.pk).exists()


def test_a_citation_beside_another_published_source_is_deleted(editor_client, only_source):
    factories.CitationFactory(commitment=None, quote=only_source.quote, excerpt=EXCERPT)

    response = editor_client.post(delete_url(only_source), {"post": "yes"})

    assert response.status_code == 302
    assert not Citation.objects.filter(pk=only_source.pk).exists()


def bulk_delete(client, *citations, confirmed: bool = True):
    data = {"action": "delete_selected", "_selected_action": [str(c.pk) for c in citations]}
    return client.post(CITATIONS, {**data, **({"post": "yes"} if confirmed else {})}, follow=True)


def test_the_bulk_delete_refuses_citations_that_alone_back_a_record(editor_client, only_source):
    # Two citations of one quote, both from the same article: together they are its only
    # published source, though each alone is not.
    second = factories.CitationFactory(
        source=only_source.source, commitment=None, quote=only_source.quote, excerpt="gangs"
    )
    deletable = factories.CitationFactory()  # a pledge another citation backs too
    factories.CitationFactory(commitment=deletable.commitment)

    for confirmed in (False, True):
        response = bulk_delete(editor_client, only_source, second, deletable, confirmed=confirmed)

        assert response.status_code == 200
        assert notices(response) == [
            f"Deleting these citations would leave quote “{only_source.quote}” published "
            "with no published source, and the public would see it without its evidence. "
            "Nothing was changed. Cite it from another published article first, or move it "
            "to draft on its own page."
        ]
    assert Citation.objects.filter(pk__in=[only_source.pk, second.pk, deletable.pk]).count() == 3


def test_the_bulk_delete_deletes_what_leaves_every_record_a_source(editor_client, only_source):
    deletable = factories.CitationFactory()
    factories.CitationFactory(commitment=deletable.commitment)

    asked = bulk_delete(editor_client, deletable, confirmed=False)
    assert "admin/delete_selected_confirmation.html" in [t.name for t in asked.templates]
    bulk_delete(editor_client, deletable)

    assert not Citation.objects.filter(pk=deletable.pk).exists()
    assert Citation.objects.filter(pk=only_source.pk).exists()


def test_restoring_a_version_that_moves_the_only_source_is_refused(editor_client, only_source):
    first = factories.QuoteFactory(text=EXCERPT)
    only_source.quote, moved_from = first, only_source.quote
    only_source.save()  # the version that cited ``first``
    only_source.quote = moved_from
    only_source.save()  # now the only source of ``moved_from`` again
    version = only_source.history.order_by("history_id")[1]
    url = reverse(
        "admin:tracker_citation_simple_history", args=[only_source.pk, version.history_id]
    )

    response = editor_client.post(url, form_data(editor_client.get(url), "citation_form"))

    assert response.status_code == 200
    assert "would leave quote" in response.text
    assert Citation.objects.get(pk=only_source.pk).quote == moved_from
