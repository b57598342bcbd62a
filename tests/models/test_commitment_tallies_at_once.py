"""Two editors at once (PostgreSQL, two connections) leave the kept tallies equal to the
tallies counted afresh (migration 0032): a total published while the other moves money into
it, deletes money inside it or adds a country to money inside it; a commitment withdrawn
while the other adds or removes one of its countries; either first. Without the triggers'
``FOR SHARE`` each read the other's rows as they were before and kept a count neither
committed. SQLite writes one transaction at a time."""

import pytest

from tests.models.test_commitment_tallies import assert_kept
from tests.parallel import in_parallel
from tests.plans import postgresql_only
from tracker.models import Commitment, CommitmentKind, CommitmentParty, PartyRole, Publication

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("postgresql"),
]


@pytest.fixture
def postgresql():
    postgresql_only()


def funding(slug: str, publication=Publication.PUBLISHED, **fields) -> Commitment:
    return Commitment.objects.create(
        slug=slug, title=slug, summary="s", kind=CommitmentKind.FUNDING, amount_minor=500,
        currency="GBP", funding_type="new", publication=publication, **fields,
    )  # fmt: skip


def publish(slug: str):
    def write():
        Commitment.objects.filter(slug=slug).update(publication=Publication.PUBLISHED)

    return write


def withdraw(slug: str):
    def write():
        commitment = Commitment.objects.get(slug=slug)
        commitment.publication = Publication.DRAFT
        commitment.save()

    return write


def move_into(slug: str, total: str):
    def write():
        commitment = Commitment.objects.get(slug=slug)
        commitment.included_in = Commitment.objects.get(slug=total)
        commitment.save()

    return write


def delete(slug: str):
    def write():
        Commitment.objects.get(slug=slug).delete()

    return write


def add_country(slug: str, code: str = "FR"):
    def write():
        CommitmentParty.objects.create(
            commitment=Commitment.objects.get(slug=slug), country_id=code, role=PartyRole.FUNDER
        )

    return write


def remove_country(slug: str, code: str = "RS"):
    def write():
        CommitmentParty.objects.get(commitment__slug=slug, country_id=code).delete()

    return write


CASES = {
    "a total published, money moved into it": (publish("total"), move_into("loose", "total")),
    "a total published, money inside it deleted": (publish("total"), delete("inside")),
    "a total published, a country added to money inside it": (
        publish("total"),
        add_country("inside"),
    ),
    "money withdrawn, a country added to it": (withdraw("inside"), add_country("inside")),
    "money withdrawn, a country removed from it": (withdraw("inside"), remove_country("inside")),
}


@pytest.mark.parametrize("first_of_the_two", [0, 1])
@pytest.mark.parametrize("case", CASES)
def test_two_editors_at_once_leave_the_tallies_as_counted(case, first_of_the_two):
    total = funding("total", publication=Publication.DRAFT)
    for commitment in (funding("inside", included_in=total), funding("loose")):
        CommitmentParty.objects.create(commitment=commitment, country_id="RS", role="funder")
    writes = CASES[case]
    first, then = writes if first_of_the_two == 0 else writes[::-1]
    in_parallel(first, then)
    assert_kept(case)
