"""What the registry's tests share: a published record of every registered type."""

import pytest

from tests import factories
from tracker.models import Country


@pytest.fixture
def every_record(world) -> list:
    """A published record of every registered type."""
    organisation = factories.OrganisationFactory(slug="home-office")
    world.announcement.organisations.add(organisation)
    return [
        world.partnership,
        world.funding,
        world.pledge,
        world.announcement,
        world.quote,
        world.figure,
        world.article,
        world.person,
        world.event,
        organisation,
        Country.objects.get(code="RS"),
    ]
