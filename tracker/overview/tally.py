"""One query that every component of a page reads: commitments counted by status, currency
and (for timelines) month of announcement, with their money counted once."""

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from tracker.models import CommitmentKind
from tracker.models.commitments import counted_once


def tally(commitments: QuerySet, *, by_month: bool = False) -> list[dict]:
    """Rows of ``status``, ``currency`` (empty for commitments without money) and, if asked,
    ``month`` (None when undated), each with ``commitments``, and for funding ``amount``
    and ``counted`` (money no published total includes) and ``inside`` (money one does).

    A few rows per status and currency (and month), however many commitments: at most
    six statuses × the currencies in use × the months shown."""
    funding = Q(kind=CommitmentKind.FUNDING)
    counted = funding & counted_once()
    rows = commitments.order_by()
    keys = ["status", "currency"]
    if by_month:
        rows = rows.annotate(month=TruncMonth("announced_on"))
        keys.append("month")
    return list(
        rows.values(*keys).annotate(
            commitments=Count("pk"),
            amount=Sum("amount_minor", filter=counted),
            counted=Count("pk", filter=counted),
            inside=Count("pk", filter=funding & ~counted_once()),
        )
    )
