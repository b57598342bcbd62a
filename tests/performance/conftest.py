import pytest
from django.db import connection


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
