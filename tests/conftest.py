"""Fixtures every test directory shares: fresh caches, fast password hashing, the seed
and ``world`` (tests/world.py), each made once per module where it can be, and an editor."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connections
from django.test import override_settings

from tests.once import built_once_per_module, own_copy
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


@pytest.fixture(autouse=True)
def clean_up_without_a_requests_time_limit(request):
    """A transactional test's clean-up empties every table (TRUNCATE, or a serialized
    rollback). On PostgreSQL a connection opened while one of the test's requests was
    served keeps that request's statement timeout (tracker.postgresql: one second for a
    public page), which the clean-up outlasts on a loaded machine, leaving its rows to
    fail the next test. Closing such a connection first makes the clean-up open its own,
    without a cap, as a management command's is."""
    if "transactional_db" in request.fixturenames:
        # Set up before this fixture, so torn down (emptied) after it. The django_db
        # marker's transaction=True is set up earlier still, by pytest-django's own
        # autouse fixture.
        request.getfixturevalue("transactional_db")
    yield
    for connection in connections.all(initialized_only=True):
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            connection.close()


def load_seed() -> bool:
    call_command("loaddata", "seed", verbosity=0)
    return True  # loaded: a test of the module reads the rows there are


built_seed_data = built_once_per_module("seed_data", load_seed)


@pytest.fixture
def seed_data(db, built_seed_data):
    """The hand-curated records from the two seed articles: loaded once for a module whose
    database tests all read them, as ``world`` is built (tests/once.py), else for the test.
    Loading them took about 40 % of the test suite's time, once per test."""
    own_copy(built_seed_data, load_seed)


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


built_world = built_once_per_module("world", build_world)


@pytest.fixture
def world(db, built_world) -> World:
    """Seed-like records, one of everything and a draft of each kind (tests/world.py): a
    copy per test of those built for the module, so that a test changing an object in
    memory changes no other test's; built for the test alone where the module is mixed."""
    return own_copy(built_world, build_world)
