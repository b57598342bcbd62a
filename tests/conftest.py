import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.management import call_command


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Each test starts with an empty cache, and builds every page afresh.

    A test never commits, so on PostgreSQL the data version (moved at commit) does not
    move between tests or within one: kept pages and choices would outlive the data
    that made them. tests/performance/test_page_cache.py tests the page cache itself.
    """
    settings.PAGE_CACHE_TIMEOUT = 0
    cache.clear()
    caches["pages"].clear()


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
