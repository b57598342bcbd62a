"""Words that match more records than the page counts have only their ``RANK_WINDOW`` newest
ranked: on PostgreSQL those are found by walking the records newest first, at most
``WALK_BUDGET`` of them, and read from the GIN index only if the walk found too few
(``search._NewestMatches``). The page shows the same records, in the same order, whichever
way they were found; the walk reads no more rows than its budget."""

import datetime
import json

import pytest
from django.db import connection

from tests import factories
from tests.views.test_search import found
from tracker import search, search_page
from tracker.models import Commitment, Publication

pytestmark = pytest.mark.django_db

CAP, WINDOW, BUDGET = 4, 6, 12


@pytest.fixture
def small_windows(monkeypatch):
    monkeypatch.setattr(search_page, "COUNT_CAP", CAP)
    monkeypatch.setattr(search, "RANK_WINDOW", WINDOW)
    monkeypatch.setattr(search, "WALK_BUDGET", BUDGET)


def dated(day: int, title: str, **fields) -> Commitment:
    return factories.PledgeFactory(
        title=title,
        slug=f"pledge-{day}",
        announced_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=day),
        **fields,
    )


def lighthouses_among_the_newest(matching_days: list[int], days: int = 40) -> None:
    """A pledge a day; those of ``matching_days`` about lighthouses (one word more the later,
    so that their ranks differ), a draft about lighthouses the newest of all."""
    for day in range(days):
        if day in matching_days:
            dated(day, "Lighthouses " + "lighthouse keepers " * (day % 3) + str(day))
        else:
            dated(day, f"Harbour pilots {day}")
    dated(days, "Lighthouses, a draft", publication=Publication.DRAFT)


def expected(matching_days: list[int]) -> list[str]:
    """The ``WINDOW`` newest published matches, best first (the rank, then newest first), as
    the page ranked them before the walk: every match read and sorted."""
    ways = search.ways_of_matching(Commitment.objects.published(), "lighthouses")
    rows = search.ranked_newest(Commitment.objects.published(), ways, "lighthouses")
    slugs = [row.slug for row in rows]
    assert sorted(slugs) == sorted(f"pledge-{day}" for day in sorted(matching_days)[-WINDOW:])
    return slugs


def newest(days: list[int]) -> list[str]:
    return [f"pledge-{day}" for day in sorted(days, reverse=True)]


@pytest.mark.parametrize(
    "matching_days",
    [
        # Among the budget's newest (the walk finds the window).
        [39, 37, 36, 33, 31, 30, 29, 2, 1],
        # Too few among them (the GIN index reads them all).
        [39, 20, 12, 7, 5, 3, 1],
        # More than the cap, fewer than the window in all.
        [1, 2, 3, 4, 5],
    ],
)
def test_the_newest_matches_are_ranked_however_they_are_found(client, small_windows, matching_days):
    lighthouses_among_the_newest(matching_days)
    html = client.get("/search/", {"q": "lighthouses"}).content.decode()
    assert f"more than {CAP} commitments" in html
    shown = found(client, "lighthouses")["commitment"]
    if connection.vendor == "postgresql":
        assert shown == expected(matching_days)
    else:
        # SQLite ranks every match newest first (no window).
        assert shown == newest(matching_days)


def plan_nodes(node: dict) -> list[dict]:
    return [node, *(child for below in node.get("Plans", ()) for child in plan_nodes(below))]


def analysed(queryset) -> list[dict]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan_nodes(plan[0]["Plan"])


def matches_of(node: dict) -> str:
    return " ".join(node.get(key, "") for key in ("Filter", "Index Cond", "Recheck Cond"))


def the_walk(nodes: list[dict]) -> dict:
    """The walk's cut: the ``LIMIT`` of the newest rows it matches in turn."""
    (scan,) = [node for node in nodes if node.get("Alias") == "newest"]
    (cut,) = scan["Plans"]
    assert cut["Node Type"] == "Limit"
    return cut


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk is PostgreSQL's")
@pytest.mark.parametrize(
    ("matching_days", "walked", "index_read"),
    [
        ([39, 37, 36, 33, 31, 30, 2, 1], 10, False),  # the sixth newest match is the tenth row
        ([39, 20, 12, 7, 5, 3, 1], BUDGET, True),  # three in the budget's twelve
    ],
)
def test_the_walk_reads_no_more_rows_than_it_needs_nor_than_its_budget(
    small_windows, matching_days, walked, index_read
):
    lighthouses_among_the_newest(matching_days)
    published = Commitment.objects.published()
    ways = search.ways_of_matching(published, "lighthouses", many=True)
    nodes = analysed(search.ranked_newest(published, ways, "lighthouses"))
    assert the_walk(nodes)["Actual Rows"] == walked
    # Every match read as the planner chooses (at this size not from the GIN index): only
    # if the walk found too few.
    matched = [node for node in nodes if "(search_vector @@" in matches_of(node)]
    assert matched
    assert all(bool(node["Actual Loops"]) == index_read for node in matched)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk is PostgreSQL's")
def test_the_walks_budget_does_not_grow_with_the_rows(small_windows):
    """Twice the rows, the same matches among the newest: the walk reads as many rows."""
    reads = []
    for days in (40, 80):
        Commitment.objects.all().delete()
        lighthouses_among_the_newest([days - n for n in (1, 3, 4, 7, 9, 10)], days)
        published = Commitment.objects.published()
        ways = search.ways_of_matching(published, "lighthouses", many=True)
        nodes = analysed(search.ranked_newest(published, ways, "lighthouses"))
        reads.append(the_walk(nodes)["Actual Rows"])
    assert reads == [10, 10]


def test_the_walk_is_only_of_published_records(client, small_windows):
    """The draft newest of all, and published records found through a draft's words, are
    never among the window."""
    lighthouses_among_the_newest([39, 38, 37, 36, 35, 34])
    shown = found(client, "lighthouses")["commitment"]
    assert "pledge-40" not in shown
    assert "a draft" not in client.get("/search/", {"q": "lighthouses"}).content.decode()
