"""The lists' newest-first sort indexes, created in raw SQL by migration 0006 on
PostgreSQL only, are declared in the models' ``Meta.indexes`` (``published_sort_index``):
the same four indexes, same names, columns, NULLS LAST and published-only condition.

PostgreSQL keeps the indexes 0006 built (no rebuild of a large table); SQLite, which
refuses NULLS LAST in an index and sorts NULLs last in a descending order anyway, gets
them now without it (``SortIndex``), so that the schema matches the models on
both and later migrations can alter or remove them as Django's own."""

from django.db import migrations, models

import tracker.models.publishing

SORT_INDEXES = {
    "announcement": ("announcement_latest_idx", "announced_on", "title", "id"),
    "commitment": ("commitment_newest_idx", "announced_on", "title", "id"),
    "quote": ("quote_newest_idx", "said_on", "id"),
    "sourcearticle": ("sourcearticle_newest_idx", "published_on", "headline", "id"),
}


def sort_index(name, newest, *then):
    return tracker.models.publishing.SortIndex(
        models.F(newest).desc(nulls_last=True),
        *(models.F(column) for column in then),
        name=name,
        condition=models.Q(publication="published"),
    )


def create_where_missing(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        return  # built by 0006
    for model_name, definition in SORT_INDEXES.items():
        schema_editor.add_index(apps.get_model("tracker", model_name), sort_index(*definition))


def remove_where_created(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        return  # 0006's, removed by its own reversal
    for model_name, definition in SORT_INDEXES.items():
        schema_editor.remove_index(apps.get_model("tracker", model_name), sort_index(*definition))


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0011_event_starts_on_precision"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name=model_name, index=sort_index(*definition))
                for model_name, definition in SORT_INDEXES.items()
            ],
            database_operations=[
                migrations.RunPython(create_where_missing, remove_where_created),
            ],
        ),
    ]
