"""The organisations' counts, kept by the database (migration 0026): every way a published
commitment names an organisation, each commitment counted once, drafts never, whatever
writes; the index's rows are the public organisations, sorted off their own index."""

import pytest
from django.core import serializers
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.plans import plan_of, postgresql_only
from tracker.index_filters import OrganisationFilters
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


def test_the_columns_are_neither_edited_nor_exported_nor_kept_in_history():
    agency = factories.OrganisationFactory()
    fields = {field.name: field for field in Organisation._meta.fields}
    assert all(not fields[name].editable for name in ORGANISATION_COUNTS)
    serialised = serializers.serialize("python", [agency])[0]["fields"]
    assert not set(ORGANISATION_COUNTS) & set(serialised)
    historical = {field.name for field in agency.history.model._meta.fields}
    assert not set(ORGANISATION_COUNTS) & historical


def test_the_most_commitments_first_are_read_off_their_index():
    postgresql_only()
    factories.FundingCommitmentFactory(
        funder=factories.OrganisationFactory(), recipient=factories.OrganisationFactory()
    )
    filters = OrganisationFilters(QueryDict("sort=commitments"))
    assert filters.is_valid(), filters.errors
    page = filters.filter(Organisation.objects.public().for_detail())[:25]
    with CaptureQueriesContext(connection) as queries:
        assert len(list(page)) == 2
    plan = plan_of(
        queries.captured_queries[0]["sql"],
        off=("sort", "incremental_sort", "seqscan", "bitmapscan"),
    )
    assert "Index Scan using organisation_most_named_idx" in plan, plan
    assert "Sort" not in plan and "SubPlan" not in plan, plan
