"""The organisations' counts, kept by the database (migration 0026): every way a published
commitment names an organisation, each commitment counted once, drafts never, whatever
writes; the index's rows are the public organisations, sorted off their own index
(tests/models/test_record_counts.py)."""

import pytest

from tests import factories
from tracker.models import Commitment, Organisation, Publication
from tracker.models.actors import ORGANISATION_COUNTS

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = Publication.DRAFT, Publication.PUBLISHED


def counts() -> dict[str, tuple[int, int]]:
    """Every organisation's (commitments, announcements), as the database holds them."""
    rows = Organisation.objects.values_list("slug", *ORGANISATION_COUNTS)
    return {slug: (commitments, announcements) for slug, commitments, announcements in rows}


def test_each_published_commitment_naming_an_organisation_counts_once():
    agency = factories.OrganisationFactory(slug="agency")
    partner = factories.OrganisationFactory(slug="partner")
    factories.OrganisationFactory(slug="unnamed")

    listed = factories.CommitmentFactory()
    listed.organisations.add(agency)
    funded = factories.FundingCommitmentFactory(funder=agency, recipient=partner)
    received = factories.FundingCommitmentFactory(funder=partner, recipient=agency)
    factories.FundingCommitmentFactory(funder=agency, recipient=agency)  # once, not twice
    listed_and_funding = factories.FundingCommitmentFactory(funder=agency, recipient=partner)
    listed_and_funding.organisations.add(agency, partner)
    factories.FundingCommitmentFactory(funder=agency, recipient=partner, publication=DRAFT)
    factories.CommitmentFactory(publication=DRAFT).organisations.add(agency)
    factories.AnnouncementFactory().organisations.add(agency, partner)
    factories.AnnouncementFactory(publication=DRAFT).organisations.add(agency)
    assert funded.pk and received.pk

    assert counts() == {"agency": (5, 1), "partner": (3, 1), "unnamed": (0, 0)}


def test_the_counts_follow_every_write():
    agency = factories.OrganisationFactory(slug="agency")
    partner = factories.OrganisationFactory(slug="partner")
    funding = factories.FundingCommitmentFactory(funder=agency, recipient=None)
    announcement = factories.AnnouncementFactory()
    announcement.organisations.add(agency)
    assert counts() == {"agency": (1, 1), "partner": (0, 0)}

    # Withdrawn and published again by update(), as the publishing actions write.
    Commitment.objects.filter(pk=funding.pk).update(publication=DRAFT)
    type(announcement).objects.filter(pk=announcement.pk).update(publication=DRAFT)
    assert counts() == {"agency": (0, 0), "partner": (0, 0)}
    Commitment.objects.filter(pk=funding.pk).update(publication=PUBLISHED)
    type(announcement).objects.filter(pk=announcement.pk).update(publication=PUBLISHED)
    assert counts() == {"agency": (1, 1), "partner": (0, 0)}

    # Another funder, a recipient; listed, then not.
    funding.funder, funding.recipient = partner, agency
    funding.save()
    assert counts() == {"agency": (1, 1), "partner": (1, 0)}
    funding.organisations.add(partner)
    assert counts() == {"agency": (1, 1), "partner": (1, 0)}  # once, however named
    funding.organisations.set([])
    announcement.organisations.remove(agency)
    assert counts() == {"agency": (1, 0), "partner": (1, 0)}

    # A listed commitment withdrawn, then deleted.
    listed = factories.CommitmentFactory()
    listed.organisations.add(agency)
    assert counts()["agency"] == (2, 0)
    listed.publication = DRAFT
    listed.save()
    assert counts()["agency"] == (1, 0)
    funding.delete()
    assert counts() == {"agency": (0, 0), "partner": (0, 0)}


def test_an_organisation_saved_from_stale_values_still_holds_the_counts():
    agency = factories.OrganisationFactory()
    stale = Organisation.objects.get(pk=agency.pk)
    factories.FundingCommitmentFactory(funder=agency, recipient=None)
    stale.description = "Edited meanwhile"
    stale.save()
    assert Organisation.objects.values_list(*ORGANISATION_COUNTS).get(pk=agency.pk) == (1, 0)


def test_the_index_rows_are_the_public_organisations():
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
    factories.FundingCommitmentFactory(funder=drafted, recipient=drafted, publication=DRAFT)
    factories.CommitmentFactory(publication=DRAFT).organisations.add(drafted)
    factories.AnnouncementFactory(publication=DRAFT).organisations.add(drafted)

    shown = sorted(Organisation.objects.public().values_list("slug", flat=True))
    assert shown == ["agency", "announced", "funder", "recipient"]
