"""One search finds every kind of record: full-text on PostgreSQL, a simpler match on SQLite."""

import re

import pytest
from django.db import connection

from tests import factories
from tracker import search, search_page
from tracker.models import Commitment

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
