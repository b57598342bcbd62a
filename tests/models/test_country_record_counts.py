"""A country's published announcements, quotes and figures counted by reading each of its
rows' publication by key (``Country.objects.with_published_record_counts()``), where a join
to the records hashed every published quote to count one country's (benchmarks/RESULTS.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tracker.models import RECORD_COUNTS, Country, Publication

pytestmark = pytest.mark.django_db

DRAFT = Publication.DRAFT


def joined_count(country: Country, counted) -> int:
    """The count as a join of the records to the country reads it."""
    related = Country._meta.get_field(counted.name).related_model
    return related.objects.filter(countries=country, publication=Publication.PUBLISHED).count()


def test_the_counts_are_those_of_the_published_records_only():
    for publication in (Publication.PUBLISHED, Publication.PUBLISHED, DRAFT):
        for record in (
            factories.AnnouncementFactory(publication=publication),
            factories.QuoteFactory(publication=publication),
            factories.FigureFactory(publication=publication),
        ):
            record.countries.add("RS", "AL")
    factories.QuoteFactory().countries.add("RS")
    factories.QuoteFactory(publication=DRAFT).countries.add("XK")
    counted = Country.objects.with_published_record_counts().filter(code__in=["RS", "AL", "XK"])
    seen = {country.code: country for country in counted}
    assert {code: seen[code].quote_count for code in seen} == {"RS": 3, "AL": 2, "XK": 0}
    for country in seen.values():
        for kind in RECORD_COUNTS:
            assert getattr(country, kind.attribute) == joined_count(country, kind), kind


def test_a_countrys_quotes_are_counted_by_key_not_by_a_join_to_every_quote():
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    # Enough published quotes, with statistics, that probing each by key is cheaper than
    # walking the published ones: on a fresh test database the two priced alike.
    factories.QuoteFactory.create_batch(40)[0].countries.add("RS")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tracker_quote, tracker_quote_countries")
    with CaptureQueriesContext(connection) as queries:
        Country.objects.with_published_record_counts().get(slug="serbia")
    (read,) = queries.captured_queries
    with connection.cursor() as cursor:
        # On a test's few rows a scan of the whole table is cheapest: priced out, as it is
        # at scale, the plan shows how each quote is found.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {read['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Each count walks the country's rows of its relation and probes each record by key:
    # no join of the records' table (a hash of every published quote at 100,000).
    assert "Join" not in plan and "Nested Loop" not in plan, plan
    # The quote is found by its key: an index scan's condition, or a bitmap scan's (the
    # planner takes either for one row), never a walk of published quotes filtered by key.
    lines = plan.splitlines()
    (quotes,) = [n for n, line in enumerate(lines) if " on tracker_quote " in line]
    depth = len(lines[quotes]) - len(lines[quotes].lstrip())
    node = [lines[quotes]]
    for line in lines[quotes + 1 :]:
        if len(line) - len(line.lstrip()) <= depth:
            break
        node.append(line)
    probed = [line.strip() for line in node if "Index Cond:" in line]
    assert probed and all(cond.startswith("Index Cond: (id = ") for cond in probed), plan
