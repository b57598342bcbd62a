"""A commitment's parties read from the index alone on PostgreSQL.

The commitments CSV reads every row's parties as one "role:code,…" string, a subquery by
the commitment (tracker.export_rows). By the foreign key's own index PostgreSQL then read
each party's role and country from the table: the two party rows of each of 100,000
commitments, scattered, took half the CSV's database time (1,164 → 601 ms for the whole
list, benchmarks/RESULTS.md, csv11). The index on the commitment now carries the role and
country (``INCLUDE``), and replaces the foreign key's: the index-only scan reads no party
row. SQLite has no ``INCLUDE``: it indexes the commitment alone, as before.
"""

import django.db.models.deletion
from django.db import migrations, models

# The name Django gave the foreign key's index (migration 0001).
FOREIGN_KEY_INDEX = "tracker_commitmentparty_commitment_id_7ebae9d2"


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0035_published_dates_for_search_ranges"),
    ]

    operations = [
        # The new index first: the commitment is never without one.
        migrations.AddIndex(
            model_name="commitmentparty",
            index=models.Index(
                fields=["commitment"],
                include=("role", "country"),
                name="commitmentparty_commitment_idx",
            ),
        ),
        # The foreign key's index dropped by its name (the same on both engines): as an
        # AlterField, SQLite would copy the table into a new one, which the triggers of
        # the commitment's sort keys copied into its parties (migration 0020) do not survive.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="commitmentparty",
                    name="commitment",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="parties",
                        to="tracker.commitment",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX {FOREIGN_KEY_INDEX}",
                    f"CREATE INDEX {FOREIGN_KEY_INDEX} ON tracker_commitmentparty (commitment_id)",
                ),
            ],
        ),
    ]
