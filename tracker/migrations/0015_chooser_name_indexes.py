"""The choosers' suggestions (tracker.choosers) read names by their letters through an index.

A suggestion is a name that starts with the typed letters or has a word that does:
``UPPER(name) LIKE 'MIN%' OR UPPER(name) LIKE '% MIN%'``, as Django writes ``istartswith``
and ``icontains``. A B-tree serves only the first; a trigram GIN index on the same
expression serves both, so that the suggestions do not read every organisation, person
or event as their tables grow. PostgreSQL only (``pg_trgm``, a trusted extension that the
database's owner may create); SQLite reads its small tables whole. Raw SQL because the
index's operator class belongs to ``pg_trgm``, which Django's ``Meta.indexes`` would ask
of SQLite too.
"""

from django.db import migrations

TABLES = ("organisation", "person", "event")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX {table}_name_letters_idx ON tracker_{table} "
            "USING gin (UPPER(name::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_name_letters_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0014_figure_newest_and_event_indexes"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
