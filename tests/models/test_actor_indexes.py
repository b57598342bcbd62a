"""The people and events indexes read a page off the index of its sort (migration 0021),
each row checked public as it is met by its own counts of published records (migration
0025): not by sorting every person or event, nor by hashing every published quote first,
nor by probing the quotes and announcements, costs that grew with the data
(benchmarks/RESULTS.md, branches indexes5 and counts6)."""

import pytest
from django.db import connection
from django.http import QueryDict

from tests import factories
from tracker import models
from tracker.index_filters import EventFilters, PersonFilters
from tracker.models import Publication

pytestmark = pytest.mark.django_db

DRAFT = Publication.DRAFT


@pytest.mark.parametrize(
    ("model", "name", "columns", "orders"),
    [
        (models.Person, "person_name_idx", ["name", "slug"], ["ASC", "ASC"]),
        (models.Event, "event_newest_idx", ["starts_on", "name", "id"], ["DESC", "ASC", "ASC"]),
        (models.Event, "event_oldest_idx", ["starts_on", "name", "id"], ["ASC", "ASC", "ASC"]),
        (models.Event, "event_name_idx", ["name", "id"], ["ASC", "ASC"]),
    ],
)
def test_each_sort_index_is_in_the_database_as_declared(model, name, columns, orders):
    assert name in {index.name for index in model._meta.indexes}
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)[name]
    assert found["index"] and not found["unique"]
    assert found["columns"] == columns
    assert found["orders"] == orders


def index_rows(filters_class, rows, query: str):
    filters = filters_class(QueryDict(query))
    assert filters.is_valid(), filters.errors
    return filters.filter(rows().for_index())


INDEX_PAGES = [
    (PersonFilters, models.Person.objects.public, "", "person_name_idx"),
    (EventFilters, models.Event.objects.public, "", "event_newest_idx"),
    (EventFilters, models.Event.objects.public, "sort=oldest", "event_oldest_idx"),
    (EventFilters, models.Event.objects.public, "sort=name", "event_name_idx"),
]


@pytest.mark.parametrize(("filters_class", "rows", "query", "index"), INDEX_PAGES)
def test_a_page_is_read_off_its_sort_index_each_row_checked_by_its_counts(
    filters_class, rows, query, index
):
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    factories.QuoteFactory()
    factories.AnnouncementFactory()
    page = index_rows(filters_class, rows, query)[:25]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        # On a test's few rows any plan is cheap: with scans and sorts priced out, the
        # plan sorts only if no index gives the order.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Index Scan using {index}" in plan, plan
    assert "Sort" not in plan, plan
    # Publicness is read off the row met, not off the quotes and announcements: PostgreSQL
    # hashed an EXISTS under an OR, reading every published quote before the first row.
    assert "Filter: ((quote_count > 0) OR (announcement_count > 0))" in plan, plan
    assert "SubPlan" not in plan and "tracker_quote" not in plan, plan


def test_people_and_events_are_public_through_published_records_only():
    quoted, announcing, drafted = (factories.PersonFactory() for _ in range(3))
    at_quote, at_announcement, at_drafts = (factories.EventFactory() for _ in range(3))
    factories.PersonFactory()
    factories.EventFactory()
    factories.QuoteFactory(speaker=quoted, event=at_quote)
    factories.AnnouncementFactory(speaker=announcing, event=at_announcement)
    factories.QuoteFactory(speaker=drafted, event=at_drafts, publication=DRAFT)
    factories.AnnouncementFactory(speaker=drafted, event=at_drafts, publication=DRAFT)

    assert set(models.Person.objects.public()) == {quoted, announcing}
    assert set(models.Event.objects.public()) == {at_quote, at_announcement}


def test_each_events_sort_orders_as_declared_undated_last():
    undated = factories.EventFactory(name="B undated", starts_on=None)
    early = factories.EventFactory(name="C early", starts_on="2024-01-05")
    late_a = factories.EventFactory(name="A late", starts_on="2024-11-07")
    late_d = factories.EventFactory(name="D late", starts_on="2024-11-07")
    for event in (undated, early, late_a, late_d):
        factories.QuoteFactory(event=event)
    factories.QuoteFactory(event=factories.EventFactory(name="E drafted"), publication=DRAFT)

    def listed(query: str) -> list[str]:
        return [e.name for e in index_rows(EventFilters, models.Event.objects.public, query)]

    assert listed("") == ["A late", "D late", "C early", "B undated"]
    assert listed("sort=oldest") == ["C early", "A late", "D late", "B undated"]
    assert listed("sort=name") == ["A late", "B undated", "C early", "D late"]


def test_people_sort_by_name_then_slug_and_by_quotes_published_only():
    second = factories.PersonFactory(name="Same Name", slug="same-name-2")
    first = factories.PersonFactory(name="Same Name", slug="same-name-1")
    other = factories.PersonFactory(name="Another", slug="another")
    for _ in range(2):
        factories.QuoteFactory(speaker=second)
    factories.QuoteFactory(speaker=first)
    factories.QuoteFactory(speaker=other)
    for _ in range(3):
        factories.QuoteFactory(speaker=other, publication=DRAFT)

    def listed(query: str) -> list[tuple[str, int]]:
        rows = index_rows(PersonFilters, models.Person.objects.public, query)
        return [(p.slug, p.quote_count) for p in rows]

    assert listed("") == [("another", 1), ("same-name-1", 1), ("same-name-2", 2)]
    assert listed("sort=quotes") == [("same-name-2", 2), ("another", 1), ("same-name-1", 1)]
