"""The stored search vector follows every change of a record (PostgreSQL; issue 6)."""

import pytest
from django.db import connection

from tests import factories
from tracker import search
from tracker.models import Commitment, Quote, SourceArticle

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="search vectors are stored by a PostgreSQL trigger; SQLite matches words instead",
)


def vector_of(model, pk) -> str:
    return str(model.objects.values_list("search_vector", flat=True).get(pk=pk))


def test_a_saved_commitment_gets_its_vector(db):
    pledge = factories.PledgeFactory(title="Dismantle smuggling gangs", summary="Together.")
    assert "'smuggl'" in vector_of(Commitment, pledge.pk)
    assert "'dismantl'" in vector_of(Commitment, pledge.pk)


def test_a_changed_record_changes_its_vector(db):
    pledge = factories.PledgeFactory(title="Dismantle smuggling gangs")
    pledge.title = "Build a new coastguard station"
    pledge.save()
    vector = vector_of(Commitment, pledge.pk)
    assert "'coastguard'" in vector
    assert "'smuggl'" not in vector


def test_bulk_and_update_paths_keep_vectors(db):
    made = Commitment.objects.bulk_create(
        [factories.PledgeFactory.build(slug=f"bulk-{i}", title="Harbour patrols") for i in range(3)]
    )
    assert all("'harbour'" in vector_of(Commitment, c.pk) for c in made)
    Commitment.objects.filter(pk=made[0].pk).update(purpose="Radar towers")
    assert "'radar'" in vector_of(Commitment, made[0].pk)


def test_other_models_keep_vectors_too(db):
    article = factories.SourceArticleFactory(headline="Ferry routes", publisher="Coast Weekly")
    assert "'ferri'" in vector_of(SourceArticle, article.pk)
    quote = factories.QuoteFactory(text="We will patrol the straits")
    assert "'strait'" in vector_of(Quote, quote.pk)


def test_search_uses_the_stored_vector(db):
    pledge = factories.PledgeFactory(title="Dismantle smuggling gangs")
    factories.PledgeFactory(title="Something else entirely")
    rows = search.matching(Commitment.objects.published(), "dismantling", ranked=True)
    assert "search_vector" in str(rows.query)
    assert list(rows) == [pledge]
    pledge.title = "Coastguard"
    pledge.save()
    assert list(search.matching(Commitment.objects.published(), "dismantling")) == []
