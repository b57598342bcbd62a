"""The chosen records a country's or an organisation's page lists are read by key, their SQL
compiled once per model and number of keys (``tracker.chosen_records``,
``search_sql.by_keys``): bound, it is the SQL the ORM compiles for those keys, and each read
finds its own keys' published records, drafts never."""

import pytest
from django.db.models.sql.compiler import SQLCompiler

from tests import factories
from tracker import chosen_records, search_sql
from tracker.models import Announcement, Commitment, Figure, Publication, Quote

pytestmark = pytest.mark.django_db

FACTORIES = {
    Commitment: factories.PledgeFactory,
    Announcement: factories.AnnouncementFactory,
    Quote: factories.QuoteFactory,
    Figure: factories.FigureFactory,
}
# ``read_by_key``'s argument for each model's keys.
FIELDS = {
    Commitment: "commitments",
    Announcement: "announcements",
    Quote: "quotes",
    Figure: "figures",
}
NONE = {field: [] for field in FIELDS.values()}


def test_bound_sql_is_the_sql_the_orm_compiles_for_the_same_keys():
    for model in FACTORIES:
        for keys in ([3, 1, 2], [9, 8, 7], [5]):
            bound = search_sql.by_keys(
                "test",
                model,
                lambda chosen, model=model: chosen_records._items(model, chosen),
                keys,
            )
            afresh = chosen_records._items(model, keys)
            sql, params = afresh.query.get_compiler(using=afresh.db).as_sql()
            assert bound.query.compiled.sql == sql
            assert bound.query.params == tuple(params)


@pytest.mark.parametrize("model", list(FACTORIES), ids=lambda model: model.__name__)
def test_a_shape_read_once_reads_each_its_own_published_records(model):
    """Two reads of the same number of keys: each finds its own records, not the first
    read's, and never a draft among its keys."""
    make = FACTORIES[model]
    first, second = make(), make()
    draft = make(publication=Publication.DRAFT)
    for record in (first, second):
        shown = chosen_records.read_by_key(**{**NONE, FIELDS[model]: [record.pk, draft.pk]})
        assert [row.pk for row in getattr(shown, FIELDS[model])] == [record.pk]


def test_a_shape_read_again_is_not_compiled_again(monkeypatch):
    """Figures have no prefetch: their second read of a shape compiles no SQL at all."""
    first, second = factories.FigureFactory(), factories.FigureFactory()
    chosen_records.read_by_key(**{**NONE, "figures": [first.pk]})
    compiled = []
    as_sql = SQLCompiler.as_sql
    monkeypatch.setattr(
        SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(self) or as_sql(self, *a, **k)
    )
    shown = chosen_records.read_by_key(**{**NONE, "figures": [second.pk]})
    assert shown.figures == [second]
    assert compiled == []


def test_no_keys_reads_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        shown = chosen_records.read_by_key([], [], [], [])
    assert shown == chosen_records.Shown([], [], [], [])
