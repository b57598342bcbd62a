"""Published quotes and announcements by speaker (``published_by_index``): the people
index's filter (whether a person is public) and counts read off the index, not the table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0012_sort_indexes_in_meta"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="announcement",
            index=models.Index(
                condition=models.Q(("publication", "published")),
                fields=["speaker", "id"],
                name="announcement_speaker_pub_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(
                condition=models.Q(("publication", "published")),
                fields=["speaker", "id"],
                name="quote_speaker_pub_idx",
            ),
        ),
    ]
