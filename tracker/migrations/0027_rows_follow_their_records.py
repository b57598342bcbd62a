"""On PostgreSQL a row tying a record to a country or an organisation, written while another
transaction publishes or withdraws that record, waits for that change; on both engines a
person inserted gives the country rows of their quotes the quotes' keys.

Migrations 0024 and 0026 read the record as of the row's own statement's snapshot, as 0020
did for the commitments' parties before 0023. An editor publishing an announcement or a
quote while another added a country to it each missed the other: the new row kept the
draft's keys (published ``False``: the country's list never showed the record), and the
record's trigger, which copies its keys into its rows, did not see the row, not yet
committed. In the same way an organisation added to (or taken off) a commitment's or an
announcement's organisations while the record was withdrawn (or published) was counted
from the record as it was: a withdrawn record still counted kept an organisation that
nothing published names on the public index, a published one not counted left it off.

Reading the record ``FOR SHARE`` first waits for a transaction that is changing it, and
the row then reads it as committed; one that changes the record after waits for the row's
transaction in turn, then sees the row. (The foreign key's own check takes ``FOR KEY
SHARE``, which does not wait for a change of other columns.) The country rows lock only
when inserted: an update of one comes from its record's or its speaker's trigger, which
holds the record, or waits for the row itself. A bulk load that defers the counting
(``tracker.models.actors.defer_counting``) takes no lock: it counts everything at its end.
SQLite writes one transaction at a time: nothing to do there.

And a person inserted gives the country rows of their quotes their keys, on both engines: a
row written before its quote's speaker exists found nothing to copy (the copy reads the
speaker's name with the quote) and kept NULLs, so the country's list never showed the
quote. ``loaddata`` writes rows in its file's order (``dumpdata tracker.quote
tracker.person``, a file written by hand), and PostgreSQL's deferred foreign keys allow that
order in any transaction, as migration 0022 says of the commitments' parties.
"""

import importlib

from django.db import migrations

COUNTRY_ROWS = importlib.import_module("tracker.migrations.0024_country_rows_sort_keys")
ORGANISATION_COUNTS = importlib.import_module("tracker.migrations.0026_organisation_record_counts")


def _copy_function(copied, lock: bool) -> str:
    """The country row's trigger function of migration 0024, reading its record ``FOR
    SHARE`` first when the row is inserted (``lock``)."""
    waits = (
        f"    IF TG_OP = 'INSERT' THEN\n"
        f"        PERFORM 1 FROM {copied.record} WHERE id = NEW.{copied.key} FOR SHARE;\n"
        "    END IF;\n"
        if lock
        else ""
    )
    return f"""
CREATE OR REPLACE FUNCTION {copied.table}_copy_sort_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
{waits}    SELECT {copied.values} INTO {", ".join(f"NEW.{column}" for column in copied.copies)}
    FROM {copied.source} WHERE r.id = NEW.{copied.key};
    RETURN NEW;
END $$;
"""


# Each organisations table's statement triggers (migration 0026): the transition tables
# whose rows name the records to wait for.
_NAMING_ROWS = {
    "inserted": ("new_rows",),
    "deleted": ("old_rows",),
    "updated": ("old_rows", "new_rows"),
}


def _count_functions(lock: bool) -> list[str]:
    """The organisations tables' statement trigger functions of migration 0026, reading the
    records their rows name ``FOR SHARE`` first (``lock``), in key order."""
    statements = []
    for records, (listing, record) in ORGANISATION_COUNTS.LISTED.items():
        for name, rows in _NAMING_ROWS.items():
            _event, _transition, touches = ORGANISATION_COUNTS.POSTGRESQL_TOUCHES[(listing, name)]
            named = " UNION ".join(f"SELECT {record} FROM {table}" for table in rows)
            waits = (
                f"    PERFORM 1 FROM {records} WHERE id IN ({named}) ORDER BY id FOR SHARE;\n"
                if lock
                else ""
            )
            body = "".join(f"    {touch}\n" for touch in touches)
            statements.append(
                f"CREATE OR REPLACE FUNCTION {listing}_{name}_organisations_recount() "
                "RETURNS trigger LANGUAGE plpgsql AS $$\n"
                f"BEGIN\n{ORGANISATION_COUNTS.UNLESS_DEFERRED}{waits}{body}"
                "    RETURN NULL;\nEND $$"
            )
    return statements


def _functions(lock: bool) -> list[str]:
    return [
        *(_copy_function(copied, lock) for copied in COUNTRY_ROWS.COPIED.values()),
        *_count_functions(lock),
    ]


# A person inserted: the rows of their quotes copy again (on PostgreSQL through migration
# 0024's function for a person renamed; an index probe, and none found, as a rule).
SPEAKER_INSERTED = "tracker_person_quote_sort_keys_insert"
POSTGRESQL_SPEAKER_INSERTED = (
    f"CREATE TRIGGER {SPEAKER_INSERTED} AFTER INSERT ON tracker_person FOR EACH ROW "
    "EXECUTE FUNCTION tracker_person_share_quote_sort_keys()"
)
SQLITE_SPEAKER_INSERTED = (
    f"CREATE TRIGGER IF NOT EXISTS {SPEAKER_INSERTED} AFTER INSERT ON tracker_person BEGIN "
    f"{COUNTRY_ROWS._sqlite_copy(COUNTRY_ROWS.QUOTES, COUNTRY_ROWS.OF_A_SPEAKER)} END"
)


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in _functions(lock=True):
            schema_editor.execute(statement)
        schema_editor.execute(POSTGRESQL_SPEAKER_INSERTED)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_SPEAKER_INSERTED)


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {SPEAKER_INSERTED} ON tracker_person")
        for statement in _functions(lock=False):
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {SPEAKER_INSERTED}")


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0026_organisation_record_counts"),
    ]

    operations = [migrations.RunPython(install, remove)]
