"""A country page's newest announcements and quotes (``country_summary``), chosen off the
country's part of the rows tying them to their countries (their copies of the sort keys,
``country_rows``), and counted off them: the same records in the same order as the
records' own newest-first keys choose, and the same counts, drafts never; on PostgreSQL
read off those rows' published indexes rather than by walking every published quote
newest first until ten name the country, or probing each quote for its publication. The
countries index counts every country's off those rows too."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.plans import page_plan, plan_of, postgresql_only
from tracker import country_summary
from tracker.models import Announcement, Country, Publication, Quote

pytestmark = pytest.mark.django_db

NEWEST = 10


def chosen(slug: str):
    summary, _shown = country_summary.summary(RequestFactory().get("/"), slug, NEWEST)
    return summary


def by_the_records_keys(model, country: Country) -> list[int]:
    rows = model.objects.published().filter(countries=country).newest_first()
    return list(rows.values_list("pk", flat=True)[:NEWEST])


def test_the_newest_announcements_and_quotes_are_those_the_records_keys_give(generated):
    checked = 0
    for country in Country.objects.order_by("code"):
        summary = chosen(country.slug)
        assert summary.announcements == by_the_records_keys(Announcement, country), country
        assert summary.quotes == by_the_records_keys(Quote, country), country
        for model, counted in ((Announcement, "announcement_count"), (Quote, "quote_count")):
            published = model.objects.published().filter(countries=country).count()
            assert getattr(summary.country, counted) == published, (country, model)
        checked += len(summary.quotes) == NEWEST
    assert checked >= 3  # countries with more quotes than the page shows


def test_on_postgresql_they_are_read_off_the_country_rows_newest_first_indexes(generated):
    postgresql_only()
    slug = (
        Country.objects.filter(quotes__publication=Publication.PUBLISHED)
        .order_by("code")
        .values_list("slug", flat=True)
        .first()
    )
    with CaptureQueriesContext(connection) as queries:
        chosen(slug)
    statements = {
        index: [q["sql"] for q in queries.captured_queries if q["sql"].startswith(start)]
        for index, start in (
            ("announcementcountry_newest_idx", 'SELECT "tracker_announcement"."id"'),
            ("quotecountry_newest_idx", 'SELECT "tracker_quote"."id"'),
        )
    }
    for index, (sql,) in statements.items():
        plan = page_plan(plan_of(sql, off=("seqscan", "bitmapscan", "sort", "incremental_sort")))
        assert index in plan, plan


def test_on_postgresql_they_are_counted_off_the_country_rows_alone(generated):
    postgresql_only()
    with CaptureQueriesContext(connection) as queries:
        chosen("serbia")
    (counted,) = [q["sql"] for q in queries.captured_queries if 'AS "quote_count"' in q["sql"]]
    plan = plan_of(counted, off=("seqscan", "bitmapscan"))
    # Neither the announcements' nor the quotes' table: their rows' copies answer.
    for records in ("tracker_announcement", "tracker_quote"):
        assert f" on {records} " not in plan, plan
        assert f"{records}_pkey" not in plan, plan
    assert "tracker_quote_countries" in plan, plan


def test_the_countries_index_counts_them_off_the_country_rows_drafts_never(generated):
    """The index's counts of every country's announcements and quotes are read off the
    rows' copies of their publication: the published records naming each country."""
    from tracker.country_index import commitments_by_country, countries_with_counts

    with CaptureQueriesContext(connection) as queries:
        counted = {c.code: c for c in countries_with_counts(commitments_by_country())}
    drafts = 0
    for model, attribute in ((Announcement, "announcement_count"), (Quote, "quote_count")):
        drafts += model.objects.exclude(publication=Publication.PUBLISHED).count()
        for country in Country.objects.filter(code__in=counted):
            published = model.objects.published().filter(countries=country).count()
            assert getattr(counted[country.code], attribute) == published, (country, model)
    assert drafts  # the set holds drafts the counts leave out
    if connection.vendor == "postgresql":
        (union,) = [q["sql"] for q in queries.captured_queries if "UNION ALL" in q["sql"]]
        plan = plan_of(union)
        for records in ("tracker_announcement", "tracker_quote"):
            assert f" on {records} " not in plan, plan
            assert f"{records}_pkey" not in plan, plan
