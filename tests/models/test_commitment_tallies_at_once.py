"""Two editors at once (PostgreSQL, two connections) leave the kept tallies equal to the
tallies counted afresh (migration 0032): a total published while the other moves money into
it, deletes money inside it or adds a country to money inside it; a commitment withdrawn
while the other adds or removes one of its countries; either first. Without the triggers'
``FOR SHARE`` each read the other's rows as they were before and kept a count neither
committed. And a bulk load that adds its tallies at its end (``defer_tallies``, migration
0034) holds none of their rows until then, so an editor saving meanwhile does not wait for
it, and two loads at once both commit. SQLite writes one transaction at a time."""

import threading

import pytest
from django.db import transaction

from tests.models.test_commitment_tallies import assert_kept
from tests.parallel import in_a_thread, in_parallel
from tests.plans import postgresql_only
from tracker.models import Commitment, CommitmentKind, CommitmentParty, PartyRole, Publication
from tracker.models.tallies import add_deferred_tallies, defer_tallies

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


def pledges(slug: str, count: int, status: str = "announced") -> list[Commitment]:
    """``count`` published pledges of one status, one month: each counts in the same rows."""
    fields = {
        "title": slug, "summary": "s", "kind": CommitmentKind.PLEDGE, "status": status,
        "announced_on": "2024-05-02", "publication": Publication.PUBLISHED,
    }  # fmt: skip
    return Commitment.objects.bulk_create(
        Commitment(slug=f"{slug}-{n}", **fields) for n in range(count)
    )


def test_an_editor_saving_during_a_load_waits_only_for_its_last_step():
    """A load that defers its tallies (``defer_tallies``) holds none of their rows until
    its last step (``add_deferred_tallies``): an editor saving a commitment with the same
    kind, status and month saves at once, where it waited for the whole load. From the
    last step to the commit the rows are held: an editor saving then waits."""
    with transaction.atomic():
        defer_tallies()
        pledges("loaded", 50)
        editor, failed = in_a_thread(lambda: pledges("saved-during", 1))
        editor.join(timeout=10)
        saved_during_the_load = not editor.is_alive()
        add_deferred_tallies()
        last, failed_last = in_a_thread(lambda: pledges("saved-at-the-end", 1))
        last.join(timeout=2)
        waited_for_the_last_step = last.is_alive()
    editor.join(timeout=30)
    last.join(timeout=30)
    assert not failed and not failed_last, (failed, failed_last)
    assert saved_during_the_load
    assert waited_for_the_last_step
    assert_kept("after the load and both saves")


def test_two_loads_at_once_both_end():
    """Two loads, each writing two months in turn, the other in the other order: without
    deferring, each held one month's rows and waited for the other's (PostgreSQL aborted
    one). Deferred, each adds its rows at its end in the keys' order: one waits for the
    other, and both commit."""
    both_wrote_one = threading.Barrier(2, timeout=20)

    def load(first: str, then: str):
        def write():
            with transaction.atomic():
                defer_tallies()
                pledges(f"load-{first}-first", 20, status=first)
                both_wrote_one.wait()
                pledges(f"load-{first}-then", 20, status=then)
                add_deferred_tallies()

        return write

    one, failed_one = in_a_thread(load("announced", "delivered"))
    other, failed_other = in_a_thread(load("delivered", "announced"))
    for thread in (one, other):
        thread.join(timeout=60)
        assert not thread.is_alive()
    assert not failed_one and not failed_other, (failed_one, failed_other)
    assert Commitment.objects.count() == 80
    assert_kept("after both loads")
