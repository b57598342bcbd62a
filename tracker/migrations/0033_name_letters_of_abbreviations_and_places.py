"""Search reads the names that hold its words through their letters' indexes, the
abbreviations and places too.

Search matches an organisation by its name or its abbreviation and an event by its name or
its place, each word ``UPPER(column) LIKE '%WORD%'`` in either (``search.named()``). Migration
0015's trigram indexes cover the names only, so PostgreSQL could not read an organisation's
"name or abbreviation" from an index and scanned every organisation, twice a search (the
first names shown, and the keys records are found through): 20 ms for "border security"
among the 4,000 organisations of the 1,000,000 set, 0.1 ms through these indexes and the
name's, which the planner then ands and ors (benchmarks/RESULTS.md, search9). With a few
hundred organisations the planner still scans them, and the search's SQL is the same.
PostgreSQL only, as 0015.
"""

from django.db import migrations

INDEXES = (("organisation", "abbreviation"), ("event", "location"))


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX {table}_{column}_letters_idx ON tracker_{table} "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_letters_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0032_commitment_tallies"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
