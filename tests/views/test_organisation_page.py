"""An organisation's page: what it counts and chooses is remembered per data version
(tracker/organisation_summary.py), and a build between edits reads the chosen rows by key."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.once import built_once_per_module, own_copy
from tests.views.scale import Scale
from tracker.models import Publication
from tracker.views.organisations import NEWEST_OF_EACH


def grown() -> Scale:
    """The scale organisation named by 34 commitments and 34 announcements, and 34 quotes
    of a speaker holding a role in it."""
    scale = Scale().grow(33)
    factories.RoleFactory(person=scale.person, organisation=scale.organisation, started_on=None)
    return scale


built_busy = built_once_per_module("busy", grown)


@pytest.fixture
def busy(db, built_busy) -> Scale:
    return own_copy(built_busy, grown)


def page(client, scale: Scale) -> str:
    response = client.get(f"/organisations/{scale.organisation.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_remembered_or_not_the_page_is_the_same_in_fewer_queries(client, busy):
    page(client, busy)
    with CaptureQueriesContext(connection) as remembered:
        first = page(client, busy)
    cache.clear()  # as after an edit: nothing remembered
    with CaptureQueriesContext(connection) as afresh:
        again = page(client, busy)
    assert first == again
    assert len(remembered) < len(afresh) <= 10
    # Between edits: no tally, and no UNION of the ways an organisation is named.
    read = [query["sql"] for query in remembered.captured_queries]
    assert not any("UNION" in sql or 'AS "status"' in sql for sql in read)


def test_it_shows_the_newest_of_each_kind_and_counts_them_all(client, busy):
    html = page(client, busy)
    assert re.search(r"Commitments <span class=\"meta\">\(34\)</span>", html)
    assert html.count('class="commitment-row"') == NEWEST_OF_EACH
    assert f"The {NEWEST_OF_EACH} newest of 34 announcements are above" in html
    assert f"The {NEWEST_OF_EACH} newest of 34 quotes are above" in html


def test_an_organisation_no_one_publishes_about_is_a_404_remembered_or_not(client, db):
    hidden = factories.OrganisationFactory(slug="hidden")
    factories.CommitmentFactory(publication=Publication.DRAFT).organisations.add(hidden)
    assert client.get("/organisations/hidden/").status_code == 404
    assert client.get("/organisations/hidden/").status_code == 404
    assert client.get("/organisations/atlantis/").status_code == 404


# Committed, so that on PostgreSQL the data version moves (at commit) as it does in use.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_what_the_page_remembers_follows_publishing_and_unpublishing(client):
    agency = factories.OrganisationFactory(slug="agency")
    named = factories.PledgeFactory(slug="named-pledge")
    named.organisations.add(agency)
    funded = factories.FundingCommitmentFactory(slug="funded", funder=agency)
    first = client.get("/organisations/agency/").content.decode()
    assert 'data-slug="named-pledge"' in first and 'data-slug="funded"' in first

    named.publication = Publication.DRAFT
    named.save()
    unpublished = client.get("/organisations/agency/").content.decode()
    assert "named-pledge" not in unpublished and 'data-slug="funded"' in unpublished

    funded.publication = Publication.DRAFT
    funded.save()
    assert client.get("/organisations/agency/").status_code == 404  # no longer public
