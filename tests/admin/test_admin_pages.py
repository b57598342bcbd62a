"""Every admin page an editor uses opens, and no one else gets in."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import SourceArticleFactory
from tests.models.records import MAKERS, make_linked_record, make_record
from tracker.history import domain_models
from tracker.models import Country

TRACKER_ADMIN_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "tracker"),
    key=lambda model: model._meta.model_name,
)
EDITABLE_MODELS = [model for model in TRACKER_ADMIN_MODELS if model is not Country]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def by_name(model) -> str:
    return model._meta.model_name


def test_every_tracker_model_is_in_the_admin_and_in_these_tests():
    tracker_models = set(domain_models())
    assert tracker_models == set(TRACKER_ADMIN_MODELS)
    assert set(MAKERS) == tracker_models
    assert len(tracker_models) == 18


def test_admin_names_the_workspace(editor_client):
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "Policy Tracker — editors" in response.text


@pytest.mark.parametrize("model", TRACKER_ADMIN_MODELS, ids=by_name)
def test_editor_opens_the_list(editor_client, model):
    make_record(model)
    response = editor_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", TRACKER_ADMIN_MODELS, ids=by_name)
def test_editor_searches_the_list(editor_client, model):
    make_record(model)
    response = editor_client.get(admin_url(model, "changelist"), {"q": "a"})
    assert response.status_code == 200


@pytest.mark.parametrize("model", EDITABLE_MODELS, ids=by_name)
def test_editor_opens_the_add_page(editor_client, model):
    response = editor_client.get(admin_url(model, "add"))
    assert response.status_code == 200
    assert response.context["adminform"].form.instance.pk is None


@pytest.mark.parametrize("model", TRACKER_ADMIN_MODELS, ids=by_name)
def test_editor_opens_the_change_page(editor_client, model):
    record = make_record(model)
    response = editor_client.get(admin_url(model, "change", record.pk))
    assert response.status_code == 200
    assert response.context["original"] == record


def test_countries_are_view_only_for_editors(editor_client):
    serbia = Country.objects.get(code="RS")

    assert editor_client.get(admin_url(Country, "add")).status_code == 403
    assert editor_client.get(admin_url(Country, "delete", "RS")).status_code == 403
    change_page = editor_client.get(admin_url(Country, "change", "RS"))
    assert change_page.status_code == 200
    assert change_page.context["has_change_permission"] is False
    assert 'name="_save"' not in change_page.text

    listing = editor_client.get(admin_url(Country, "changelist"))
    assert listing.status_code == 200
    assert admin_url(Country, "add") not in listing.text

    editor_client.post(admin_url(Country, "change", "RS"), {"name": "Renamed"})
    serbia.refresh_from_db()
    assert serbia.name == "Serbia"


def test_kosovo_is_there_to_choose(editor_client):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "tracker",
            "model_name": "commitmentparty",
            "field_name": "country",
            "term": "Koso",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"] == [{"id": "XK", "text": "Kosovo"}]


@pytest.mark.parametrize("model", TRACKER_ADMIN_MODELS, ids=by_name)
def test_staff_outside_editors_is_refused(client, django_user_model, model):
    outsider = django_user_model.objects.create_user(
        username="outsider", password="an-outsider-password", is_staff=True
    )
    client.force_login(outsider)
    assert client.get(admin_url(model, "changelist")).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client):
    url = admin_url(EDITABLE_MODELS[0], "changelist")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


@pytest.mark.parametrize("view", ["changelist", "add"])
@pytest.mark.parametrize("model_name", ["user", "group"])
def test_editor_cannot_manage_accounts(editor_client, model_name, view):
    response = editor_client.get(reverse(f"admin:auth_{model_name}_{view}"))
    assert response.status_code == 403


def test_editor_cannot_change_an_account_either(editor_client, editor):
    group = Group.objects.get(name="Editors")
    assert editor_client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 403
    assert editor_client.get(reverse("admin:auth_user_change", args=[editor.pk])).status_code == 403


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", EDITABLE_MODELS, ids=by_name)
def test_list_queries_do_not_grow_with_rows(editor_client, model):
    url = admin_url(model, "changelist")
    for _ in range(2):
        make_linked_record(model)
    with_two = count_queries(editor_client, url)
    for _ in range(18):
        make_linked_record(model)
    with_twenty = count_queries(editor_client, url)

    assert editor_client.get(url).context["cl"].result_count >= 20
    assert with_twenty == with_two


def test_country_list_queries_are_few(editor_client, django_assert_max_num_queries):
    # 9: one of them asks whether the user is in the Editors group (tracker.admin.editors).
    with django_assert_max_num_queries(9):
        response = editor_client.get(admin_url(Country, "changelist"), {"all": ""})
    assert response.context["cl"].result_count > 240


def test_articles_without_a_publisher_are_offered_by_name_in_the_filter(editor_client):
    """Not as an empty, invisible link."""
    unnamed = SourceArticleFactory(publisher="", headline="Unattributed report")
    SourceArticleFactory(publisher="GOV.UK", headline="Attributed report")
    url = reverse("admin:tracker_sourcearticle_changelist")

    page = editor_client.get(url)
    (publisher,) = [f for f in page.context["cl"].filter_specs if f.title == "publisher"]
    choices = {c["display"]: c["query_string"] for c in publisher.choices(page.context["cl"])}
    assert set(choices) == {"All", "(no publisher)", "GOV.UK"}
    assert "(no publisher)</a>" in page.text

    filtered = editor_client.get(url + choices["(no publisher)"])
    assert list(filtered.context["cl"].result_list) == [unnamed]
