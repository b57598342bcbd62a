"""A load that defers the tallies to its end (``defer_tallies``, migration 0034) leaves them
equal to the tallies counted afresh once it adds its differences (``add_deferred_tallies``);
on PostgreSQL they stay as they were until then. SQLite counts row by row."""

import os
from importlib import import_module

import pytest
from django.db import connection

from tests.models.test_commitment_tallies import Editor, assert_kept, empty_the_commitments
from tracker.models import CommitmentTally
from tracker.models.tallies import add_deferred_tallies, defer_tallies


def every_kept_row() -> list[tuple]:
    return sorted(CommitmentTally.objects.values_list(*KEYS, *COUNTS))


def assert_kept_as_counted_afresh() -> None:
    """Every kept row, of every scope, as the migration counts them from the commitments
    (the table emptied and filled again, in the test's transaction)."""
    kept = every_kept_row()
    migration = import_module("tracker.migrations.0032_commitment_tallies")
    with connection.cursor() as cursor:
        for statement in migration.fill(connection.vendor):
            cursor.execute(statement)
    assert kept == every_kept_row()


KEYS = ("scope", "kind", "status", "currency", "month")
COUNTS = ("commitments", "amount", "counted", "priced", "inside")


@pytest.mark.parametrize("seed", range(int(os.environ.get("TALLY_SEEDS", "4"))))
def test_tallies_deferred_by_loads_equal_the_tallies_counted_afresh_at_their_ends(db, seed):
    """The same random writes, ten at a time in a load that defers the tallies to its end
    (``defer_tallies``): on PostgreSQL the tallies stay as they were until the load adds
    its differences, then equal those counted afresh (SQLite counts row by row)."""
    editor = Editor(seed)
    for load in range(6):
        before = every_kept_row()
        defer_tallies()
        for _ in range(10):
            editor.rng.choice(editor.writes())()
        if connection.vendor == "postgresql":
            assert every_kept_row() == before, load
        add_deferred_tallies()
        assert_kept(f"load {load}")
        # Counted at once again after the load's end.
        editor.create()
        assert_kept(f"after load {load}")
    assert_kept_as_counted_afresh()


def test_the_commitments_emptied_during_a_load_leave_none_of_its_tallies(db):
    """What a load deferred of the commitments emptied is emptied with them."""
    editor = Editor(6)
    defer_tallies()
    editor.create_in_bulk()
    empty_the_commitments()
    editor.create()
    add_deferred_tallies()
    assert_kept("emptied, then one made")
    assert_kept_as_counted_afresh()
