"""A country's commitment parties by country and commitment (``involving()``): the lists'
page and overview tally, the country page and the exports find a country's commitments in
the index alone. It takes the place of the country's own index (and its LIKE twin, which no
query used).

Dropping the foreign key's own index makes SQLite copy the table and drop its triggers: the
data-version triggers of migration 0006 are created again on the parties' table afterwards
(and after unapplying), as migrations 0007, 0009 and 0010 do.
"""

import django.db.models.deletion
from django.db import migrations, models


def recreate_sqlite_data_version_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for event in ("INSERT", "UPDATE", "DELETE"):
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS tracker_commitmentparty_data_version_{event.lower()} "
            f"AFTER {event} ON tracker_commitmentparty BEGIN UPDATE tracker_dataversion SET "
            "changed_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = 1; END"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0015_chooser_name_indexes"),
    ]

    operations = [
        # Unapplying remakes the table again: its triggers come back last.
        migrations.RunPython(migrations.RunPython.noop, recreate_sqlite_data_version_triggers),
        migrations.AlterField(
            model_name="commitmentparty",
            name="country",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="commitment_roles",
                to="tracker.country",
            ),
        ),
        migrations.AddIndex(
            model_name="commitmentparty",
            index=models.Index(
                fields=["country", "commitment"], name="commitmentparty_country_idx"
            ),
        ),
        migrations.RunPython(recreate_sqlite_data_version_triggers, migrations.RunPython.noop),
    ]
