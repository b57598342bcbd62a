"""A list page's rows compiled once per shape of its filters and bound to each address's
values (tracker.list_sql) are the ORM's rows, SQL and page: each address drawn both ways,
one shape after another with other values, byte for byte."""

import pytest
from django.db.models import QuerySet
from django.http import QueryDict
from django.test import RequestFactory

from tracker import list_sql
from tracker.filters import CommitmentFilters
from tracker.models import Commitment

# In order: each shape met again with other values, so that pages are bound to values their
# shape was not compiled with.
ADDRESSES = [
    "/commitments/",
    "/commitments/?country=serbia",
    "/commitments/?country=albania",
    "/commitments/?country=kosovo&kind=partnership&sort=amount-desc",
    "/commitments/?country=serbia&kind=pledge&sort=amount-desc",
    "/commitments/?country=united-kingdom&kind=funding&sort=amount-desc",
    "/commitments/?status=in_progress&sort=title",
    "/commitments/?status=announced&sort=title",
    "/commitments/?organisation=border-security-command",
    "/commitments/?organisation=organised-immigration-crime-intelligence-unit",
    "/commitments/?person=keir-starmer&event=epc-budapest-2024",
    "/commitments/?person=yvette-cooper&event=interpol-conference-glasgow-2024",
    "/commitments/?currency=GBP&money=countable&sort=oldest",
    "/commitments/?currency=EUR&money=countable&sort=oldest",
    "/commitments/?kind=funding&money=countable",
    "/quotes/?speaker=keir-starmer",
    "/quotes/?speaker=yvette-cooper",
    "/quotes/?country=serbia",
    "/quotes/?country=united-kingdom&event=epc-budapest-2024",
    "/announcements/?country=serbia",
    "/announcements/?country=united-kingdom&sort=title",
    "/announcements/?country=kosovo&sort=title",
    "/announcements/?speaker=keir-starmer&event=epc-budapest-2024",
    "/figures/",
    "/figures/?country=serbia",
    "/figures/?country=france",
    "/people/?country=united-kingdom",
    "/people/?country=france",
    "/people/?sort=quotes",
    "/organisations/?sort=commitments",
    "/organisations/?country=france",
    "/organisations/?country=united-kingdom",
    "/events/?country=hungary",
    "/events/?country=united-kingdom&sort=oldest",
    "/sources/?sort=headline",
]


@pytest.fixture(autouse=True)
def no_shape_compiled_yet():
    """Each test compiles its shapes itself (the shapes are kept per process)."""
    list_sql._SHAPES.compiled.clear()


@pytest.mark.parametrize("fragment", [False, True])
def test_every_page_is_the_orms(client, seed_data, monkeypatch, fragment):
    headers = {"HX-Request": "true"} if fragment else {}
    compiled = [client.get(address, headers=headers) for address in ADDRESSES]
    monkeypatch.setattr(list_sql, "filtered", lambda request, filters, rows, counted=None: None)
    by_the_orm = [client.get(address, headers=headers) for address in ADDRESSES]
    for address, page, expected in zip(ADDRESSES, compiled, by_the_orm, strict=True):
        assert page.status_code == 200, address
        assert page.content == expected.content, address
        assert isinstance(
            page.context["page_obj"].paginator.object_list.query, list_sql._CompiledQuery
        ), address
        assert not isinstance(
            expected.context["page_obj"].paginator.object_list.query, list_sql._CompiledQuery
        )
    # The seed's lists are not all empty: the comparison compared rows.
    assert sum(len(page.context["rows"]) for page in compiled) > 50


def _filtered(query: str) -> tuple[list_sql.Rows | None, QuerySet, CommitmentFilters]:
    filters = CommitmentFilters(QueryDict(query))
    assert filters.is_valid()
    rows = Commitment.objects.published().for_list_rows().with_evidence()
    compiled = list_sql.filtered(RequestFactory().get("/commitments/"), filters, rows)
    return compiled, filters.filter(rows), filters


@pytest.mark.parametrize(
    "query",
    [
        "country=serbia&kind=pledge&sort=amount-desc",
        "country=albania&kind=partnership&sort=amount-desc",
        "status=announced&currency=GBP&money=countable",
        "organisation=border-security-command&person=keir-starmer",
    ],
)
def test_a_pages_sql_and_rows_are_the_orms(seed_data, query):
    compiled, orm, _ = _filtered(query)
    for bottom, top in ((0, 25), (2, 4), (5, 30)):
        page, expected = compiled.queryset[bottom:top], orm[bottom:top]
        assert page.query.sql_with_params() == expected.query.sql_with_params()
        assert [row.pk for row in page] == [row.pk for row in expected]
        assert [[party.country.name for party in row.parties.all()] for row in page] == [
            [party.country.name for party in row.parties.all()] for row in expected
        ]
    assert compiled.count() == orm.count()


def test_an_empty_page_reads_nothing(seed_data, django_assert_num_queries):
    compiled, orm, _ = _filtered("country=serbia")
    assert orm.count() > 0
    with django_assert_num_queries(0):
        assert list(compiled.queryset[0:0]) == list(orm[0:0]) == []


def test_the_count_is_remembered(seed_data, django_assert_num_queries):
    compiled, orm, _ = _filtered("country=serbia")
    expected = orm.count()
    assert expected > 0
    with django_assert_num_queries(2):  # the data version, and the count
        assert compiled.count() == expected
    for query in ("country=serbia", "country=serbia&sort=title"):
        compiled, _, _ = _filtered(query)
        with django_assert_num_queries(1):  # the data version only: every sort shares it
            assert compiled.count() == expected
    compiled, orm, _ = _filtered("country=kosovo&sort=title")
    kosovos = orm.count()
    with django_assert_num_queries(2):  # another country's rows, counted
        assert compiled.count() == kosovos


@pytest.mark.parametrize(
    "query", ["q=border", "announced_from=2024-01-01", "amount_min=0", "country=serbia&q=b"]
)
def test_words_dates_and_amounts_are_left_to_the_orm(seed_data, query):
    compiled, _, _ = _filtered(query)
    assert compiled is None


def test_a_value_the_sql_would_not_bind_is_refused(seed_data, monkeypatch):
    """A filter that wrote its value into the SQL's text would give every address of the
    shape the first one's rows: compiling it fails instead."""
    filters = CommitmentFilters(QueryDict("kind=pledge"))
    assert filters.is_valid()

    def written_into_the_text(self, queryset):
        return queryset.extra(where=[f"kind = '{self.cleaned_data['kind']}'"])

    monkeypatch.setattr(type(filters), "filter", written_into_the_text)
    rows = Commitment.objects.published()
    with pytest.raises(ValueError, match="not bound"):
        list_sql.filtered(RequestFactory().get("/"), filters, rows)
