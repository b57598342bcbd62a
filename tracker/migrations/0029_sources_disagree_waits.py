"""On PostgreSQL a statement that adds, deletes or moves discrepancy versions or citations
locks the commitments it touched before setting their ``sources_disagree`` again
(migration 0028), so that two transactions writing one commitment's versions take turns.

Each statement's trigger read the other transaction's rows as not yet committed, and a
trigger that changed no flag took no lock for the other to wait on: an editor deleting the
version that made a commitment's sources disagree while another added a version citing it
(either first) left the flag false once both had committed, a version citing it. The API
then left out the commitment's discrepancies and the CSV said its sources agree. Locking
the commitments first (``FOR NO KEY UPDATE``, in key order, as their own update would)
makes the second trigger wait for the first transaction's commit; its update, a statement
of its own, then reads it (under READ COMMITTED each statement of the function takes a new
snapshot). SQLite writes one transaction at a time: nothing to do there.
"""

import importlib

from django.db import migrations

FLAGGED = importlib.import_module("tracker.migrations.0028_commitment_sources_disagree")


def _functions(lock: bool) -> list[str]:
    """The statement triggers' functions of migration 0028, each locking the commitments
    it touched first with ``lock``, as 0028 made them without."""
    statements = []
    for table, events in FLAGGED.POSTGRESQL_TOUCHED.items():
        for event, selects in events.items():
            name = f"{table}_{event.lower()}_sets_{FLAGGED.FLAG}"
            keys = " UNION ".join(selects)
            locked = (
                f"PERFORM 1 FROM {FLAGGED.COMMITMENTS} WHERE id IN ({keys}) "
                "ORDER BY id FOR NO KEY UPDATE;\n    "
                if lock
                else ""
            )
            statements.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                f"BEGIN\n    {locked}{FLAGGED._set_again(keys)}\n    RETURN NULL;\nEND $$"
            )
    return statements


def _replaced(lock: bool):
    def replace(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in _functions(lock):
            schema_editor.execute(statement)

    return replace


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0028_commitment_sources_disagree"),
    ]

    operations = [migrations.RunPython(_replaced(lock=True), _replaced(lock=False))]
