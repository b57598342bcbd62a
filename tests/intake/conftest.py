"""What the intake rules' tests share: a lexicon of the people and organisation their
short texts name."""

import datetime

import pytest

from tests import factories
from tracker.intake import Lexicon


@pytest.fixture
def lexicon(db):
    cooper = factories.PersonFactory(name="Yvette Cooper", slug="yvette-cooper")
    factories.RoleFactory(person=cooper, title="Home Secretary")
    starmer = factories.PersonFactory(name="Keir Starmer", slug="keir-starmer", honorific="Sir")
    factories.RoleFactory(person=starmer, title="Prime Minister")
    factories.OrganisationFactory(name="National Crime Agency", abbreviation="NCA", slug="nca")
    return Lexicon.build(datetime.date(2024, 11, 7))
