"""The tallies the database keeps (migration 0032) equal the tallies counted from the
commitments (``overview.tally``), after every write, on both engines.

Random sequences of the writes that change them: commitments created (one at a time and
in bulk), published and withdrawn (one, or many in one statement with the totals their
money is inside), their kind, status, currency, amount, date and total changed, parties
added, moved and removed, commitments deleted; after each, every scope is compared.
"""

import datetime
import os
import random
from importlib import import_module

import pytest
from django.db import connection
from django.db.models import Count, FilteredRelation, Q, Sum

from tests.factories import CommitmentFactory
from tracker.models import (
    Commitment,
    CommitmentKind,
    CommitmentParty,
    CommitmentStatus,
    CommitmentTally,
    Country,
    FundingType,
    PartnershipNovelty,
    PartyRole,
    Publication,
)
from tracker.models.tallies import kept_by_country, kept_tally
from tracker.overview.tally import tally

COUNTRIES = ["RS", "GB", "FR", "AL"]
CURRENCIES = ["GBP", "EUR", "USD"]
DATES = [None, datetime.date(2024, 1, 5), datetime.date(2024, 1, 30), datetime.date(2023, 7, 1)]


def counted_afresh(scope: str, by_month: bool = True) -> list[dict]:
    commitments = Commitment.objects.published()
    if scope:
        commitments = commitments.involving(Country(pk=scope))
    return tally(commitments, by_month=by_month, by_kind=True)


def in_order(rows: list[dict]) -> list[tuple]:
    return sorted(
        (tuple(sorted(row.items(), key=lambda item: item[0])) for row in rows),
        key=repr,
    )


def assert_kept(step: str) -> None:
    for scope in ["", *COUNTRIES]:
        for by_month in (True, False):
            assert in_order(kept_tally(scope, by_month=by_month)) == in_order(
                counted_afresh(scope, by_month)
            ), (step, scope, by_month)
    assert not CommitmentTally.objects.filter(commitments=0).exists(), step
    assert sorted(kept_by_country()) == by_country_afresh(), step


def by_country_afresh() -> list[tuple]:
    """The countries index's counts as they were counted from the parties (until
    migration 0032): each country's published commitments and countable money by kind
    and currency."""
    published = Publication.PUBLISHED
    countable = Q(commitment__kind=CommitmentKind.FUNDING, published_total__isnull=True)
    rows = (
        CommitmentParty.objects.filter(commitment__publication=published)
        .annotate(
            published_total=FilteredRelation(
                "commitment__included_in",
                condition=Q(commitment__included_in__publication=published),
            )
        )
        .order_by()
        .values_list("country", "commitment__kind", "commitment__currency")
        .annotate(n=Count("pk"), money=Sum("commitment__amount_minor", filter=countable))
    )
    return sorted(rows)


def money(kind: str, rng: random.Random) -> dict:
    """The columns a commitment of ``kind`` must have (or not)."""
    if kind == CommitmentKind.FUNDING:
        return {
            "amount_minor": rng.choice([0, 100, 2_500, 10**12]),
            "currency": rng.choice(CURRENCIES),
            "funding_type": FundingType.NEW,
        }
    return {
        "amount_minor": None,
        "currency": "",
        "funding_type": "",
        "included_in": None,
        "adds_to": None,
        "novelty": PartnershipNovelty.NEW if kind == CommitmentKind.PARTNERSHIP else "",
    }


class Editor:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.made = 0

    def chosen(self, rows):
        """One of ``rows`` drawn by the seeded stream (so a failing sequence repeats)."""
        keys = list(rows.order_by("pk").values_list("pk", flat=True))
        return rows.model.objects.get(pk=self.rng.choice(keys)) if keys else None

    def any(self):
        return self.chosen(Commitment.objects.all())

    def funding(self, exclude=None):
        found = Commitment.objects.filter(kind=CommitmentKind.FUNDING)
        if exclude is not None:
            found = found.exclude(pk=exclude.pk)
        return self.chosen(found)

    def new(self, kind=None) -> Commitment:
        rng = self.rng
        kind = kind or rng.choice([*CommitmentKind.values, CommitmentKind.FUNDING])
        self.made += 1
        fields = money(kind, rng)
        if kind == CommitmentKind.FUNDING and rng.random() < 0.6:
            fields["included_in"] = self.funding()
        return Commitment(
            slug=f"random-{self.made}",
            title=f"Random {self.made}",
            summary="s",
            kind=kind,
            status=rng.choice(CommitmentStatus.values),
            announced_on=rng.choice(DATES),
            publication=rng.choice(
                [Publication.PUBLISHED, Publication.PUBLISHED, Publication.DRAFT]
            ),
            **fields,
        )

    def add_parties(self, commitment: Commitment) -> None:
        for code in self.rng.sample(COUNTRIES, self.rng.randint(0, 2)):
            CommitmentParty.objects.get_or_create(
                commitment=commitment, country_id=code, defaults={"role": PartyRole.PARTNER}
            )

    # The writes.
    def create(self):
        commitment = self.new()
        commitment.save()
        self.add_parties(commitment)

    def create_in_bulk(self):
        made = Commitment.objects.bulk_create([self.new() for _ in range(self.rng.randint(2, 5))])
        for commitment in made:
            self.add_parties(commitment)

    def publish_or_withdraw(self):
        commitment = self.any()
        if commitment:
            commitment.publication = self.rng.choice(Publication.values)
            commitment.save()

    def publish_or_withdraw_many(self):
        """One statement over several commitments, with the totals they are inside."""
        every = list(Commitment.objects.order_by("pk").values_list("pk", flat=True))
        keys = self.rng.sample(every, min(4, len(every)))
        totals = Commitment.objects.filter(pk__in=keys, included_in__isnull=False)
        keys += list(totals.values_list("included_in", flat=True))
        Commitment.objects.filter(pk__in=keys).update(
            publication=self.rng.choice(Publication.values)
        )

    def change_status_or_date(self):
        commitment = self.any()
        if commitment:
            Commitment.objects.filter(pk=commitment.pk).update(
                status=self.rng.choice(CommitmentStatus.values),
                announced_on=self.rng.choice(DATES),
            )

    def change_money(self):
        commitment = self.funding()
        if commitment:
            commitment.amount_minor = self.rng.choice([0, 7, 10**9])
            commitment.currency = self.rng.choice(CURRENCIES)
            commitment.save()

    def change_kind(self):
        commitment = self.any()
        if commitment is None or commitment.included.exists():
            return
        kind = self.rng.choice(CommitmentKind.values)
        Commitment.objects.filter(pk=commitment.pk).update(kind=kind, **money(kind, self.rng))

    def change_total(self):
        commitment = self.funding()
        if commitment:
            total = self.rng.choice([None, self.funding(exclude=commitment)])
            commitment.included_in = total
            commitment.save()

    def add_party(self):
        commitment = self.any()
        if commitment:
            self.add_parties(commitment)

    def move_party(self):
        party = self.chosen(CommitmentParty.objects.all())
        if party:
            taken = set(party.commitment.parties.values_list("country_id", flat=True))
            free = [code for code in COUNTRIES if code not in taken]
            if free:
                CommitmentParty.objects.filter(pk=party.pk).update(country_id=self.rng.choice(free))

    def remove_party(self):
        party = self.chosen(CommitmentParty.objects.all())
        if party:
            party.delete()

    def delete(self):
        commitment = self.any()
        if commitment:
            Commitment.objects.filter(included_in=commitment).update(included_in=None)
            Commitment.objects.filter(adds_to=commitment).update(adds_to=None)
            commitment.delete()

    def writes(self):
        return [
            self.create,
            self.create,
            self.create_in_bulk,
            self.publish_or_withdraw,
            self.publish_or_withdraw_many,
            self.change_status_or_date,
            self.change_money,
            self.change_kind,
            self.change_total,
            self.add_party,
            self.move_party,
            self.remove_party,
            self.delete,
        ]


@pytest.mark.parametrize("seed", range(int(os.environ.get("TALLY_SEEDS", "4"))))
def test_kept_tallies_equal_the_tallies_counted_afresh_after_every_write(db, seed):
    editor = Editor(seed)
    assert_kept("empty")
    seen = set()
    for step in range(60):
        write = editor.rng.choice(editor.writes())
        write()
        assert_kept(f"{step}: {write.__name__}")
        kept = CommitmentTally.objects.all()
        seen |= {
            "countries" if kept.exclude(scope="").exists() else "",
            "money" if kept.filter(amount__gt=0).exists() else "",
            "inside" if kept.filter(inside__gt=0).exists() else "",
        }
    # What was compared: rows of countries, money counted and money inside a total.
    assert seen >= {"countries", "money", "inside"}


def test_a_total_published_moves_the_money_inside_it_in_every_scope(db):
    total = CommitmentFactory(
        kind=CommitmentKind.FUNDING, amount_minor=100, currency="GBP", funding_type="new",
        publication=Publication.DRAFT,
    )  # fmt: skip
    inside = CommitmentFactory(
        kind=CommitmentKind.FUNDING, amount_minor=40, currency="GBP", funding_type="new",
        included_in=total,
    )  # fmt: skip
    CommitmentParty.objects.create(commitment=inside, country_id="RS", role=PartyRole.FUNDER)
    assert [(row["counted"], row["inside"], row["amount"]) for row in kept_tally("RS")] == [
        (1, 0, 40)
    ]
    total.publication = Publication.PUBLISHED
    total.save()
    assert [(row["counted"], row["inside"], row["amount"]) for row in kept_tally("RS")] == [
        (0, 1, None)
    ]
    assert_kept("published")


def test_the_migration_counts_what_was_there(db):
    """Emptied and counted again as the migration fills it, the table is as kept."""
    editor = Editor(99)
    for _ in range(20):
        editor.create()
    kept = {scope: in_order(kept_tally(scope)) for scope in ["", *COUNTRIES]}
    migration = import_module("tracker.migrations.0032_commitment_tallies")
    with connection.cursor() as cursor:
        for statement in migration.fill(connection.vendor):
            cursor.execute(statement)
    assert {scope: in_order(kept_tally(scope)) for scope in ["", *COUNTRIES]} == kept
    assert_kept("filled")


def test_the_commitments_emptied_leave_no_tally(db):
    """As Django's ``flush`` empties the tables between transactional tests (PostgreSQL
    truncates them, which fires no row's trigger): the kept rows of the commitments that
    were are gone too."""
    Editor(5).create_in_bulk()
    assert CommitmentTally.objects.exists()
    empty_the_commitments()
    assert not CommitmentTally.objects.exists()


def empty_the_commitments() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The data version's deferred triggers run first: a table with trigger events
            # pending cannot be truncated.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE tracker_commitmentparty, tracker_commitment CASCADE")
        else:
            cursor.execute("DELETE FROM tracker_commitmentparty")
            cursor.execute("DELETE FROM tracker_commitment")


def test_the_triggers_are_there(db):
    """A migration that remakes the commitments' or the parties' table on SQLite drops
    them (migration 0032's docstring)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        found = {name for (name,) in cursor.fetchall()}
    for table in ("tracker_commitment", "tracker_commitmentparty"):
        for event in ("insert", "update", "delete"):
            assert f"{table}_{event}_tallies" in found
