"""History in the admin: who changed what, the diff, restoring a version, undeleting."""

import pytest

from tests import factories
from tracker.models import Citation, Commitment, CommitmentParty, Figure, Person, Quote, Role

from .helpers import admin_url, form_data

pytestmark = pytest.mark.django_db


def figure_with_citation(**fields) -> Figure:
    figure = factories.FigureFactory(**fields)
    factories.CitationFactory(
        commitment=None, figure=figure, excerpt="Almost 1,000 people crossed the border"
    )
    return figure


def edit(client, record, **changes):
    """Open the record's change page as an editor would, change fields, save."""
    page = client.get(admin_url(type(record), "change", record.pk))
    data = form_data(page, f"{record._meta.model_name}_form")
    data.update(changes)
    return client.post(admin_url(type(record), "change", record.pk), data)


def test_a_change_is_kept_with_the_editor_who_made_it(editor_client, editor):
    figure = figure_with_citation(label="People who crossed")

    response = edit(editor_client, figure, label="People who crossed the border")

    assert response.status_code == 302
    latest = figure.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == editor
    assert latest.label == "People who crossed the border"
    assert latest.prev_record.label == "People who crossed"


def test_the_history_page_shows_the_changed_field_old_and_new(editor_client, editor):
    figure = figure_with_citation(label="People who crossed", unit="people")
    edit(editor_client, figure, label="Migrants through the Western Balkans")

    page = editor_client.get(admin_url(Figure, "history", figure.pk))

    assert page.status_code == 200
    latest = page.context["page_obj"][0]
    new = "Migrants through the Western Balkans"
    assert latest.history_delta_changes == [
        {"field": "Label", "old": "People who crossed", "new": new}
    ]
    text = page.text
    assert "<dt>Label</dt>" in text
    assert "<del>People who crossed</del>" in text
    assert "<ins>Migrants through the Western Balkans</ins>" in text
    assert "editor" in text
    assert "Updated at" not in text  # changes on every save; not what the editor changed


def test_restoring_an_earlier_version_brings_its_values_back(editor_client):
    figure = figure_with_citation(label="People who crossed", value=1000, unit="people")
    first = figure.history.first()
    edit(editor_client, figure, label="A wrong label", value="2000", unit="cars")
    assert Figure.objects.get(pk=figure.pk).unit == "cars"

    version_page = editor_client.get(admin_url(Figure, "simple_history", figure.pk, first.pk))
    assert version_page.status_code == 200
    changes = {change["field"] for change in version_page.context["restore_changes"]}
    assert changes == {"Label", "Value", "Unit"}
    # What the record says now, struck; what restoring brings back, inserted.
    assert "<del>A wrong label</del>" in version_page.text
    assert "<ins>People who crossed</ins>" in version_page.text
    response = editor_client.post(
        admin_url(Figure, "simple_history", figure.pk, first.pk),
        form_data(version_page, "figure_form"),
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    figure.refresh_from_db()
    assert (figure.label, figure.value, figure.unit) == ("People who crossed", 1000, "people")
    restore = figure.history.first()
    assert restore.history_change_reason.startswith("Restored the version of")
    assert figure.history.count() == 3  # the restore is a version too, so it can be undone


def test_a_restore_still_checks_what_an_edit_checks(editor_client):
    """An article's text cannot be restored to one that lacks what citations quote now."""
    article = factories.SourceArticleFactory(text="Short text.")
    old = article.history.first()
    article.text = factories.ARTICLE_TEXT
    article.save()
    factories.CitationFactory(source=article)  # quotes words only the new text has

    version_page = editor_client.get(admin_url(type(article), "simple_history", article.pk, old.pk))
    response = editor_client.post(
        admin_url(type(article), "simple_history", article.pk, old.pk),
        form_data(version_page, "sourcearticle_form"),
    )

    assert response.status_code == 200
    assert "no longer contains" in str(response.context["adminform"].form.errors["text"])
    article.refresh_from_db()
    assert article.text == factories.ARTICLE_TEXT


def test_a_deleted_commitment_comes_back_with_its_citations_and_parties(editor_client):
    funding = factories.FundingCommitmentFactory(title="£10 million for border security")
    factories.CitationFactory(commitment=funding, excerpt="The government will spend £10 million")
    factories.CommitmentPartyFactory(commitment=funding, country_id="GB")
    pk = funding.pk

    deleted = editor_client.post(admin_url(Commitment, "delete", pk), {"post": "yes"})
    assert deleted.status_code == 302, deleted.context.get("protected")
    assert not Commitment.objects.filter(pk=pk).exists()
    assert not Citation.objects.filter(commitment_id=pk).exists()

    listing = editor_client.get(admin_url(Commitment, "deleted"))
    assert listing.status_code == 200
    assert "£10 million for border security" in listing.text
    (record,) = [r for r in listing.context["records"] if r.id == pk]

    response = editor_client.post(admin_url(Commitment, "undelete", record.history_id), follow=True)

    assert response.status_code == 200
    back = Commitment.objects.get(pk=pk)
    assert (back.title, back.amount_minor, back.currency) == (
        "£10 million for border security",
        1_000_000_000,
        "GBP",
    )
    assert back.created_at == funding.created_at
    assert list(Citation.objects.filter(commitment=back).values_list("excerpt", flat=True)) == [
        "The government will spend £10 million"
    ]
    assert CommitmentParty.objects.filter(commitment=back, country_id="GB").exists()
    assert "Brought back" in response.text
    # and it is no longer listed as deleted
    still_deleted = editor_client.get(admin_url(Commitment, "deleted")).context["records"]
    assert pk not in [r.id for r in still_deleted]


def test_a_deleted_record_whose_slug_was_reused_is_not_brought_back_silently(editor_client):
    quote = factories.QuoteFactory(slug="we-will-work-together")
    pk = quote.pk
    quote.delete()
    factories.QuoteFactory(slug="we-will-work-together")
    deletion = Quote.history.filter(id=pk, history_type="-").get()

    response = editor_client.post(admin_url(Quote, "undelete", deletion.history_id), follow=True)

    assert "could not be brought back" in response.text
    assert "Slug already exists" in response.text


def test_a_partnership_edited_on_its_own_page_is_in_the_history(editor_client, editor):
    from tracker.models import Partnership

    partnership = factories.PartnershipFactory(focus="Intelligence sharing")
    factories.CitationFactory(commitment=partnership)
    edit(editor_client, Partnership.objects.get(pk=partnership.pk), focus="Joint operations")

    latest = Commitment.history.filter(id=partnership.pk).first()
    assert (latest.focus, latest.history_user) == ("Joint operations", editor)
    page = editor_client.get(admin_url(Partnership, "history", partnership.pk))
    assert "<ins>Joint operations</ins>" in page.text


def test_a_deleted_person_comes_back_with_their_roles(editor_client):
    person = factories.PersonFactory(name="Yvette Cooper", slug="yvette-cooper")
    factories.RoleFactory(person=person, title="Home Secretary")
    pk = person.pk
    editor_client.post(admin_url(Person, "delete", pk), {"post": "yes"})
    assert not Role.objects.filter(person_id=pk).exists()
    deletion = Person.history.filter(id=pk, history_type="-").get()

    editor_client.post(admin_url(Person, "undelete", deletion.history_id))

    assert Person.objects.get(pk=pk).name == "Yvette Cooper"
    assert list(Role.objects.filter(person_id=pk).values_list("title", flat=True)) == [
        "Home Secretary"
    ]


def test_a_malformed_history_address_is_not_found(editor_client):
    response = editor_client.get("/admin/tracker/figure/not-a-number/history/")
    assert response.status_code == 404


@pytest.mark.parametrize("version", ["abc", "1.5", "99999999999999999999999"])
def test_a_malformed_version_address_is_not_found(editor_client, version):
    quote = factories.QuoteFactory()

    response = editor_client.get(f"/admin/tracker/quote/{quote.pk}/history/{version}/")

    assert response.status_code == 404


def test_a_version_of_another_record_is_not_found(editor_client):
    quote, other = factories.QuoteFactory(), factories.QuoteFactory()
    version = other.history.first().history_id

    response = editor_client.get(f"/admin/tracker/quote/{quote.pk}/history/{version}/")

    assert response.status_code == 404
