"""``with_evidence()``'s annotations, made once per model and shared by every queryset that
asks for them: each queryset gets its own resolved copy, so none changes another."""

from tests import factories
from tracker.models import Commitment, Publication, Quote


def test_querysets_sharing_the_annotations_do_not_change_each_other(db):
    plain = str(Commitment.objects.with_evidence().query)
    # A join before the annotation renames the subqueries' tables in this query only.
    joined = Commitment.objects.filter(parties__country__code="RS").with_evidence()
    assert str(joined.query) != plain
    str(Quote.objects.with_evidence().query)
    assert str(Commitment.objects.with_evidence().query) == plain


def test_each_queryset_counts_its_own_records(db):
    cited = factories.PartnershipFactory()
    factories.CommitmentPartyFactory(commitment=cited, country_id="RS")
    factories.CitationFactory(commitment=cited)
    factories.CitationFactory(commitment=cited)
    draft = factories.SourceArticleFactory(publication=Publication.DRAFT)
    factories.CitationFactory(commitment=cited, source=draft)
    disputed = factories.DiscrepancyVersionFactory().citation.commitment
    joined = Commitment.objects.filter(parties__country__code="RS").with_evidence()
    assert [(c.pk, c.source_count, c.disputed) for c in joined] == [(cited.pk, 2, False)]
    everything = {c.pk: (c.source_count, c.disputed) for c in Commitment.objects.with_evidence()}
    assert everything == {cited.pk: (2, False), disputed.pk: (1, True)}
