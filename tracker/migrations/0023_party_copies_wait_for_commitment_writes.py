"""On PostgreSQL a party written while another transaction changes its commitment waits
for that change and copies the keys as committed.

Migration 0020's trigger on the party read the commitment as of its own statement's
snapshot. An editor publishing (or renaming) a commitment while another adds a country to
it, through the parties' admin or an import, each missed the other: the new party kept the
keys from before the change (published ``False``: the country's list never showed the
commitment), and the commitment's trigger, which copies its keys into its parties, did not
see the party, not yet committed. Reading the commitment ``FOR SHARE`` waits for a
transaction that is changing it and reads the row as it committed; one that changes the
commitment after waits for the party's transaction in turn, then copies its keys into the
party too. (The foreign key's own check takes ``FOR KEY SHARE``, which does not wait for a
change of other columns.) SQLite writes one transaction at a time: nothing to do there.
"""

from django.db import migrations

COPIED = """
    SELECT c.publication = 'published', c.announced_on, c.title, NULLIF(c.currency, ''),
        c.amount_minor
    INTO NEW.commitment_published, NEW.commitment_announced_on, NEW.commitment_title,
        NEW.commitment_currency, NEW.commitment_amount_minor
    FROM tracker_commitment c WHERE c.id = NEW.commitment_id{lock};
"""


def function(lock: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION tracker_commitmentparty_copy_sort_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
{COPIED.format(lock=lock)}
    RETURN NEW;
END $$;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(function(" FOR SHARE"))


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(function(""))


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0022_commitment_insert_shares_sort_keys"),
    ]

    operations = [migrations.RunPython(install, remove)]
