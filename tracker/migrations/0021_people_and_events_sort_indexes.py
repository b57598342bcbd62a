"""The people index by name and the events index by each of its sorts: a page is read off
the index, each row checked public as it is met, where PostgreSQL checked every person or
event and sorted them all, a cost that grew with the people and events (benchmarks/RESULTS.md,
branch indexes5). On SQLite the events' ascending sort is built without NULLS LAST
(``SortIndex``)."""

import tracker.models.publishing
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0020_commitmentparty_sort_keys"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=tracker.models.publishing.SortIndex(
                models.OrderBy(models.F("starts_on"), descending=True, nulls_last=True),
                models.F("name"),
                models.F("id"),
                name="event_newest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=tracker.models.publishing.SortIndex(
                models.OrderBy(models.F("starts_on"), nulls_last=True),
                models.F("name"),
                models.F("id"),
                name="event_oldest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["name", "id"], name="event_name_idx"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name", "slug"], name="person_name_idx"),
        ),
    ]
