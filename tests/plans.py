"""The plan PostgreSQL makes of a query, for tests that check a query is answered by an
index: on a test's few rows any plan is cheap, so a test prices out (``off``) the ways of
reading (seqscan, bitmapscan) or of ordering (sort, incremental_sort) that the index should
make unnecessary, and asserts which index the plan reads."""

import pytest
from django.db import connection


def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")


def plan_of(sql: str, params=(), *, off: tuple[str, ...] = ()) -> str:
    """``EXPLAIN`` of ``sql`` with each planner method in ``off`` priced out, for the rest
    of the test's transaction."""
    with connection.cursor() as cursor:
        for method in off:
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def page_plan(plan: str) -> str:
    """The plan of a list's page itself, without the subplans of its rows' evidence."""
    return plan.split("SubPlan")[0]
