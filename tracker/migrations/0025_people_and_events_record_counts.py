"""Each person and event counts its published quotes and announcements, in columns the
database keeps; the people index is indexed by the most quoted.

Whether a person or an event is public (a published quote or announcement names them) was
probed per row on every request, and the people index's "most quoted" sort counted every
person's published quotes before showing 25 (31 ms at 100,000 commitments, ten times that
at 1,000,000). With the counts on the row both are read off the row, and the sort off an
index.

The database keeps the counts right, whatever writes (the admin, ``QuerySet.update()``, a
history revert, fixtures, bulk inserts, raw SQL): a person or an event counts its records
whenever it is written, and a statement that adds, removes, publishes, withdraws or moves
quotes or announcements writes the people and events it touched again. On PostgreSQL a
BEFORE trigger on the person or event counts, and statement triggers on the records touch
the rows once per statement, however many records it wrote (a bulk insert of 50,000
quotes counts each speaker once); on SQLite (which cannot set a row's values before
writing it) AFTER triggers count into the written row, and row triggers on the records
touch their person and event.

On SQLite, a later migration that remakes any of these tables drops its triggers: create
them again there, as migration 0016 does for the data-version triggers
(``test_record_counts.py`` fails otherwise).
"""

from django.db import migrations, models

# What each counted table counts, of which record, by which of the record's columns.
COUNTED = {
    "tracker_person": "speaker_id",
    "tracker_event": "event_id",
}
RECORDS = {"quote_count": "tracker_quote", "announcement_count": "tracker_announcement"}


# A bulk load (``generate_synthetic``) defers the counting to its end, where every row
# counts once (``tracker.models.actors.count_named_again``): touching the people and events
# of each statement of 50,000 made a load many times slower.
UNLESS_DEFERRED = (
    "    IF current_setting('tracker.defer_counts', true) = 'on' THEN RETURN NULL; END IF;\n"
)


def _counts(key: str, link: str) -> dict[str, str]:
    """Each count's SQL for the row whose key is ``key``."""
    return {
        column: f"(SELECT count(*) FROM {records} r "
        f"WHERE r.{link} = {key} AND r.publication = 'published')"
        for column, records in RECORDS.items()
    }


def _postgresql_install() -> list[str]:
    statements = []
    for table, link in COUNTED.items():
        assignments = "".join(
            f"    NEW.{column} := {count};\n" for column, count in _counts("NEW.id", link).items()
        )
        statements += [
            f"CREATE FUNCTION {table}_count_records() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n{assignments}    RETURN NEW;\nEND $$",
            f"CREATE TRIGGER {table}_record_counts BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_count_records()",
        ]
    for records in RECORDS.values():
        # Written again, each person and event counts (its trigger above). A moved or
        # re-published record changed its old row's count as well as its new row's.
        changed = " OR ".join(
            f"o.{column} IS DISTINCT FROM n.{column}"
            for column in ("publication", *COUNTED.values())
        )
        touched = {
            # A draft added or deleted changes no count.
            "inserted": (
                "INSERT",
                "NEW TABLE AS new_rows",
                "SELECT {link} FROM new_rows WHERE publication = 'published'",
            ),
            "deleted": (
                "DELETE",
                "OLD TABLE AS old_rows",
                "SELECT {link} FROM old_rows WHERE publication = 'published'",
            ),
            "updated": (
                "UPDATE",
                "OLD TABLE AS old_rows NEW TABLE AS new_rows",
                f"SELECT o.{{link}} FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {changed} "
                f"UNION SELECT n.{{link}} FROM old_rows o JOIN new_rows n ON n.id = o.id "
                f"WHERE {changed}",
            ),
        }
        for name, (event, transition, keys) in touched.items():
            touches = "".join(
                f"    UPDATE {table} SET id = id WHERE id IN ({keys.format(link=link)});\n"
                for table, link in COUNTED.items()
            )
            statements += [
                f"CREATE FUNCTION {records}_{name}_recount() RETURNS trigger "
                f"LANGUAGE plpgsql AS $$\nBEGIN\n{UNLESS_DEFERRED}{touches}"
                "    RETURN NULL;\nEND $$",
                f"CREATE TRIGGER {records}_{name}_recount AFTER {event} ON {records} "
                f"REFERENCING {transition} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION {records}_{name}_recount()",
            ]
    return statements


def _postgresql_remove() -> list[str]:
    statements = []
    for records in RECORDS.values():
        for name in ("inserted", "deleted", "updated"):
            statements += [
                f"DROP TRIGGER IF EXISTS {records}_{name}_recount ON {records}",
                f"DROP FUNCTION IF EXISTS {records}_{name}_recount()",
            ]
    for table in COUNTED:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_record_counts ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_count_records()",
        ]
    return statements


# SQLite: the written row is updated after it is written. An UPDATE made by a trigger does
# not fire that trigger again (recursive triggers are off, SQLite's default), but it does
# fire the other tables' triggers: a record's trigger touching its person fires the
# person's.
def _sqlite_install() -> list[str]:
    statements = []
    for table, link in COUNTED.items():
        counts = _counts("NEW.id", link)
        count = (
            f"UPDATE {table} SET ({', '.join(counts)}) = ({', '.join(counts.values())}) "
            "WHERE id = NEW.id;"
        )
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {table}_record_counts_insert "
            f"AFTER INSERT ON {table} BEGIN {count} END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_record_counts_update "
            f"AFTER UPDATE ON {table} BEGIN {count} END",
        ]
    for records in RECORDS.values():
        links = list(COUNTED.values())

        def touch(row: str) -> str:
            return "".join(
                f"UPDATE {table} SET id = id WHERE id = {row}.{link}; "
                for table, link in COUNTED.items()
            )

        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {records}_inserted_recount AFTER INSERT ON {records} "
            f"WHEN NEW.publication = 'published' BEGIN {touch('NEW')}END",
            f"CREATE TRIGGER IF NOT EXISTS {records}_deleted_recount AFTER DELETE ON {records} "
            f"WHEN OLD.publication = 'published' BEGIN {touch('OLD')}END",
            f"CREATE TRIGGER IF NOT EXISTS {records}_updated_recount "
            f"AFTER UPDATE OF publication, {', '.join(links)} ON {records} "
            f"BEGIN {touch('OLD')}{touch('NEW')}END",
        ]
    return statements


def _sqlite_remove() -> list[str]:
    statements = []
    for records in RECORDS.values():
        for name in ("inserted", "deleted", "updated"):
            statements.append(f"DROP TRIGGER IF EXISTS {records}_{name}_recount")
    for table in COUNTED:
        for name in ("insert", "update"):
            statements.append(f"DROP TRIGGER IF EXISTS {table}_record_counts_{name}")
    return statements


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": _postgresql_install, "sqlite": _sqlite_install}[vendor]()
    for statement in statements:
        schema_editor.execute(statement)
    # Every existing person and event counts, through the trigger just made.
    for table in COUNTED:
        schema_editor.execute(f"UPDATE {table} SET id = id")
    if vendor == "postgresql":
        # The fill's deferred data-version trigger runs now: an index cannot be built on
        # a table with trigger events pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": _postgresql_remove, "sqlite": _sqlite_remove}[vendor]():
        schema_editor.execute(statement)


def count_field():
    return models.IntegerField(editable=False, null=True, serialize=False)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0024_country_rows_sort_keys"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model, name=name, field=count_field())
            for model in ("person", "event")
            for name in RECORDS
        ),
        migrations.RunPython(install, remove),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                models.OrderBy(models.F("quote_count"), descending=True),
                models.F("name"),
                models.F("slug"),
                condition=models.Q(
                    ("quote_count__gt", 0), ("announcement_count__gt", 0), _connector="OR"
                ),
                name="person_most_quoted_idx",
            ),
        ),
    ]
