"""One search finds every kind of record: full-text on PostgreSQL, a simpler match on SQLite."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tracker import search, search_page
from tracker.models import Commitment, SourceArticle

pytestmark = pytest.mark.django_db


def found(client, words: str) -> dict[str, list[str]]:
    html = client.get("/search/", {"q": words}).content.decode()
    groups = re.findall(
        r'<section class="search-group" aria-labelledby="group-(\w+)">(.*?)</section>', html, re.S
    )
    return {kind: re.findall(r'data-(?:slug|pk)="([^"]+)"', body) for kind, body in groups}


def test_finds_records_of_each_type(client, world):
    assert found(client, "partnership") == {
        "commitment": ["uk-serbia-partnership"],
        "source": [str(world.article.pk)],
    }
    assert found(client, "smash")["quote"] == ["smash-the-gangs"]
    assert found(client, "Balkans")["figure"] == ["western-balkans-crossings"]
    assert found(client, "Starmer")["person"] == ["keir-starmer"]
    assert found(client, "Budapest")["source"] == [str(world.article.pk)]
    assert found(client, "gangs")["announcement"] == ["budapest-package"]


def test_no_result_reads_a_stored_search_vector(client, world):
    """A vector is matched and ranked in the database, never shown: no result's row, nor a
    row it is read with, selects one (an article's is as long as its text)."""
    selected = re.compile(r'(?:SELECT |, )"\w+"\."search_vector"(?:,| FROM)')
    for words in ("partnership", "smash", "Balkans", "gangs", "Budapest"):
        with CaptureQueriesContext(connection) as captured:
            assert found(client, words)
        assert captured.captured_queries
        for query in captured.captured_queries:
            assert not selected.search(query["sql"]), query["sql"]


def test_a_commitments_result_joins_no_funder_or_recipient(client, world):
    """A commitment's result draws no funder or recipient, nor says one in its export row:
    its query joins no organisation (its list's does, for its columns)."""
    for params in ({"q": "partnership"}, {"q": "partnership", "format": "csv"}):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", params)
            assert "uk-serbia-partnership" in response.getvalue().decode()
        read = [
            query["sql"]
            for query in captured.captured_queries
            if query["sql"].startswith('SELECT "tracker_commitment"."id"')
        ]
        assert read
        assert all('JOIN "tracker_organisation"' not in sql for sql in read)


def test_every_word_must_match(client, world):
    assert "commitment" not in found(client, "partnership nonsenseword")


def test_drafts_are_not_found(client, world):
    assert found(client, "Secret plan") == {}


def test_no_words_no_results(client, world):
    html = client.get("/search/").content.decode()
    assert "Type a word or two" in html


def test_search_results_link_to_the_filtered_list(client, db):
    for number in range(search_page.PER_KIND + 1):
        factories.PledgeFactory(title=f"Pledge about lighthouses {number}")
    html = client.get("/search/", {"q": "lighthouses"}).content.decode()
    assert 'href="/commitments/?q=lighthouses"' in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_postgresql_uses_stemming_and_ranks(client, world):
    # "partnerships" finds "partnership" only with stemming.
    assert found(client, "partnerships")["commitment"] == ["uk-serbia-partnership"]
    ranked = search.matching(Commitment.objects.published(), "border", ranked=True)
    assert all(hasattr(row, "rank") for row in ranked)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ts_headline is PostgreSQL's")
def test_only_the_page_reads_headlines(client, world):
    """The page marks the words its results matched with ``ts_headline``; an export, which
    marks none, asks for none (benchmarks/RESULTS.md, search7), and lists the same records."""
    lines = {}
    for fmt in (None, "csv", "json"):
        params = {"q": "partnership", **({"format": fmt} if fmt else {})}
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", params)
        assert response.status_code == 200
        sql = " ".join(query["sql"] for query in captured.captured_queries)
        assert ("ts_headline(" in sql) is (fmt is None)
        lines[fmt] = response.getvalue().decode()
    assert "<mark>" in lines[None]
    for fmt in ("csv", "json"):
        assert "uk-serbia-partnership" in lines[fmt]
        assert world.article.get_absolute_url() in lines[fmt]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_postgresql_reads_the_ranked_rows_by_the_keys_of_the_newest(world):
    """The newest matches' keys are read once, as an array, and their rows by key, so that
    neither the newest of the ways nor the rows shown hash a scan of every row."""
    published = Commitment.objects.published()
    ranked = search.matching(published, "border", ranked=True)
    sql = str(ranked.query)
    assert sql.count(" = ANY(ARRAY(") == 2  # the newest of each way's, and their rows
    assert {row.pk for row in ranked} == {row.pk for row in search.matching(published, "border")}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes are PostgreSQL's")
def test_postgresql_search_can_use_the_gin_index(db):
    # With scans that need no index condition ruled out (a sequential scan, or
    # walking a sort index and filtering), the match must come from the GIN index.
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        plan = search.matching(Commitment.objects.all(), "border").explain()
        cursor.execute("RESET enable_indexscan")
        cursor.execute("RESET enable_seqscan")
    assert "commitment_vector_idx" in plan  # the stored search vector's GIN index (0006)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes are PostgreSQL's")
def test_postgresql_counts_read_the_gin_index(db):
    # The search page's counts go through matching_keys: each way of matching its own
    # branch of a UNION, the words' branch on the stored vector's GIN index.
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        plan = search.matching_keys(Commitment.objects.all(), "border").explain()
        cursor.execute("RESET enable_indexscan")
        cursor.execute("RESET enable_seqscan")
    assert "commitment_vector_idx" in plan


def insert_long_articles() -> None:
    """2,000 articles, "lighthouse" in two of five, with statistics that say so; each
    article's page kept as long as the rows that hold an article's markup take (1,280
    characters that do not compress), so that reading every one costs what it costs at
    scale."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO tracker_sourcearticle (slug, headline, publisher, url, "
            "published_on_precision, text, editor_notes, publication, added_at, raw_html, "
            "headline_supplied) SELECT 'article-' || n, 'Report ' || n, '', '', 'day', "
            "CASE WHEN n % 5 < 2 THEN 'lighthouse keepers' ELSE 'harbour pilots' END, '', "
            "'published', now(), (SELECT string_agg(md5(n || '.' || k), '') "
            "FROM generate_series(1, 40) AS k), false FROM generate_series(1, 2000) AS n"
        )
        cursor.execute("ANALYZE tracker_sourcearticle")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_postgresql_counts_long_texts_from_the_gin_index(db):
    """Source articles' matches are counted from the GIN index: the planner, taking a frequent
    word to fill the cap within the first rows, otherwise matched each article in turn, each
    vector read from TOAST first (benchmarks/RESULTS.md, search6)."""
    with connection.cursor() as cursor:
        # The GIN index's pending list as in a database of this test's rows alone: what
        # earlier tests inserted and rolled back stays in it, and the planner prices it into
        # every read of the index, so after some tests neither plan read the index.
        cursor.execute("SELECT gin_clean_pending_list('sourcearticle_vector_idx'::regclass)")
    insert_long_articles()
    articles = SourceArticle.objects.published()
    cap = 100

    def plan(counted: bool) -> str:
        part = search.own_text(articles, "lighthouse", counted=counted)
        sql, params = search_page._counted(part, cap)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())

    assert "Seq Scan on tracker_sourcearticle" in plan(counted=False)  # the premise
    assert "Bitmap Index Scan on sourcearticle_vector_idx" in plan(counted=True)
    part = search.own_text(articles, "lighthouse", counted=True)
    with connection.cursor() as cursor:
        cursor.execute(*search_page._counted(part, 10_000))
        assert cursor.fetchone()[0] == 800


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_postgresql_ranks_few_long_texts_from_the_gin_index(db):
    """Source articles that few match (no more than the cap counts) are ranked from the GIN
    index: the planner otherwise walked the newest articles, matching each in turn, each
    vector read from TOAST first, until the newest 200 matched (benchmarks/RESULTS.md,
    search7). The same articles, in the same order."""
    insert_long_articles()
    with connection.cursor() as cursor:
        # The GIN index as VACUUM leaves it: what earlier tests inserted and rolled back stays
        # in its pending list, which the planner prices into every read of the index, and at
        # this table's size (2,000 rows) that outweighed scanning it.
        cursor.execute("SELECT gin_clean_pending_list('sourcearticle_vector_idx'::regclass)")
    articles = SourceArticle.objects.published()

    def ranked(few: bool):
        ways = search.ways_of_matching(articles, "lighthouse", {}, few=few)
        return search.ranked_newest(articles, ways, "lighthouse")

    assert "Index Scan using sourcearticle_newest_idx" in ranked(few=False).explain()  # premise
    plan = ranked(few=True).explain()
    assert "Bitmap Index Scan on sourcearticle_vector_idx" in plan
    assert "sourcearticle_newest_idx" not in plan
    shown = [article.pk for article in ranked(few=True)]
    assert len(shown) == search.RANK_WINDOW
    assert shown == [article.pk for article in ranked(few=False)]
