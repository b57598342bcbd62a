"""Only staff in the Editors group, or superusers, curate; everyone else is refused."""

import pytest
from django.contrib.auth.models import Permission

from tests import factories
from tracker.models import Commitment, Country, Figure, Quote, SourceArticle

from .helpers import admin_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def figure():
    figure = factories.FigureFactory(label="People who crossed")
    figure.label = "Changed"
    figure.save()
    return figure


@pytest.fixture
def outsider(django_user_model):
    """Staff, but not an editor."""
    return django_user_model.objects.create_user(
        username="outsider", password="an-outsider-password", is_staff=True
    )


def curation_pages(figure):
    version = figure.history.last().history_id
    deletion_id = 10**6
    return [
        ("get", admin_url(Figure, "change", figure.pk)),
        ("get", admin_url(Figure, "history", figure.pk)),
        ("get", admin_url(Figure, "simple_history", figure.pk, version)),
        ("post", admin_url(Figure, "simple_history", figure.pk, version)),
        ("get", admin_url(Figure, "deleted")),
        ("post", admin_url(Figure, "undelete", deletion_id)),
        ("get", admin_url(SourceArticle, "import")),
        ("post", admin_url(SourceArticle, "process_import")),
        ("get", admin_url(Commitment, "export")),
    ]


def test_staff_outside_editors_is_refused_everywhere(client, outsider, figure):
    client.force_login(outsider)
    for method, url in curation_pages(figure):
        assert getattr(client, method)(url).status_code == 403, url


def test_staff_given_permissions_by_hand_outside_editors_is_refused(client, outsider, figure):
    outsider.user_permissions.set(Permission.objects.filter(content_type__app_label="tracker"))
    client.force_login(outsider)

    for method, url in curation_pages(figure):
        assert getattr(client, method)(url).status_code == 403, url
    assert client.post(admin_url(Figure, "change", figure.pk), {"label": "x"}).status_code == 403
    figure.refresh_from_db()
    assert figure.label == "Changed"


def test_anonymous_visitors_are_sent_to_log_in(client, figure):
    for method, url in curation_pages(figure):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_editors_open_every_curation_page(editor_client, figure):
    for method, url in curation_pages(figure):
        if method == "get":
            assert editor_client.get(url).status_code == 200, url


def test_editors_cannot_restore_what_they_may_only_view(editor_client):
    serbia = Country.objects.get(code="RS")
    serbia.name = "Serbia (renamed)"
    serbia.save()
    serbia.name = "Serbia"
    serbia.save()
    first = Country.history.filter(code="RS").last()

    page = editor_client.get(admin_url(Country, "simple_history", "RS", first.history_id))
    assert page.status_code == 200
    assert "Restore this version" not in page.text
    response = editor_client.post(
        admin_url(Country, "simple_history", "RS", first.history_id),
        form_data(page, "country_form"),
    )

    assert response.status_code == 403
    assert Country.objects.get(code="RS").name == "Serbia"


def test_a_superuser_curates_without_the_group(client, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password="a-long-boss-password")
    client.force_login(boss)
    quote = factories.QuoteFactory()
    assert client.get(admin_url(Quote, "history", quote.pk)).status_code == 200
    assert client.get(admin_url(Quote, "import")).status_code == 200
