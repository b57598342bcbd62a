"""Words that match more records than the page counts have only their ``RANK_WINDOW`` newest
ranked: on PostgreSQL those are looked for by walking the ``WALK_ROWS`` newest records (if a
probe of the ``WALK_PROBE_ROWS`` newest finds ``WALK_PROBE_MATCHES``), then among the
``NEWEST_ROWS`` newest, and among every match only if both found too few
(``search_newest.NewestMatches``). The page shows the same records, in the same order, whichever
step found them; the walk reads no more rows than it needs nor than its budget, and a step
runs only if the one before found too few."""

import datetime
import json

import pytest
from django.db import connection

from tests import factories
from tests.views.test_search import found
from tracker import search, search_page
from tracker.models import Commitment, Person, Publication, Quote, SourceArticle

pytestmark = pytest.mark.django_db

CAP, WINDOW, WALK, NEWEST = 4, 3, 6, 12
# The walk is taken if one of the two newest says the words.
PROBE, PROBE_MATCHES = 2, 1

# Which days (of 40, a pledge a day, the newest last) say the words, how many rows the walk
# reads, and which step finds the window.
FOUND_BY_THE_WALK = ([39, 37, 35, 20, 10, 1], 5, "walk")  # 39, 37, 35 in its six rows
FOUND_AMONG_THE_NEWEST = ([39, 30, 29, 20, 10, 1], WALK, "newest")  # one in six, three in 12
FOUND_AMONG_EVERY_MATCH = ([39, 20, 10, 5, 1], WALK, "every")  # one in the 12 newest
CASES = (FOUND_BY_THE_WALK, FOUND_AMONG_THE_NEWEST, FOUND_AMONG_EVERY_MATCH)


@pytest.fixture
def small_windows(monkeypatch):
    monkeypatch.setattr(search_page, "COUNT_CAP", CAP)
    monkeypatch.setattr(search, "RANK_WINDOW", WINDOW)
    monkeypatch.setattr(search, "WALK_ROWS", WALK)
    monkeypatch.setattr(search, "NEWEST_ROWS", NEWEST)
    monkeypatch.setattr(search, "WALK_PROBE_ROWS", PROBE)
    monkeypatch.setattr(search, "WALK_PROBE_MATCHES", PROBE_MATCHES)


def lighthouses_among_the_newest(matching_days: list[int], days: int = 40) -> None:
    """A pledge a day; those of ``matching_days`` about lighthouses (more words about them
    in some, so that their ranks differ), and a draft about lighthouses the newest of all."""
    first = datetime.date(2024, 1, 1)
    for day in range(days + 1):
        if day == days:
            title, publication = "Lighthouses, a draft", Publication.DRAFT
        elif day in matching_days:
            title = "Lighthouses " + "lighthouse keepers " * (day % 3) + str(day)
            publication = Publication.PUBLISHED
        else:
            title, publication = f"Harbour pilots {day}", Publication.PUBLISHED
        factories.PledgeFactory(
            title=title,
            slug=f"pledge-{day}",
            announced_on=first + datetime.timedelta(days=day),
            publication=publication,
        )


def ranked_among_every_match() -> list[str]:
    """The ``WINDOW`` newest published matches, best first, as the page ranked them before
    the steps: every match read and sorted."""
    published = Commitment.objects.published()
    ways = search.ways_of_matching(published, "lighthouses")
    return [row.slug for row in search.ranked_newest(published, ways, "lighthouses")]


@pytest.mark.parametrize(("matching_days", "walked", "step"), CASES)
def test_the_newest_matches_are_ranked_whichever_step_finds_them(
    client, small_windows, matching_days, walked, step
):
    lighthouses_among_the_newest(matching_days)
    html = client.get("/search/", {"q": "lighthouses"}).content.decode()
    assert f"more than {CAP} commitments" in html
    assert "a draft" not in html
    shown = found(client, "lighthouses")["commitment"]
    newest = [f"pledge-{day}" for day in sorted(matching_days, reverse=True)]
    if connection.vendor == "postgresql":
        assert sorted(shown) == sorted(newest[:WINDOW])
        assert shown == ranked_among_every_match()
    else:
        # SQLite ranks every match newest first (no window).
        assert shown == newest


def plan_nodes(node: dict) -> list[dict]:
    return [node, *(child for below in node.get("Plans", ()) for child in plan_nodes(below))]


def analysed(queryset) -> list[dict]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan_nodes(plan[0]["Plan"])


def conditions(node: dict) -> str:
    return " ".join(node.get(key, "") for key in ("Filter", "Index Cond", "Recheck Cond"))


def steps_run(nodes: list[dict]) -> dict[str, bool]:
    """Whether each step after the walk ran: among the newest (the sort key bounded), among
    every match (the words' query as a constant, not bounded)."""
    newest = [node for node in nodes if "announced_on >=" in conditions(node)]
    every = [
        node
        for node in nodes
        if "(search_vector @@ '" in conditions(node) and "announced_on >=" not in conditions(node)
    ]
    assert newest and every
    return {
        "newest": any(node["Actual Loops"] for node in newest),
        "every": any(node["Actual Loops"] for node in every),
    }


def rows_read(nodes: list[dict], alias: str) -> int:
    """The rows the walk (``walked``) or its probe (``probed``) read: those its cut (the
    ``LIMIT`` of the newest rows) gave; none if it did not run."""
    (scan,) = [node for node in nodes if node.get("Alias") == alias]
    (cut,) = scan["Plans"]
    assert cut["Node Type"] == "Limit"
    return cut["Actual Rows"] if cut["Actual Loops"] else 0


def rows_walked(nodes: list[dict]) -> int:
    return rows_read(nodes, "walked")


def analysed_window() -> list[dict]:
    published = Commitment.objects.published()
    ways = search.ways_of_matching(published, "lighthouses", many=True)
    return analysed(search.ranked_newest(published, ways, "lighthouses"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the steps are PostgreSQL's")
@pytest.mark.parametrize(("matching_days", "walked", "step"), CASES)
def test_each_step_runs_only_if_the_one_before_found_too_few(
    small_windows, matching_days, walked, step
):
    lighthouses_among_the_newest(matching_days)
    nodes = analysed_window()
    assert rows_walked(nodes) == walked
    assert steps_run(nodes) == {"newest": step != "walk", "every": step == "every"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk is PostgreSQL's")
def test_the_walk_reads_as_many_rows_however_many_there_are(small_windows):
    """Twice the rows, the same matches among the newest: the walk reads as many rows, and
    neither later step runs."""
    reads = []
    for days in (40, 80):
        Commitment.objects.all().delete()
        lighthouses_among_the_newest([days - 1, days - 3, days - 5, days - 20, 1], days)
        nodes = analysed_window()
        reads.append(rows_walked(nodes))
        assert steps_run(nodes) == {"newest": False, "every": False}
    assert reads == [5, 5]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk is PostgreSQL's")
def test_the_walk_is_not_taken_where_too_few_of_the_newest_say_the_words(client, small_windows):
    """None of the two newest say the words: no walk; the window is found among the newest,
    the same records in the same order as every match gives."""
    lighthouses_among_the_newest([37, 30, 29, 20, 10, 1])
    nodes = analysed_window()
    assert rows_read(nodes, "probed") == PROBE
    assert rows_walked(nodes) == 0
    assert steps_run(nodes) == {"newest": True, "every": False}
    assert found(client, "lighthouses")["commitment"] == ranked_among_every_match()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk is PostgreSQL's")
def test_the_probe_reads_as_many_rows_however_many_there_are(small_windows):
    """It reads until enough match: the newest, which says the words, whatever the table's size."""
    for days in (40, 80):
        Commitment.objects.all().delete()
        lighthouses_among_the_newest([days - 1, days - 3, days - 5, days - 20, 1], days)
        assert rows_read(analysed_window(), "probed") == PROBE_MATCHES


def test_the_newest_rows_are_bounded_by_their_first_key_in_its_own_order(monkeypatch):
    """Step 2's bound, the first key (the day) of the ``NEWEST_ROWS``-th newest quote, is the
    one the full newest-first order gives, where ties on the day are broken by the speaker's
    name, and is read without joining the speakers (each of the newest rows joined and
    sorted: 7.6 ms for the 10,000 newest at 100,000)."""
    monkeypatch.setattr(search, "NEWEST_ROWS", 5)
    first = datetime.date(2024, 1, 1)
    speakers = [factories.PersonFactory(name=name) for name in ("Zoe", "Ann", "Mia")]
    for n in range(12):
        # Four days, three quotes a day, their speakers' names out of the order of their keys.
        factories.QuoteFactory(
            speaker=speakers[n % 3], said_on=first + datetime.timedelta(days=n // 3)
        )
    factories.QuoteFactory(speaker=speakers[0], said_on=None)
    factories.QuoteFactory(
        speaker=speakers[1], said_on=first + datetime.timedelta(days=9), publication="draft"
    )
    published = Quote.objects.published()
    order = search.newest_first(Quote)
    in_full_order = list(published.order_by(*order).values_list("said_on", flat=True))
    last, _, descending = search._first_key_of_the_last(published, order)
    assert descending
    assert list(last.values_list("first_key", flat=True)) == [in_full_order[4]]
    assert in_full_order[4] == first + datetime.timedelta(days=2)
    assert Person._meta.db_table not in str(last.query)


@pytest.mark.parametrize(
    ("model", "name", "column"),
    [
        (Quote, "quote_date_pub_idx", "said_on"),
        (SourceArticle, "sourcearticle_date_pub_idx", "published_on"),
    ],
)
def test_the_newest_rows_of_quotes_and_articles_are_a_range_of_a_date_index(model, name, column):
    """Step 2 ands the GIN index's matches with the published rows on or after a date: quotes
    and articles have their date alone indexed for it (published rows only), as commitments
    have (migration 0035)."""
    assert name in {index.name for index in model._meta.indexes}
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)[name]
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_indexdef(%s::regclass)", [name])
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [name])
        definition = cursor.fetchone()[0]
    assert found["index"] and not found["unique"]
    assert found["columns"] == [column]
    assert "WHERE" in definition and "published" in definition
