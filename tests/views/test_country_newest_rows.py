"""A country page's newest announcements and quotes (``country_summary``), chosen off the
country's part of the rows tying them to their countries (their copies of the sort keys,
``country_rows``), and counted off them: the same records in the same order as the
records' own newest-first keys choose, and the same counts, drafts never; on PostgreSQL
read off those rows' published indexes rather than by walking every published quote
newest first until ten name the country, or probing each quote for its publication."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.plans import page_plan, plan_of, postgresql_only
from tracker import country_summary
from tracker.models import Announcement, Country, Person, Publication, Quote

pytestmark = pytest.mark.django_db

NEWEST = 10


@pytest.fixture
def generated(db):
    """Generated records with drafts among them, ties on dates, titles and speakers' names,
    undated ones (as ``test_country_row_order``'s)."""
    call_command("generate_synthetic", commitments=300, seed=5, verbosity=0)
    for model, date, text in ((Announcement, "announced_on", "title"), (Quote, "said_on", None)):
        keys = list(model.objects.order_by("pk").values_list("pk", flat=True))
        model.objects.filter(pk__in=keys[::7]).update(publication=Publication.DRAFT)
        model.objects.filter(pk__in=keys[1::5]).update(**{date: "2024-01-01"})
        model.objects.filter(pk__in=keys[2::11]).update(**{date: None})
        if text:
            model.objects.filter(pk__in=keys[3::13]).update(**{text: "Same title"})
    Person.objects.filter(pk__in=list(Person.objects.values_list("pk", flat=True)[::3])).update(
        name="Same Name"
    )


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
