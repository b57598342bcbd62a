"""Event's ``date_precision`` becomes ``starts_on_precision``, named after the date it
qualifies as every other model's ``<date>_precision`` is (issue 11). A rename only: the
column keeps its data (on SQLite ``ALTER TABLE ... RENAME COLUMN``, so the table and its
data-version triggers stay). The API and the events' CSV keep the name ``date_precision``."""

from django.db import migrations, models


def precision_of_the_dates():
    return models.CharField(
        "precision of the dates",
        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
        default="day",
        help_text="How much of the start and end dates the sources give.",
        max_length=5,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0010_headline_supplied"),
    ]

    operations = [
        migrations.RenameField(
            model_name="event", old_name="date_precision", new_name="starts_on_precision"
        ),
        migrations.RenameField(
            model_name="historicalevent", old_name="date_precision", new_name="starts_on_precision"
        ),
        migrations.AlterField(
            model_name="event", name="starts_on_precision", field=precision_of_the_dates()
        ),
        migrations.AlterField(
            model_name="historicalevent", name="starts_on_precision", field=precision_of_the_dates()
        ),
    ]
