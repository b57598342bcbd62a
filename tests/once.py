"""Test data built once per module where every database test of the module only reads it
(Django's ``setUpTestData``, for pytest fixtures): ``world`` and the seed in tests/conftest.py,
and the bulk records of the query-count, cache and country-page tests.

A module's data is made in a transaction rolled back at the module's end; each test's own
transaction (the ``db`` fixture) is a savepoint inside it, so whatever a test writes is
undone before the next, and each test gets a deep copy of the objects, so that changing one
in memory changes no other test's. Where a database test of the module does not ask for the
fixture, or commits (a live server, a transactional database), the data is built per test.
"""

import copy
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction


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


def every_database_test_reads(fixture: str, module: pytest.Module) -> bool:
    """Whether ``fixture`` may be built once for the module: every test of it that uses the
    database asks for it (no test sees records it did not ask for) in a transaction."""
    items = [item for item in module.session.items if item.getparent(pytest.Module) is module]
    return all(
        not uses_the_database(item) or (fixture in item.fixturenames and not commits(item))
        for item in items
    )


def built_once_per_module(fixture: str, build: Callable[..., Any], given: tuple[str, ...] = ()):
    """The module-scoped fixture ``built_<fixture>``: ``build()``'s records made once for a
    module whose database tests all read ``fixture``, None for any other module; ``build``
    is passed the values of the module-scoped fixtures named in ``given``. The fixture
    itself asks for it, ``db`` and those fixtures, and returns
    ``own_copy(built, build, *their values)``."""

    @pytest.fixture(scope="module", name=f"built_{fixture}")
    def built(request, django_db_setup, django_db_blocker):
        if not every_database_test_reads(fixture, request.node):
            yield None
            return
        arguments = [request.getfixturevalue(name) for name in given]
        with django_db_blocker.unblock(), transaction.atomic():
            yield build(*arguments)
            transaction.set_rollback(True)

    return built


def own_copy(built: Any, build: Callable[..., Any], *arguments: Any) -> Any:
    """A test's own copy of the module's records, or its own records (``build(*arguments)``)
    where the module's tests do not share them."""
    return copy.deepcopy(built) if built is not None else build(*arguments)
