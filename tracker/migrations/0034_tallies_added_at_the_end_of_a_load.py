"""A bulk load adds its differences to the commitments' tallies once, at its end, on
PostgreSQL (``tracker.models.tallies.defer_tallies``).

Migration 0032's triggers add each statement's difference to the tally rows at once, and
the rows stay held until the transaction ends. A row counts every commitment of a kind,
status, currency and month (and one of every month): a long load (an import, a chunk of
``generate_synthetic``) held the rows of every month it wrote, and an editor saving a
commitment with the same keys waited until the load committed, up to the editors' 20 s
statement timeout. Two loads at once each held rows the other wanted, in the order their
statements came: PostgreSQL aborted one.

With the switch ``tracker.defer_tallies`` on (transaction-local), the triggers still hold
what they read and work out the same differences, but add them to a table of the session's
own (``pg_temp.tracker_deferred_tallies``, never shared, so nobody waits there) instead
of the tallies. ``tracker_add_deferred_tallies()``, the load's last step, adds all of them
in one statement, in the keys' order, and switches the triggers back: the load holds the
tally rows only from then until it commits, and two loads take them in the same order
(they wait for each other, never deadlock). The tallies are a sum of differences, so the
sum is the same whenever each is added, as long as it is added before the commit. A
TRUNCATE while deferring empties what was deferred of the truncated rows too.

SQLite writes one transaction at a time (the whole database is the load's until it
commits): no row is held longer by counting at once, so nothing changes there.
"""

import importlib

from django.db import migrations

TALLIES = importlib.import_module("tracker.migrations.0032_commitment_tallies")

DEFERRED = "pg_temp.tracker_deferred_tallies"
DEFERRING = "current_setting('tracker.defer_tallies', true) = 'on'"
KEYS = ", ".join(TALLIES.KEYS)
COUNTS = ", ".join(TALLIES.COUNTS)


def _deferred_or_applied(differences: str, cte: str = "") -> list[str]:
    """A statement's ``differences`` summed per row and kept aside while the load defers,
    else added to the tallies as migration 0032 does."""
    sums = ", ".join(f"SUM({count})" for count in TALLIES.COUNTS)
    any_change = " OR ".join(f"SUM({count}) <> 0" for count in TALLIES.COUNTS)
    deferred = (
        f"{cte}INSERT INTO {DEFERRED} ({KEYS}, {COUNTS}) SELECT {KEYS}, {sums} "
        f"FROM ({differences}) d GROUP BY {KEYS} HAVING {any_change}"
    )
    applied = ";\n        ".join(TALLIES._apply(differences, cte))
    return [f"IF {DEFERRING} THEN\n        {deferred};\n    ELSE\n        {applied};\n    END IF"]


def _emptied_and_not_deferred(rows: str) -> list[str]:
    return [
        *TALLIES._emptied(rows),
        f"IF {DEFERRING} THEN DELETE FROM {DEFERRED} WHERE {rows}; END IF",
    ]


def _functions(apply, emptied) -> list[str]:
    """The triggers' functions of migration 0032 (the triggers stay as they are)."""
    return [
        statement
        for statement in TALLIES._postgresql_install(apply, emptied)
        if statement.startswith("CREATE OR REPLACE FUNCTION")
    ]


def _deferring_functions() -> list[str]:
    key_columns = (
        "scope varchar(2) NOT NULL, kind varchar(12) NOT NULL, status varchar(12) NOT NULL, "
        "currency varchar(3) NOT NULL, month date NOT NULL"
    )
    counts = ", ".join(f"{count} bigint NOT NULL" for count in TALLIES.COUNTS)
    # The deferred rows added in key order (migration 0032's ``_apply``), then let go of.
    added = [
        *TALLIES._apply(f"SELECT {KEYS}, {COUNTS} FROM {DEFERRED}"),
        # TRUNCATE, not DELETE: a temporary table is never vacuumed, and a session loading
        # chunk after chunk would read every chunk's dead rows again.
        f"TRUNCATE {DEFERRED}",
    ]
    return [
        # Neither of these two has a SET clause: it would undo their set_config at return.
        "CREATE OR REPLACE FUNCTION tracker_defer_tallies() RETURNS void LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "    IF to_regclass('pg_temp.tracker_deferred_tallies') IS NULL THEN\n"
        f"        CREATE TEMPORARY TABLE tracker_deferred_tallies ({key_columns}, {counts});\n"
        "    END IF;\n"
        "    PERFORM set_config('tracker.defer_tallies', 'on', true);\n"
        "END $$",
        "CREATE OR REPLACE FUNCTION tracker_add_deferred_tallies() RETURNS void "
        "LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        f"    IF {DEFERRING} THEN\n"
        "        PERFORM set_config('tracker.defer_tallies', 'off', true);\n"
        "        PERFORM tracker_add_the_deferred_rows();\n"
        "    END IF;\n"
        "END $$",
        # Not compiled, as the triggers' functions (migration 0032).
        "CREATE OR REPLACE FUNCTION tracker_add_the_deferred_rows() RETURNS void "
        "LANGUAGE plpgsql SET jit = off AS $$\n"
        "BEGIN\n" + "".join(f"    {statement};\n" for statement in added) + "END $$",
    ]


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in [
        *_deferring_functions(),
        *_functions(_deferred_or_applied, _emptied_and_not_deferred),
    ]:
        schema_editor.execute(statement)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in _functions(TALLIES._apply, TALLIES._emptied):
        schema_editor.execute(statement)
    for function in (
        "tracker_defer_tallies",
        "tracker_add_deferred_tallies",
        "tracker_add_the_deferred_rows",
    ):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()")


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0033_name_letters_of_abbreviations_and_places"),
    ]

    operations = [migrations.RunPython(install, remove)]
