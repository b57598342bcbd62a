"""Every published commitment's key with what the whole-table tallies read of it
(``commitment_tally_idx``): the home page's, countries index's and world map's counts and
money, and the organisations' counts (funder and recipient) read it from the index alone,
where they scanned the whole table, every text with it, after each edit. PostgreSQL keeps
the columns in the index (INCLUDE); SQLite, which has no such indexes, indexes the
published keys alone.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0017_commitment_amount_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(
                condition=models.Q(("publication", "published")),
                fields=["id"],
                include=(
                    "kind",
                    "status",
                    "currency",
                    "amount_minor",
                    "included_in",
                    "announced_on",
                    "funder",
                    "recipient",
                ),
                name="commitment_tally_idx",
            ),
        ),
    ]
