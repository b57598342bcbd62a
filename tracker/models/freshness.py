"""What keeps public pages fast as data grows: stored search vectors and the data version.

``search_vector_field()`` is the stored ``tsvector`` of a searched model. On PostgreSQL
a trigger (migration 0006) fills it from the columns its record type's registration names
(``tracker.search.Searched.fields``), on every insert and update however the row is
written (admin, bulk inserts, ``QuerySet.update()``, raw SQL); a GIN index serves ``@@``
and ranking reads the stored vector instead of parsing the text again. On SQLite it stays
empty and search uses its simpler match. It is not serialised (fixtures, dumpdata) nor kept
in the history.

``DataVersion`` is one row whose ``changed_at`` moves whenever any tracker table changes,
by database triggers (statement-level on PostgreSQL, row-level on SQLite), so every
public page's ETag and Last-Modified cost one primary-key lookup (tracker.http_cache),
whose SQL is compiled once per process (``DataVersion.changed_at_now``).
"""

import datetime
import functools

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models.expressions import Col

# Fields simple-history leaves out of the historical tables.
NOT_IN_HISTORY = ["search_vector"]


def search_vector_field() -> SearchVectorField:
    return SearchVectorField(
        null=True,
        editable=False,
        serialize=False,
        help_text="Filled by the database on PostgreSQL; see tracker.models.freshness.",
    )


class DataVersion(models.Model):
    """When anything in the tracker last changed (one row, id 1, moved by triggers)."""

    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "data version"

    def __str__(self) -> str:
        return f"Data changed at {self.changed_at.isoformat()}"

    @classmethod
    def changed_at_now(cls, using: str = "default") -> datetime.datetime | None:
        """``changed_at`` of the one row, None if there is none. Every public request asks,
        and building the query with the ORM took three times as long as running it."""
        connection = connections[using]
        sql, params, column = _changed_at_read(using, connection.vendor)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        value = row[0]
        # What the ORM's compiler applies (SQLite's text to an aware datetime), from this
        # connection: connections are per thread.
        for convert in connection.ops.get_db_converters(column) + column.get_db_converters(
            connection
        ):
            value = convert(value, column, connection)
        return value


@functools.cache
def _changed_at_read(using: str, vendor: str) -> tuple[str, tuple, Col]:
    """The SQL of ``changed_at`` by primary key and its column, compiled once per database
    (``vendor`` in the key, for a test that swaps backends)."""
    query = DataVersion.objects.using(using).filter(pk=1).values_list("changed_at").query
    compiler = query.get_compiler(using)
    sql, params = compiler.as_sql()
    return sql, tuple(params), compiler.select[0][0]
