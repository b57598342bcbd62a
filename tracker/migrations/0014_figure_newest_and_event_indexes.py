"""Published figures in their newest-first order (latest period first, a running period
before any ended one, undated last; then label and key): the home page's and the figures
index's first page read off the index, not by sorting every figure. Published quotes and
announcements by event (``published_by_index``): the events index's filter (whether an
event is public) and counts read off the index, not the table."""

import datetime

from django.db import migrations, models

import tracker.models.publishing


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0013_published_speaker_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="announcement",
            index=models.Index(
                condition=models.Q(("publication", "published")),
                fields=["event", "id"],
                name="announcement_event_pub_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(
                condition=models.Q(("publication", "published")),
                fields=["event", "id"],
                name="quote_event_pub_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="figure",
            index=tracker.models.publishing.SortIndex(
                models.OrderBy(
                    models.Case(
                        models.When(
                            period_end__isnull=True,
                            period_start__isnull=False,
                            then=models.Value(datetime.date(9999, 12, 31)),
                        ),
                        default=models.F("period_end"),
                        output_field=models.DateField(),
                    ),
                    descending=True,
                    nulls_last=True,
                ),
                models.F("label"),
                models.F("id"),
                condition=models.Q(("publication", "published")),
                name="figure_newest_idx",
            ),
        ),
    ]
