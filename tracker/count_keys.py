"""What a list's remembered count is keyed by (``tracker.remembering.cached_count``).

A count is remembered under the SQL of the rows it counts, so two querysets share a count
only when they name the same rows. A plain filtered query counts the rows its joins and
conditions give, whatever it selects: Django's own count drops its annotations
(``Query.get_aggregation``). So its keys' SQL names them, and compiles in a fifth of the
time of the whole query with the lists' evidence annotations. A query whose count depends
on what it selects (distinct, grouped, combined, sliced, an aggregate or a window) is keyed
by its whole SQL.
"""

from django.db.models import QuerySet
from django.db.models.sql import Query


def rows_counted(queryset: QuerySet) -> str:
    """SQL and parameters that name the rows ``queryset.count()`` counts."""
    rows = queryset.order_by()
    if counts_rows_alone(rows.query):
        rows = rows.values("pk")
    sql, params = rows.query.sql_with_params()
    return f"{sql}|{params!r}"


def counts_rows_alone(query: Query) -> bool:
    """Whether the query's count is that of the rows its joins and conditions give."""
    if query.distinct or query.combinator or query.is_sliced or query.group_by is not None:
        return False
    return not any(
        getattr(each, "contains_aggregate", True) or getattr(each, "contains_over_clause", True)
        for each in query.annotations.values()
    )
