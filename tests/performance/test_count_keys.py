"""A list's count is remembered under its SQL (``cached_count``): a query that counts its
rows alone is keyed by its keys' SQL, any other by its whole SQL; no two counts that
differ share a key. And the data version, read by SQL compiled once, is the ORM's."""

import datetime

import pytest
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest

from tracker.count_keys import counts_rows_alone
from tracker.http_cache import cached_count
from tracker.models import Commitment, DataVersion

pytestmark = pytest.mark.django_db

EDITED = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC)


def request_at(changed_at: datetime.datetime) -> HttpRequest:
    """A request that has read the data version (``data_version`` keeps it on the request)."""
    request = HttpRequest()
    request._data_version = changed_at
    return request


def test_only_a_plain_filtered_query_counts_its_rows_alone():
    published = Commitment.objects.published()
    assert counts_rows_alone(published.query)
    assert counts_rows_alone(published.for_listing().with_evidence().query)
    assert counts_rows_alone(published.values_list("slug", "title").query)
    assert not counts_rows_alone(published.distinct().query)
    assert not counts_rows_alone(published.values("kind").annotate(n=Count("id")).query)
    assert not counts_rows_alone(published.annotate(parties_named=Count("parties")).query)
    assert not counts_rows_alone(published[:5].query)
    assert not counts_rows_alone(published.union(Commitment.objects.all()).query)
    ranked = published.annotate(rank=Window(RowNumber(), order_by=F("pk").asc()))
    assert not counts_rows_alone(ranked.query)


def test_each_filter_keeps_its_own_count_and_annotations_share_it(
    seed_data, django_assert_num_queries
):
    request = request_at(EDITED)
    everything = Commitment.objects.published()
    funding = everything.filter(kind="funding")
    counts = {"everything": everything.count(), "funding": funding.count()}
    assert 0 < counts["funding"] < counts["everything"]
    assert cached_count(request, everything) == counts["everything"]
    assert cached_count(request, funding) == counts["funding"]
    with django_assert_num_queries(0):  # the same rows, annotated as the list shows them
        assert cached_count(request, funding.for_listing().with_evidence()) == counts["funding"]
        assert cached_count(request, everything.order_by("title")) == counts["everything"]


def test_a_distinct_count_is_not_taken_for_the_rows_it_collapses(seed_data):
    request = request_at(EDITED)
    by_party = Commitment.objects.published().filter(parties__country__isnull=False)
    assert by_party.distinct().count() < by_party.count()  # a commitment has several parties
    assert cached_count(request, by_party) == by_party.count()
    assert cached_count(request, by_party.distinct()) == by_party.distinct().count()


def test_the_data_version_read_by_its_compiled_sql_is_the_orm_s():
    changed_at = DataVersion.changed_at_now()
    assert changed_at == DataVersion.objects.get(pk=1).changed_at
    assert changed_at.tzinfo is not None  # SQLite's text made an aware datetime, as the ORM does
    DataVersion.objects.filter(pk=1).update(changed_at=EDITED)
    assert DataVersion.changed_at_now() == EDITED


def test_no_data_version_reads_as_none():
    DataVersion.objects.all().delete()
    assert DataVersion.changed_at_now() is None
