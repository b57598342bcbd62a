"""One query that every component of a page reads: commitments counted by status, currency,
(for timelines) month of announcement and (for the home page's counts) kind, with their
money counted once.

The pages that tally every published commitment, or a country's, read the rows the
database keeps of these tallies instead (``tracker.models.tallies``: the home page, the
commitments lists' summaries, the country page, the countries index), which equal them
(tests/models/test_commitment_tallies.py); the lists with other filters and the
organisation page count here."""

from django.db.models import Count, DateField, Q, QuerySet, Sum
from django.db.models.functions import Cast, TruncMonth

from tracker.models import CommitmentKind
from tracker.models.commitment_queries import counted_once


def tally(commitments: QuerySet, *, by_month: bool = False, by_kind: bool = False) -> list[dict]:
    """``tallied()``, read."""
    return list(tallied(commitments, by_month=by_month, by_kind=by_kind))


def tallied(commitments: QuerySet, *, by_month: bool = False, by_kind: bool = False) -> QuerySet:
    """The query of ``tally()``'s rows, unevaluated, for a page that compiles it once
    (``search_sql.by_keys``). Rows of ``status``, ``currency`` (empty for commitments
    without money) and, if asked, ``month`` (None when undated) and ``kind``, each with
    ``commitments``, and for funding ``amount`` and ``counted`` (money no published total
    includes) and ``inside`` (money one does).

    A few rows per status and currency (and month, and kind), however many commitments: at
    most six statuses × the currencies in use × the months shown × three kinds."""
    funding = Q(kind=CommitmentKind.FUNDING)
    counted = funding & counted_once()
    rows = commitments.with_published_total().order_by()
    keys = ["status", "currency"]
    if by_month:
        # A date from the database: PostgreSQL's DATE_TRUNC gives a timestamp, which Django
        # turned back into a date row by row (hundreds of rows for a busy country's list).
        rows = rows.annotate(month=Cast(TruncMonth("announced_on"), DateField()))
        keys.append("month")
    if by_kind:
        keys.append("kind")
    return rows.values(*keys).annotate(
        commitments=Count("pk"),
        amount=Sum("amount_minor", filter=counted),
        counted=Count("pk", filter=counted),
        inside=Count("pk", filter=funding & ~counted_once()),
    )


def kinds_of(rows: list[dict]) -> dict[str, int]:
    """How many commitments of each kind a tally ``by_kind`` counted:
    {"partnership": 3, "funding": 2, "pledge": 0}."""
    counts = dict.fromkeys(CommitmentKind.values, 0)
    for row in rows:
        counts[row["kind"]] += row["commitments"]
    return counts
