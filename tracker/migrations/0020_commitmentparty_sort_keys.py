"""Each commitment party holds a copy of its commitment's sort keys, and a country's
published commitments are indexed in the order of each sort of the lists.

A list of one country's commitments read a page by walking every published commitment in
the sort's order and asking of each whether the country is a party: 4,000-14,000
commitments for 25 of most countries at 100,000 (the newest first and title sorts), or by
reading all of the country's commitments to sort them, which grows with the country. With
the keys on the party, a page is read off the country's part of an index in that order.

The database keeps the copies right, whatever writes (the admin, ``QuerySet.update()``, a
history revert, fixtures, bulk inserts, raw SQL): a party takes its commitment's keys when
it is written, and a commitment that changes a key writes its parties again. On PostgreSQL
a BEFORE trigger on the party sets them and an AFTER UPDATE trigger on the commitment
touches its parties; on SQLite (which cannot set a row's values before writing it) AFTER
triggers copy them into the written row. Existing parties are filled here.

On SQLite, a later migration that remakes either table drops its triggers: create them
again there, as migration 0016 does for the data-version triggers
(``test_party_sort_keys.py`` fails otherwise).
"""

from django.db import migrations, models

import tracker.models.publishing

# The copied columns, and what each copies of the commitment ``c``.
COPIES = {
    "commitment_published": "c.publication = 'published'",
    "commitment_announced_on": "c.announced_on",
    "commitment_title": "c.title",
    "commitment_currency": "NULLIF(c.currency, '')",
    "commitment_amount_minor": "c.amount_minor",
}
# The commitment's columns the copies come from.
SOURCES = ("publication", "announced_on", "title", "currency", "amount_minor")

_columns = ", ".join(COPIES)
_values = ", ".join(COPIES.values())

def _changed(differs: str) -> str:
    """Whether any source column changed, NULLs compared as values."""
    return " OR ".join(f"OLD.{column} {differs} NEW.{column}" for column in SOURCES)


POSTGRESQL_INSTALL = f"""
CREATE FUNCTION tracker_commitmentparty_copy_sort_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT {_values} INTO {", ".join(f"NEW.{column}" for column in COPIES)}
    FROM tracker_commitment c WHERE c.id = NEW.commitment_id;
    RETURN NEW;
END $$;
CREATE TRIGGER tracker_commitmentparty_sort_keys
    BEFORE INSERT OR UPDATE ON tracker_commitmentparty
    FOR EACH ROW EXECUTE FUNCTION tracker_commitmentparty_copy_sort_keys();
CREATE FUNCTION tracker_commitment_share_sort_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Written again, each party copies the keys (its trigger above).
    UPDATE tracker_commitmentparty SET commitment_id = NEW.id WHERE commitment_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER tracker_commitment_sort_keys
    AFTER UPDATE OF {", ".join(SOURCES)} ON tracker_commitment
    FOR EACH ROW WHEN ({_changed("IS DISTINCT FROM")})
    EXECUTE FUNCTION tracker_commitment_share_sort_keys();
"""
POSTGRESQL_REMOVE = """
DROP TRIGGER IF EXISTS tracker_commitment_sort_keys ON tracker_commitment;
DROP FUNCTION IF EXISTS tracker_commitment_share_sort_keys();
DROP TRIGGER IF EXISTS tracker_commitmentparty_sort_keys ON tracker_commitmentparty;
DROP FUNCTION IF EXISTS tracker_commitmentparty_copy_sort_keys();
"""

# SQLite: the written party row is updated after it is written. An UPDATE made by a
# trigger does not fire that trigger again (recursive triggers are off, SQLite's default).
_SQLITE_COPY = (
    f"UPDATE tracker_commitmentparty SET ({_columns}) = "
    f"(SELECT {_values} FROM tracker_commitment c WHERE c.id = NEW.commitment_id) "
    "WHERE id = NEW.id;"
)
SQLITE_INSTALL = [
    "CREATE TRIGGER IF NOT EXISTS tracker_commitmentparty_sort_keys_insert "
    f"AFTER INSERT ON tracker_commitmentparty BEGIN {_SQLITE_COPY} END",
    "CREATE TRIGGER IF NOT EXISTS tracker_commitmentparty_sort_keys_update "
    f"AFTER UPDATE ON tracker_commitmentparty BEGIN {_SQLITE_COPY} END",
    "CREATE TRIGGER IF NOT EXISTS tracker_commitment_sort_keys "
    f"AFTER UPDATE OF {', '.join(SOURCES)} ON tracker_commitment "
    f"WHEN {_changed('IS NOT')} BEGIN "
    f"UPDATE tracker_commitmentparty SET ({_columns}) = "
    f"(SELECT {_values} FROM tracker_commitment c WHERE c.id = NEW.id) "
    "WHERE commitment_id = NEW.id; END",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS tracker_commitmentparty_sort_keys_insert",
    "DROP TRIGGER IF EXISTS tracker_commitmentparty_sort_keys_update",
    "DROP TRIGGER IF EXISTS tracker_commitment_sort_keys",
]

# Existing parties, in one statement (a join on PostgreSQL, where a trigger per row or a
# subquery per row take far longer at 1,000,000 commitments).
POSTGRESQL_FILL = (
    f"UPDATE tracker_commitmentparty p SET ({_columns}) = ({_values}) "
    "FROM tracker_commitment c WHERE c.id = p.commitment_id"
)
SQLITE_FILL = (
    f"UPDATE tracker_commitmentparty SET ({_columns}) = "
    f"(SELECT {_values} FROM tracker_commitment c "
    "WHERE c.id = tracker_commitmentparty.commitment_id)"
)


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FILL)
        # The fill's deferred data-version trigger runs now: an index cannot be built on
        # a table with trigger events pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")
        schema_editor.execute(POSTGRESQL_INSTALL)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FILL)
        for statement in SQLITE_INSTALL:
            schema_editor.execute(statement)


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REMOVE)
    elif vendor == "sqlite":
        for statement in SQLITE_REMOVE:
            schema_editor.execute(statement)


def sort_index(name, *keys):
    return tracker.models.publishing.SortIndex(
        models.F("country"),
        *keys,
        models.F("commitment"),
        condition=models.Q(("commitment_published", True)),
        name=name,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0019_ordering_ties_by_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="commitmentparty",
            name="commitment_published",
            field=models.BooleanField(editable=False, null=True, serialize=False),
        ),
        migrations.AddField(
            model_name="commitmentparty",
            name="commitment_announced_on",
            field=models.DateField(editable=False, null=True, serialize=False),
        ),
        migrations.AddField(
            model_name="commitmentparty",
            name="commitment_title",
            field=models.CharField(editable=False, max_length=300, null=True, serialize=False),
        ),
        migrations.AddField(
            model_name="commitmentparty",
            name="commitment_currency",
            field=models.CharField(editable=False, max_length=3, null=True, serialize=False),
        ),
        migrations.AddField(
            model_name="commitmentparty",
            name="commitment_amount_minor",
            field=models.BigIntegerField(editable=False, null=True, serialize=False),
        ),
        # Filled before the indexes are built: building them once is faster than
        # updating them row by row.
        migrations.RunPython(install, remove),
        migrations.AddIndex(
            model_name="commitmentparty",
            index=sort_index(
                "commitmentparty_newest_idx",
                models.OrderBy(
                    models.F("commitment_announced_on"), descending=True, nulls_last=True
                ),
                models.F("commitment_title"),
            ),
        ),
        migrations.AddIndex(
            model_name="commitmentparty",
            index=sort_index(
                "commitmentparty_oldest_idx",
                models.OrderBy(models.F("commitment_announced_on"), nulls_last=True),
                models.F("commitment_title"),
            ),
        ),
        migrations.AddIndex(
            model_name="commitmentparty",
            index=sort_index(
                "commitmentparty_amount_idx",
                models.OrderBy(models.F("commitment_currency"), nulls_last=True),
                models.OrderBy(models.F("commitment_amount_minor"), descending=True),
                models.F("commitment_title"),
            ),
        ),
        migrations.AddIndex(
            model_name="commitmentparty",
            index=sort_index(
                "commitmentparty_amount_asc_idx",
                models.OrderBy(models.F("commitment_currency"), nulls_last=True),
                models.OrderBy(models.F("commitment_amount_minor")),
                models.F("commitment_title"),
            ),
        ),
        migrations.AddIndex(
            model_name="commitmentparty",
            index=sort_index("commitmentparty_title_idx", models.F("commitment_title")),
        ),
    ]
