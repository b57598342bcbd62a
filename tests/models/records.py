"""One saved record of any tracker model, for tests that go through every model."""

from tests import factories
from tracker import models

MAKERS = {
    models.Country: lambda: models.Country.objects.get(code="RS"),
    models.SourceArticle: factories.SourceArticleFactory,
    models.Citation: factories.CitationFactory,
    models.Person: factories.PersonFactory,
    models.Role: factories.RoleFactory,
    models.Organisation: factories.OrganisationFactory,
    models.Event: factories.EventFactory,
    models.Announcement: factories.AnnouncementFactory,
    models.Commitment: factories.PledgeFactory,
    models.Partnership: factories.PartnershipFactory,
    models.FundingCommitment: factories.FundingCommitmentFactory,
    models.Pledge: factories.PledgeFactory,
    models.CommitmentParty: factories.CommitmentPartyFactory,
    models.StatusChange: factories.StatusChangeFactory,
    models.Quote: factories.QuoteFactory,
    models.Figure: factories.FigureFactory,
    models.Discrepancy: factories.DiscrepancyFactory,
    models.DiscrepancyVersion: factories.DiscrepancyVersionFactory,
}


def make_record(model):
    """A record of ``model``, as an instance of ``model`` (so proxies come back as proxies)."""
    record = MAKERS[model]()
    return model.objects.get(pk=record.pk)


def make_linked_record(model):
    """A record with the related rows a list page shows, so that N+1 queries show up."""
    record = make_record(model)
    if isinstance(record, models.Commitment):
        factories.CommitmentPartyFactory(commitment=record, country_id="AL")
        factories.CitationFactory(commitment=record)
    elif isinstance(record, models.Announcement | models.Quote | models.Figure):
        target = record._meta.model_name
        factories.CitationFactory(commitment=None, **{target: record})
    if isinstance(record, models.Quote):
        factories.RoleFactory(person=record.speaker)
    if isinstance(record, models.Person):
        factories.RoleFactory(person=record)
    return record
