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
public page's ETag and Last-Modified cost one primary-key lookup (tracker.http_cache).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

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
