"""The commitments lists' largest amount first, over published funding: a page of a
country's funding by amount is read off the index, however many the country has, where
PostgreSQL read and sorted all of them (benchmarks/RESULTS.md, branch lists4). On SQLite it
is built without NULLS LAST (``SortIndex``)."""

import django.db.models.functions.comparison
import tracker.models.publishing
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0016_commitmentparty_country_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="commitment",
            index=tracker.models.publishing.SortIndex(
                models.OrderBy(
                    django.db.models.functions.comparison.NullIf("currency", models.Value("")),
                    nulls_last=True,
                ),
                models.OrderBy(models.F("amount_minor"), descending=True),
                models.F("title"),
                models.F("id"),
                condition=models.Q(("kind", "funding"), ("publication", "published")),
                name="commitment_amount_idx",
            ),
        ),
    ]
