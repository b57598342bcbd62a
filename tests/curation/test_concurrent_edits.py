"""Two editors, one record: the later save is refused, and told what changed."""

import pytest

from tests import factories
from tracker.models import Figure, SourceArticle

from .helpers import admin_url, errors_of, form_data, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(client, django_user_model):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(make_editor(django_user_model, "amira"))
    second.force_login(make_editor(django_user_model, "bruno"))
    return first, second


def open_form(client, record):
    page = client.get(admin_url(type(record), "change", record.pk))
    assert page.status_code == 200
    return form_data(page, f"{record._meta.model_name}_form")


def test_the_second_save_is_refused_and_the_first_survives(two_editors):
    amira, bruno = two_editors
    figure = factories.FigureFactory(label="People who crossed", unit="people")
    factories.CitationFactory(
        commitment=None, figure=figure, excerpt="Almost 1,000 people crossed the border"
    )
    amiras_form, brunos_form = open_form(amira, figure), open_form(bruno, figure)

    saved = amira.post(
        admin_url(Figure, "change", figure.pk), {**amiras_form, "label": "Migrants who crossed"}
    )
    assert saved.status_code == 302

    refused = bruno.post(
        admin_url(Figure, "change", figure.pk),
        {**brunos_form, "label": "People who crossed the border", "unit": "persons"},
    )

    assert refused.status_code == 200
    errors = errors_of(refused)
    assert errors[0].startswith("amira saved this record at")
    assert "Your changes were not saved" in errors[0]
    assert (
        "Label: they saved “Migrants who crossed”; you are saving “People who crossed the border”."
        in errors
    )
    # Bruno changed the unit, Amira did not: only what she changed is a conflict.
    assert not any(error.startswith("Unit") for error in errors)
    assert "amira saved this record" in refused.text
    figure.refresh_from_db()
    assert (figure.label, figure.unit) == ("Migrants who crossed", "people")
    assert figure.history.count() == 2


def test_saving_again_after_the_warning_overwrites_knowingly(two_editors):
    amira, bruno = two_editors
    article = factories.SourceArticleFactory(headline="Minister announces partnership")
    amiras_form, brunos_form = open_form(amira, article), open_form(bruno, article)
    amira.post(admin_url(SourceArticle, "change", article.pk), {**amiras_form, "publisher": "BBC"})

    refused = bruno.post(
        admin_url(SourceArticle, "change", article.pk), {**brunos_form, "publisher": "The Times"}
    )
    assert "Publisher: they saved “BBC”; you are saving “The Times”." in errors_of(refused)

    again = bruno.post(
        admin_url(SourceArticle, "change", article.pk), form_data(refused, "sourcearticle_form")
    )

    assert again.status_code == 302
    article.refresh_from_db()
    assert article.publisher == "The Times"


def test_an_editor_saving_twice_in_a_row_is_not_warned(editor_client):
    article = factories.SourceArticleFactory()
    form = open_form(editor_client, article)
    editor_client.post(admin_url(SourceArticle, "change", article.pk), {**form, "publisher": "A"})

    second = editor_client.post(
        admin_url(SourceArticle, "change", article.pk),
        {**open_form(editor_client, article), "publisher": "B"},
    )

    assert second.status_code == 302
    assert SourceArticle.objects.get(pk=article.pk).publisher == "B"


def test_every_record_admin_carries_the_version(editor_client):
    from django.contrib import admin

    from tests.models.records import make_record
    from tracker.admin.concurrency import ConcurrentEditsMixin

    tracker_admins = {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "tracker"
    }
    assert len(tracker_admins) >= 18
    for model, model_admin in tracker_admins.items():
        assert isinstance(model_admin, ConcurrentEditsMixin), model
        if model._meta.model_name == "country":
            continue  # view-only: nothing to save
        record = make_record(model)
        page = editor_client.get(admin_url(model, "change", record.pk))
        assert 'name="loaded_version"' in page.text, model
