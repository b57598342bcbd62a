"""A country's commitment parties by country and commitment (``involving()``): the lists'
page and overview tally, the country page and the exports find a country's commitments in
the index alone. It takes the place of the country's own index (and its LIKE twin, which no
query used)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0015_chooser_name_indexes"),
    ]

    operations = [
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
    ]
