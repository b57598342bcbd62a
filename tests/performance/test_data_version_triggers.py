"""Every tracker table keeps the triggers that move the data version (migration 0006).

A later migration that makes SQLite copy a table to a new one (adding a column with a
default, or a constraint) drops the old table's triggers with it; this says which table
lost them, where a caching test would only see one page stay stale.
"""

from django.apps import apps
from django.db import connection

from tracker.models import DataVersion


def tracked_tables() -> list[str]:
    tables = {
        model._meta.db_table
        for model in apps.get_app_config("tracker").get_models(include_auto_created=True)
        if not model._meta.proxy
        and model is not DataVersion
        and not model._meta.db_table.startswith("tracker_historical")
    }
    return sorted(tables)


def triggers_by_table() -> dict[str, set[str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"
            )
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        found: dict[str, set[str]] = {}
        for table, name in cursor.fetchall():
            found.setdefault(table, set()).add(name)
        return found


def test_every_tracked_table_moves_the_data_version(db):
    expected = (
        ["{table}_data_version"]
        if connection.vendor == "postgresql"
        else [f"{{table}}_data_version_{event}" for event in ("insert", "update", "delete")]
    )
    found = triggers_by_table()
    missing = {
        table: sorted(name.format(table=table) for name in expected)
        for table in tracked_tables()
        if not {name.format(table=table) for name in expected} <= found.get(table, set())
    }
    assert missing == {}
