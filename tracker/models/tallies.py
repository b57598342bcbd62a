"""The published commitments counted as the tallies read them, kept by the database.

Every page that shows commitments counted (the home page's figures and glance, a list's
overview, a country's page, the countries index and the world map) tallied every published
commitment, or every one a country is a party to, by kind, status, currency and month,
with its money counted once (``overview.tally``). Only an edit changes the counts, but
every edit changes the data version, after which each of those tallies read its rows
again: 1.3-2.7 s a page at 1,000,000 commitments, in every worker.

So the database keeps them (migration 0032): a row for each scope (every commitment, or a
country's: ``scope`` is '' or the country's code), kind, status, currency and month of
announcement, with the commitments it counts, their countable money (funding no published
total includes: ``counted_once``), how many of them are counted, have an amount, and are
inside a published total. Triggers add each write's difference (what it removed, what it
added) whatever writes: the admin, ``QuerySet.update()``, fixtures, bulk inserts, raw SQL.
A page reads a few rows, not the commitments. A bulk load (an import, a chunk of
``generate_synthetic``) adds its differences once, at its end (``defer_tallies()``,
migration 0034): the rows are shared by every commitment of a kind, status, currency and
month, and an editor saving one waited for the whole load.

It is the database's own, derived from the commitments: unmanaged, so ``dumpdata``
leaves it out and ``loaddata`` does not load it twice (``tracker.routers``); the commitments
loaded make its rows.
"""

import datetime

from django.db import connection, models
from django.db.models import Sum

# The month of undated commitments: a key column cannot be NULL (NULLs are never equal, so
# a unique index would keep a row for each) and SQLite has no NULLS NOT DISTINCT.
UNDATED = datetime.date(1, 1, 1)
# The month of the rows that count every month of their scope, kind, status and currency
# (the undated too): what the pages that count no months read.
EVERY_MONTH = datetime.date(1, 1, 2)
EVERY_COUNTRY = ""  # the scope of every published commitment


class CommitmentTally(models.Model):
    scope = models.CharField(max_length=2)  # a country's code, or EVERY_COUNTRY
    kind = models.CharField(max_length=12)
    status = models.CharField(max_length=12)
    currency = models.CharField(max_length=3)
    month = models.DateField()  # the first of the month announced, UNDATED or EVERY_MONTH
    commitments = models.BigIntegerField()
    amount = models.BigIntegerField()  # countable money, in minor units
    counted = models.BigIntegerField()  # funding whose money counts here
    priced = models.BigIntegerField()  # of those, with an amount
    inside = models.BigIntegerField()  # funding whose money a published total counts

    class Meta:
        managed = False  # created by migration 0032, with its triggers
        db_table = "tracker_commitmenttally"

    def __str__(self) -> str:
        return f"{self.scope or 'all'} {self.kind} {self.status} {self.currency} {self.month}"


def defer_tallies() -> None:
    """Until ``add_deferred_tallies()``, the commitments and parties written leave the
    tallies as they were and keep their differences aside, in the session's own table (on
    PostgreSQL; SQLite writes one transaction at a time, and counts row by row): for a
    bulk load, in its transaction, which ends with ``add_deferred_tallies()``. Adding them
    at once held the rows of every month the load wrote until it committed, and an editor
    saving a commitment with the same keys waited for the whole load (migration 0034)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT tracker_defer_tallies()")


def add_deferred_tallies() -> None:
    """The differences kept aside since ``defer_tallies()`` added to the tallies, in one
    statement, in the keys' order (so two loads ending at once wait for each other, never
    deadlock), and the tallies counted at once again. The load's last step: the tally rows
    are held from here until it commits."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT tracker_add_deferred_tallies()")


def kept_tally(scope: str = EVERY_COUNTRY, *, by_month: bool = True) -> list[dict]:
    """The kept rows of ``scope`` as ``overview.tally(..., by_month=by_month,
    by_kind=True)`` gives them: ``month`` None where undated, ``amount`` None where no
    money counts."""
    rows = CommitmentTally.objects.filter(scope=scope)
    rows = rows.exclude(month=EVERY_MONTH) if by_month else rows.filter(month=EVERY_MONTH)
    return [
        _as_tallied(row, by_month)
        for row in rows.values("status", "currency", "month", "kind", *COUNTS, "priced")
    ]


COUNTS = ("commitments", "amount", "counted", "inside")


def _as_tallied(row: dict, by_month: bool) -> dict:
    tallied = {"status": row["status"], "currency": row["currency"]}
    if by_month:
        tallied["month"] = None if row["month"] == UNDATED else row["month"]
    tallied["kind"] = row["kind"]
    tallied["commitments"] = row["commitments"]
    tallied["amount"] = row["amount"] if row["priced"] else None
    tallied["counted"] = row["counted"]
    tallied["inside"] = row["inside"]
    return tallied


def kept_by_country() -> list[tuple[str, str, str, int, int | None]]:
    """Each country's published commitments (and countable money) by kind and currency:
    (country code, kind, currency, commitments, amount or None)."""
    rows = (
        CommitmentTally.objects.exclude(scope=EVERY_COUNTRY)
        .filter(month=EVERY_MONTH)
        .order_by()
        .values_list("scope", "kind", "currency")
        .annotate(n=Sum("commitments"), money=Sum("amount"), priced=Sum("priced"))
    )
    return [
        (code, kind, currency, n, money if priced else None)
        for code, kind, currency, n, money, priced in rows
    ]


def most_counted_currency() -> str | None:
    """The currency of the most funding whose money counts (``counted``) among every
    published commitment, the first by its code among equals; None where none counts."""
    return (
        CommitmentTally.objects.filter(scope=EVERY_COUNTRY, month=EVERY_MONTH)
        .values_list("currency", flat=True)
        .order_by()
        .annotate(n=Sum("counted"))
        .filter(n__gt=0)
        .order_by("-n", "currency")
        .first()
    )
