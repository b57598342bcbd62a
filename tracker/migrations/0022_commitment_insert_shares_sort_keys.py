"""A commitment inserted after parties that name it gives them its sort keys.

Migration 0020's triggers copy a commitment's keys into a party when the party is written
and when the commitment changes a key; a party written before its commitment exists finds
nothing to copy and keeps NULLs, so its country's list never shows that commitment.
``loaddata`` writes rows in the order of its file, and ``dumpdata tracker`` writes the
parties before the commitments (the app registers ``CommitmentParty`` first); PostgreSQL's
deferred foreign keys allow the same order in any transaction. So an inserted commitment
copies its keys into any party already naming it (an index probe, and none found, for a
commitment inserted as usual).
"""

from django.db import migrations

POSTGRESQL_INSTALL = """
CREATE TRIGGER tracker_commitment_sort_keys_insert
    AFTER INSERT ON tracker_commitment
    FOR EACH ROW EXECUTE FUNCTION tracker_commitment_share_sort_keys();
"""
POSTGRESQL_REMOVE = (
    "DROP TRIGGER IF EXISTS tracker_commitment_sort_keys_insert ON tracker_commitment;"
)

# As 0020's commitment trigger on SQLite, on insert.
SQLITE_INSTALL = (
    "CREATE TRIGGER IF NOT EXISTS tracker_commitment_sort_keys_insert "
    "AFTER INSERT ON tracker_commitment BEGIN "
    "UPDATE tracker_commitmentparty SET (commitment_published, commitment_announced_on, "
    "commitment_title, commitment_currency, commitment_amount_minor) = "
    "(SELECT c.publication = 'published', c.announced_on, c.title, NULLIF(c.currency, ''), "
    "c.amount_minor FROM tracker_commitment c WHERE c.id = NEW.id) "
    "WHERE commitment_id = NEW.id; END"
)
SQLITE_REMOVE = "DROP TRIGGER IF EXISTS tracker_commitment_sort_keys_insert"


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_INSTALL)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_INSTALL)


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REMOVE)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_REMOVE)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0021_people_and_events_sort_indexes"),
    ]

    operations = [migrations.RunPython(install, remove)]
