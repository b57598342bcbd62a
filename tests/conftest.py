import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command


@pytest.fixture
def seed_data(db):
    """The hand-curated records from the two seed articles."""
    call_command("loaddata", "seed", verbosity=0)


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        username="editor", password="a-long-editor-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
