"""GIN indexes for full-text search, on PostgreSQL only.

Each index is built from the same expression ``tracker.search`` queries with,
``to_tsvector('english', coalesce(col1, '') || ' ' || coalesce(col2, '') ...)``
(Django's ``SearchVector(..., config="english")``), so PostgreSQL can use it.
The searched columns are frozen here, as a migration must be; change them
together with ``tracker.search.SEARCHED_FIELDS``.

SQLite has no such index; there the migration does nothing, and the model
state does not change, so ``makemigrations`` sees nothing to do.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

SEARCHED_FIELDS = {
    "announcement": ("title", "summary"),
    "commitment": ("title", "summary", "focus", "purpose"),
    "quote": ("text", "context"),
    "figure": ("label", "note"),
    "sourcearticle": ("headline", "publisher", "text"),
    "person": ("name", "description"),
}


def _indexes(apps):
    for model_name, fields in SEARCHED_FIELDS.items():
        model = apps.get_model("tracker", model_name)
        index = GinIndex(SearchVector(*fields, config="english"), name=f"{model_name}_search_idx")
        yield model, index


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("tracker", "0003_editors_group")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
