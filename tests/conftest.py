"""Fixtures every test directory shares: fresh caches, fast password hashing, the seed,
an editor, and ``world`` (tests/world.py) built once per module."""

import copy

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.world import World, build_world


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Real hashing takes a second of CPU per user made; no test here is about hashing
    (the production settings are read in a subprocess, tests/ops/test_settings.py)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


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


def uses_the_database(item: pytest.Item) -> bool:
    return bool(
        item.get_closest_marker("django_db")
        or {"db", "transactional_db", "django_db_reset_sequences"} & set(item.fixturenames)
    )


def commits(item: pytest.Item) -> bool:
    """A test whose writes are committed (a live server, a transactional database)."""
    marker = item.get_closest_marker("django_db")
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or {"transactional_db", "django_db_reset_sequences", "live_server"} & set(item.fixturenames)
    )


def every_database_test_reads_world(module: pytest.Module) -> bool:
    """Whether ``world`` may be built once for the module: every test of it that uses the
    database reads ``world`` (no test sees records it did not ask for) in a transaction."""
    items = [item for item in module.session.items if item.getparent(pytest.Module) is module]
    return all(
        not uses_the_database(item) or ("world" in item.fixturenames and not commits(item))
        for item in items
    )


@pytest.fixture(scope="module")
def built_world(request, django_db_setup, django_db_blocker):
    """``world``'s records, made once for a module whose database tests all read them, in a
    transaction rolled back at the module's end; None for any other module.

    Like Django's ``setUpTestData``: each test's own transaction (the ``db`` fixture) is a
    savepoint inside this one, so whatever a test writes is undone before the next.
    """
    if not every_database_test_reads_world(request.node):
        yield None
        return
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(db, built_world) -> World:
    """Seed-like records, one of everything and a draft of each kind (tests/world.py): a
    copy per test of those built for the module, so that a test changing an object in
    memory changes no other test's; built for the test alone where the module is mixed."""
    return copy.deepcopy(built_world) if built_world else build_world()
