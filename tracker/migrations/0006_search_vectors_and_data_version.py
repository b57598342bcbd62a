"""Stored search vectors, the data version, and the lists' sort indexes (issue 6).

- ``search_vector`` on the six searched models. On PostgreSQL a BEFORE INSERT OR
  UPDATE trigger per table sets it to ``to_tsvector('english', coalesce(col1, '') || ' '
  || coalesce(col2, '') ...)`` (what ``SearchVector(col1, col2, config="english")``
  builds), existing rows are filled, and a GIN index on the column replaces the
  expression indexes of migration 0004. The columns are frozen here, as a migration
  must be; change them with ``tracker.search.SEARCHED_FIELDS`` in a new migration.
  SQLite keeps the column empty (its search is a simpler match).
- ``DataVersion``: one row whose ``changed_at`` moves when any tracker table changes,
  by triggers: on PostgreSQL a deferred constraint trigger that runs once per
  transaction at commit (so the row lock is held for an instant and never before other
  row locks: no deadlocks between editors), on SQLite row-level triggers. Historical
  tables are left out: every history row comes with a change to a tracked table.
- Commitment's single-column indexes on publication, kind and status go: the
  composite (publication, kind, status) and the published-only sort indexes serve
  every filter and sort (see benchmarks/RESULTS.md for the EXPLAIN figures).
"""

import django.contrib.postgres.search
from django.db import migrations, models
from django.utils import timezone

SEARCHED_FIELDS = {
    "announcement": ("title", "summary"),
    "commitment": ("title", "summary", "focus", "purpose"),
    "quote": ("text", "context"),
    "figure": ("label", "note"),
    "sourcearticle": ("headline", "publisher", "text"),
    "person": ("name", "description"),
}


def _vector_sql(fields, row=""):
    joined = " || ' ' || ".join(f"coalesce({row}{field}, '')" for field in fields)
    return f"to_tsvector('pg_catalog.english'::regconfig, {joined})"


def tracked_tables(apps) -> list[str]:
    """Every tracker table whose changes public pages show (not history, not the version)."""
    tables = []
    for model in apps.get_app_config("tracker").get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.proxy or table.startswith("tracker_historical"):
            continue
        if table != "tracker_dataversion":
            tables.append(table)
    return sorted(set(tables))


def install_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, fields in SEARCHED_FIELDS.items():
        table = f"tracker_{model_name}"
        schema_editor.execute(f"DROP INDEX IF EXISTS {model_name}_search_idx")
        schema_editor.execute(
            f"""CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                NEW.search_vector := {_vector_sql(fields, "NEW.")};
                RETURN NEW;
            END $$"""
        )
        columns = ", ".join(fields)
        schema_editor.execute(
            f"CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE OF {columns} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_search_vector()"
        )
        schema_editor.execute(f"UPDATE {table} SET search_vector = {_vector_sql(fields)}")
        schema_editor.execute(
            f"CREATE INDEX {model_name}_vector_idx ON {table} USING gin (search_vector)"
        )
        schema_editor.execute(f"ANALYZE {table}")


def remove_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    for model_name, fields in SEARCHED_FIELDS.items():
        table = f"tracker_{model_name}"
        schema_editor.execute(f"DROP INDEX IF EXISTS {model_name}_vector_idx")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_search_vector()")
        model = apps.get_model("tracker", model_name)
        index = GinIndex(SearchVector(*fields, config="english"), name=f"{model_name}_search_idx")
        schema_editor.add_index(model, index)


# The lists' default sorts, published rows only, so that a page is read off an index.
# PostgreSQL only: SQLite cannot index NULLS LAST (its lists are small anyway).
SORT_INDEXES = {
    "commitment_newest_idx": (
        "tracker_commitment",
        "announced_on DESC NULLS LAST, title, id",
    ),
    "announcement_latest_idx": ("tracker_announcement", "announced_on DESC NULLS LAST, title, id"),
    "quote_newest_idx": ("tracker_quote", "said_on DESC NULLS LAST, id"),
    "sourcearticle_newest_idx": (
        "tracker_sourcearticle",
        "published_on DESC NULLS LAST, headline, id",
    ),
}


def add_sort_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, columns) in SORT_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX {name} ON {table} ({columns}) WHERE publication = 'published'"
        )


def remove_sort_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in SORT_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def install_data_version(apps, schema_editor):
    """The version row, and the triggers that move it on every change."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("INSERT INTO tracker_dataversion (id, changed_at) VALUES (1, now())")
        schema_editor.execute(
            """CREATE OR REPLACE FUNCTION tracker_touch_data_version() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                -- Once per transaction, however many rows it writes.
                IF current_setting('tracker.data_version_touched', true) = txid_current()::text
                THEN RETURN NULL; END IF;
                PERFORM set_config('tracker.data_version_touched', txid_current()::text, true);
                UPDATE tracker_dataversion SET changed_at = clock_timestamp() WHERE id = 1;
                RETURN NULL;
            END $$"""
        )
        for table in tracked_tables(apps):
            schema_editor.execute(
                f"CREATE CONSTRAINT TRIGGER {table}_data_version "
                f"AFTER INSERT OR UPDATE OR DELETE ON {table} DEFERRABLE INITIALLY DEFERRED "
                f"FOR EACH ROW EXECUTE FUNCTION tracker_touch_data_version()"
            )
    elif vendor == "sqlite":
        schema_editor.execute(
            "INSERT INTO tracker_dataversion (id, changed_at) "
            "VALUES (1, strftime('%Y-%m-%d %H:%M:%f', 'now'))"
        )
        for table in tracked_tables(apps):
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_data_version_{event.lower()} AFTER {event} "
                    f"ON {table} BEGIN UPDATE tracker_dataversion SET changed_at = "
                    f"strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = 1; END"
                )
    else:
        apps.get_model("tracker", "DataVersion").objects.create(id=1, changed_at=timezone.now())


def remove_data_version(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in tracked_tables(apps):
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_version ON {table}")
        elif vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_version_{event}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS tracker_touch_data_version()")


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0005_history"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("changed_at", models.DateTimeField()),
            ],
            options={
                "verbose_name": "data version",
            },
        ),
        migrations.AddField(
            model_name="announcement",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="Filled by the database on PostgreSQL; see tracker.models.freshness.",
                null=True,
                serialize=False,
            ),
        ),
        migrations.AddField(
            model_name="commitment",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="Filled by the database on PostgreSQL; see tracker.models.freshness.",
                null=True,
                serialize=False,
            ),
        ),
        migrations.AddField(
            model_name="figure",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="Filled by the database on PostgreSQL; see tracker.models.freshness.",
                null=True,
                serialize=False,
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="Filled by the database on PostgreSQL; see tracker.models.freshness.",
                null=True,
                serialize=False,
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="Filled by the database on PostgreSQL; see tracker.models.freshness.",
                null=True,
                serialize=False,
            ),
        ),
        migrations.AddField(
            model_name="sourcearticle",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="Filled by the database on PostgreSQL; see tracker.models.freshness.",
                null=True,
                serialize=False,
            ),
        ),
        migrations.AlterField(
            model_name="commitment",
            name="kind",
            field=models.CharField(
                choices=[
                    ("partnership", "Partnership"),
                    ("funding", "Funding commitment"),
                    ("pledge", "Pledge"),
                ],
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="commitment",
            name="publication",
            field=models.CharField(
                choices=[("draft", "Draft"), ("published", "Published")],
                default="draft",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="commitment",
            name="status",
            field=models.CharField(
                choices=[
                    ("announced", "Announced"),
                    ("in_progress", "In progress"),
                    ("delivered", "Delivered"),
                    ("stalled", "Stalled"),
                    ("broken", "Broken"),
                    ("superseded", "Superseded"),
                ],
                default="announced",
                help_text="The latest entry of the status history; change it by adding one.",
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="historicalcommitment",
            name="kind",
            field=models.CharField(
                choices=[
                    ("partnership", "Partnership"),
                    ("funding", "Funding commitment"),
                    ("pledge", "Pledge"),
                ],
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="historicalcommitment",
            name="publication",
            field=models.CharField(
                choices=[("draft", "Draft"), ("published", "Published")],
                default="draft",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="historicalcommitment",
            name="status",
            field=models.CharField(
                choices=[
                    ("announced", "Announced"),
                    ("in_progress", "In progress"),
                    ("delivered", "Delivered"),
                    ("stalled", "Stalled"),
                    ("broken", "Broken"),
                    ("superseded", "Superseded"),
                ],
                default="announced",
                help_text="The latest entry of the status history; change it by adding one.",
                max_length=12,
            ),
        ),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(
                condition=models.Q(("publication", "published")),
                fields=["title", "id"],
                name="commitment_title_idx",
            ),
        ),
        migrations.RunPython(add_sort_indexes, remove_sort_indexes),
        migrations.RunPython(install_search_vectors, remove_search_vectors),
        migrations.RunPython(install_data_version, remove_data_version),
    ]
