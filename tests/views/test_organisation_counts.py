"""The organisations index's counts (tracker/organisation_index.py): every way a published
commitment names an organisation, each commitment counted once, drafts never."""

from tests import factories
from tracker import organisation_index
from tracker.models import Organisation, Publication


def test_each_published_commitment_naming_an_organisation_counts_once(db):
    agency = factories.OrganisationFactory(slug="agency")
    partner = factories.OrganisationFactory(slug="partner")
    factories.OrganisationFactory(slug="unnamed")
    draft = Publication.DRAFT

    listed = factories.CommitmentFactory()
    listed.organisations.add(agency)
    funded = factories.FundingCommitmentFactory(funder=agency, recipient=partner)
    received = factories.FundingCommitmentFactory(funder=partner, recipient=agency)
    factories.FundingCommitmentFactory(funder=agency, recipient=agency)  # once, not twice
    listed_and_funding = factories.FundingCommitmentFactory(funder=agency, recipient=partner)
    listed_and_funding.organisations.add(agency, partner)
    factories.FundingCommitmentFactory(funder=agency, recipient=partner, publication=draft)
    factories.CommitmentFactory(publication=draft).organisations.add(agency)
    factories.AnnouncementFactory().organisations.add(agency, partner)
    factories.AnnouncementFactory(publication=draft).organisations.add(agency)
    assert funded.pk and received.pk

    counts = organisation_index.counts()
    assert counts == {
        "commitment_count": {agency.pk: 5, partner.pk: 3},
        "announcement_count": {agency.pk: 1, partner.pk: 1},
    }
    rows = Organisation.objects.for_index(counts).order_by("-commitment_count", "slug")
    assert [(o.slug, o.commitment_count, o.announcement_count) for o in rows] == [
        ("agency", 5, 1),
        ("partner", 3, 1),
        ("unnamed", 0, 0),
    ]


def test_the_index_rows_are_the_public_organisations(db):
    """``public_with_counts`` reads publicness off the counts: the same organisations as
    ``public()``, every way of being named, drafts never."""
    agency = factories.OrganisationFactory(slug="agency")
    funder = factories.OrganisationFactory(slug="funder")
    recipient = factories.OrganisationFactory(slug="recipient")
    announced = factories.OrganisationFactory(slug="announced")
    drafted = factories.OrganisationFactory(slug="drafted")
    factories.OrganisationFactory(slug="unnamed")
    factories.CommitmentFactory().organisations.add(agency)
    factories.FundingCommitmentFactory(funder=funder, recipient=None)
    factories.FundingCommitmentFactory(funder=None, recipient=recipient)
    factories.AnnouncementFactory().organisations.add(announced)
    draft = Publication.DRAFT
    factories.FundingCommitmentFactory(funder=drafted, recipient=drafted, publication=draft)
    factories.CommitmentFactory(publication=draft).organisations.add(drafted)
    factories.AnnouncementFactory(publication=draft).organisations.add(drafted)

    rows = Organisation.objects.public_with_counts(organisation_index.counts())
    shown = sorted(rows.values_list("slug", flat=True))
    assert shown == sorted(Organisation.objects.public().values_list("slug", flat=True))
    assert shown == ["agency", "announced", "funder", "recipient"]
