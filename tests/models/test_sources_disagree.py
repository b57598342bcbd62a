"""Each commitment says whether its sources disagree in a column the database keeps
(``sources_disagree``, triggers of migrations 0028 and 0030), whatever writes: exactly when
some discrepancy has a version citing one of its citations of a published article, as
``disputed_row_by_row`` probes."""

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection

from tests import factories
from tests.parallel import in_parallel
from tests.plans import postgresql_only
from tracker import models
from tracker.models import DiscrepancyStatus, Publication
from tracker.models.evidence import disputed_row_by_row

pytestmark = pytest.mark.django_db


def held(commitment) -> bool:
    return models.Commitment.objects.values_list("sources_disagree", flat=True).get(
        pk=commitment.pk
    )


def every_flag_as_probed() -> None:
    """Every commitment's flag is what the probe of its citations and versions says."""
    rows = models.Commitment.objects.annotate(probed=disputed_row_by_row("commitment"))
    flags = dict(rows.values_list("pk", "sources_disagree"))
    probed = dict(rows.values_list("pk", "probed"))
    assert flags == probed


def test_versions_added_moved_and_deleted_and_citations_moved_keep_the_flag():
    first, second = factories.PledgeFactory(), factories.PledgeFactory()
    cited, also_cited = factories.CitationFactory.create_batch(2, commitment=first)
    other = factories.CitationFactory(commitment=second)
    assert not held(first) and not held(second)

    version = factories.DiscrepancyVersionFactory(citation=cited)
    assert held(first) and not held(second)
    another = factories.DiscrepancyVersionFactory(citation=also_cited)
    version.delete()
    assert held(first)  # its other citation is still a version

    # The version moved to the other commitment's citation.
    models.DiscrepancyVersion.objects.filter(pk=another.pk).update(citation=other)
    assert not held(first) and held(second)
    every_flag_as_probed()

    # The cited citation moved to the first commitment, as an editor's save writes it.
    other.commitment = first
    other.save()
    assert held(first) and not held(second)

    # Deleting the discrepancy deletes its versions.
    another.discrepancy.delete()
    assert not held(first)
    every_flag_as_probed()


def test_a_discrepancy_counts_whatever_its_status_through_a_published_article_only():
    """As the probe counts it: resolved or open, through a citation of a published article
    (published means published everywhere: a draft's version is no public disagreement)."""
    commitment = factories.PledgeFactory()
    draft_article = factories.SourceArticleFactory(publication=Publication.DRAFT)
    citation = factories.CitationFactory(commitment=commitment, source=draft_article)
    version = factories.DiscrepancyVersionFactory(citation=citation)
    discrepancy = version.discrepancy
    discrepancy.status, discrepancy.resolution = DiscrepancyStatus.RESOLVED, "The first."
    discrepancy.save()
    assert not held(commitment)
    every_flag_as_probed()

    draft_article.publication = Publication.PUBLISHED
    draft_article.save()
    assert held(commitment)
    models.SourceArticle.objects.filter(pk=draft_article.pk).update(publication=Publication.DRAFT)
    assert not held(commitment)
    every_flag_as_probed()


def test_a_citation_moved_to_an_article_of_the_other_publication_moves_the_flag():
    version = factories.DiscrepancyVersionFactory()
    commitment = version.citation.commitment
    assert held(commitment)
    draft_article = factories.SourceArticleFactory(publication=Publication.DRAFT)

    models.Citation.objects.filter(pk=version.citation_id).update(source=draft_article)
    assert not held(commitment)
    models.Citation.objects.filter(pk=version.citation_id).update(
        source=factories.SourceArticleFactory()
    )
    assert held(commitment)
    every_flag_as_probed()


def test_a_commitment_saved_from_stale_values_still_holds_its_flag():
    commitment = factories.PledgeFactory()
    stale = models.Commitment.objects.get(pk=commitment.pk)
    assert stale.sources_disagree is False
    factories.DiscrepancyVersionFactory(citation__commitment=commitment)
    stale.title = "Renamed"
    stale.save()  # writes every column, the flag as it was read
    assert held(commitment)
    models.Commitment.objects.filter(pk=commitment.pk).update(sources_disagree=False)
    assert held(commitment)


def test_a_bulk_insert_and_a_bulk_delete_of_versions_flag_each_commitment():
    citations = [factories.CitationFactory() for _ in range(4)]
    discrepancy = factories.DiscrepancyFactory()
    models.DiscrepancyVersion.objects.bulk_create(
        models.DiscrepancyVersion(discrepancy=discrepancy, citation=c, stated_value="£1")
        for c in citations[:3]
    )
    assert [held(c.commitment) for c in citations] == [True, True, True, False]
    models.DiscrepancyVersion.objects.filter(citation__in=citations[:2]).delete()
    assert [held(c.commitment) for c in citations] == [False, False, True, False]
    every_flag_as_probed()


# The commitment, its citation and the version, by their places in the fixture: each last.
@pytest.mark.parametrize("order", [(2, 1, 0), (0, 2, 1), (1, 0, 2)])
def test_rows_loaded_in_any_order_flag_their_commitment(order):
    """A fixture's versions, citations and commitments in any order (foreign keys checked at
    the end, as ``loaddata`` does): the commitment is flagged whichever comes last."""
    version = factories.DiscrepancyVersionFactory()
    citation = version.citation
    commitment = models.Commitment.objects.get(pk=citation.commitment_id)
    dumped = serializers.serialize("json", [commitment, citation, version])
    models.DiscrepancyVersion.objects.all().delete()
    models.Citation.objects.all().delete()
    models.Commitment.objects.filter(pk=commitment.pk).delete()
    with connection.constraint_checks_disabled():
        loaded = list(serializers.deserialize("json", dumped))
        for place in order:
            loaded[place].save()
    assert held(commitment)
    every_flag_as_probed()


def test_the_seed_is_flagged_as_its_discrepancies_say():
    call_command("loaddata", "seed", verbosity=0)
    assert models.Commitment.objects.filter(sources_disagree=True).exists()
    every_flag_as_probed()


def test_the_flag_is_neither_edited_nor_exported_nor_kept_in_history():
    commitment = factories.PledgeFactory()
    field = models.Commitment._meta.get_field("sources_disagree")
    assert not field.editable
    assert "sources_disagree" not in serializers.serialize("python", [commitment])[0]["fields"]
    history = {f.name for f in models.Commitment.history.model._meta.get_fields()}
    assert "sources_disagree" not in history and "title" in history


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("added_first", [False, True], ids=["deleted-first", "added-first"])
def test_a_version_added_while_another_is_deleted_elsewhere_keeps_the_flag(added_first):
    """Two editors at once (PostgreSQL, two connections): one deletes the version that made a
    commitment's sources disagree while the other adds a version citing it, in either
    order. Once both are committed some version cites it, so its sources disagree: each
    statement's trigger read the other's write as not yet committed, and the deletion left
    the flag false (the API then left out its discrepancies, the CSV said no)."""
    postgresql_only()
    commitment = factories.PledgeFactory()
    cited, also_cited = factories.CitationFactory.create_batch(2, commitment=commitment)
    old = factories.DiscrepancyVersionFactory(citation=cited)
    assert held(commitment)

    def delete_the_old():
        models.DiscrepancyVersion.objects.filter(pk=old.pk).delete()

    def add_another():
        factories.DiscrepancyVersionFactory(citation=also_cited)

    in_parallel(*((add_another, delete_the_old) if added_first else (delete_the_old, add_another)))
    assert models.DiscrepancyVersion.objects.filter(citation__commitment=commitment).count() == 1
    assert held(commitment)
    every_flag_as_probed()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("added_first", [False, True], ids=["unpublished-first", "added-first"])
def test_a_version_added_while_its_article_is_unpublished_elsewhere_leaves_no_flag(added_first):
    """Two editors at once (PostgreSQL, two connections): one moves an article to draft
    while the other adds a version citing a commitment's citation of it, in either order.
    Once both are committed no version cites the commitment through a published article,
    so its sources do not disagree in public."""
    postgresql_only()
    commitment = factories.PledgeFactory()
    article = factories.SourceArticleFactory()
    cited = factories.CitationFactory(commitment=commitment, source=article)
    assert not held(commitment)

    def unpublish():
        models.SourceArticle.objects.filter(pk=article.pk).update(publication=Publication.DRAFT)

    def add_a_version():
        factories.DiscrepancyVersionFactory(citation=cited)

    in_parallel(*((add_a_version, unpublish) if added_first else (unpublish, add_a_version)))
    assert not held(commitment)
    every_flag_as_probed()
