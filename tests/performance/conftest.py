import datetime

import pytest
from django.db import connection

from tests.once import built_once_per_module, own_copy
from tests.views.scale import Scale
from tracker import models


@pytest.fixture(scope="module")
def scale_rows() -> int:
    """How many times ``scale`` grows: enough for one of every row a page lists. A module
    whose assertions need more (a second page of 25) overrides this fixture."""
    return 3


def grown_scale(rows: int) -> Scale:
    return Scale().grow(rows)


built_scale = built_once_per_module("scale", grown_scale, given=("scale_rows",))


@pytest.fixture
def scale(db, built_scale, scale_rows) -> Scale:
    """``Scale``'s bulk records (tests/views/scale.py), built once for a module whose
    database tests all read them (tests/once.py), and a copy per test."""
    return own_copy(built_scale, grown_scale, scale_rows)


@pytest.fixture
def fresh_writes(db):
    """Let the next write move the data version at once, inside the test's transaction.

    On PostgreSQL the version moves at commit (a deferred trigger, once per transaction);
    a test never commits, so make the triggers immediate and forget that this
    transaction already moved it. SQLite's triggers are immediate anyway.
    """

    def allow() -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SELECT set_config('tracker.data_version_touched', '', true)")

    allow()
    return allow


def set_data_version(changed_at: datetime.datetime) -> None:
    """Say the data last changed at ``changed_at`` (as the triggers would have)."""
    models.DataVersion.objects.filter(pk=1).update(changed_at=changed_at)
