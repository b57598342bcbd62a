import datetime

import pytest
from django.db import connection

from tracker import models


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
