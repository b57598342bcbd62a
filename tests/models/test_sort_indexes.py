"""The lists' newest-first sort indexes, declared in Meta.indexes, exist in the database
as declared: newest first, then the tie-breaking columns, published rows only (on
SQLite without NULLS LAST, which it refuses in an index and does anyway)."""

import pytest
from django.db import connection

from tracker import models

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "name", "columns"),
    [
        (models.Commitment, "commitment_newest_idx", ["announced_on", "title", "id"]),
        (models.Announcement, "announcement_latest_idx", ["announced_on", "title", "id"]),
        (models.Quote, "quote_newest_idx", ["said_on", "id"]),
        (models.SourceArticle, "sourcearticle_newest_idx", ["published_on", "headline", "id"]),
    ],
)
def test_each_sort_index_is_in_the_database_as_declared(model, name, columns):
    assert name in {index.name for index in model._meta.indexes}
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)[name]
    assert found["index"] and not found["unique"]
    assert found["columns"] == columns
    assert found["orders"] == ["DESC"] + ["ASC"] * (len(columns) - 1)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_indexdef(%s::regclass)", [name])
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [name])
        definition = cursor.fetchone()[0]
    assert "WHERE" in definition and "published" in definition
    assert ("NULLS LAST" in definition) == (connection.vendor == "postgresql")


def test_the_figures_newest_first_order_is_read_off_its_index():
    """Figures sort by an expression (the latest period first, a running one before any
    ended one): the index holds that expression, so a page of figures is read in order
    from it, without sorting every figure (PostgreSQL; SQLite keeps the index too)."""
    assert "figure_newest_idx" in {index.name for index in models.Figure._meta.indexes}
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "tracker_figure")
    assert found["figure_newest_idx"]["index"]
    if connection.vendor != "postgresql":
        return
    newest = models.Figure.objects.published().newest_first()[:6]
    sql, params = newest.query.sql_with_params()
    with connection.cursor() as cursor:
        # On a test's few rows any plan is cheap, and sorting one row beats an index: with
        # scans and sorts priced out, the plan sorts only if no index gives the order.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "figure_newest_idx" in plan, plan
    assert "Sort" not in plan, plan
