"""The status meter: how many commitments are in each status, as a bar and in words."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from tracker.models import CommitmentStatus

from .links import commitment_list_url


@dataclass(frozen=True)
class StatusSegment:
    status: str
    label: str
    count: int
    url: str
    # Where the segment starts and how wide it is, in percent of the bar.
    start: float
    width: float
    current: bool


@dataclass(frozen=True)
class StatusMeter:
    total: int
    segments: list[StatusSegment]

    @property
    def drawn(self) -> list[StatusSegment]:
        return [segment for segment in self.segments if segment.count]


def counts_by_status(commitments: QuerySet) -> dict[str, int]:
    """How many commitments are in each status, in one aggregate query."""
    return commitments.order_by().aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in CommitmentStatus.values}
    )


def status_meter(commitments: QuerySet, filters: dict[str, str], current: str = "") -> StatusMeter:
    """The meter of ``commitments``; each segment links to the list with ``filters`` and
    its status. ``current`` is the status the list already shows, if any."""
    counts = counts_by_status(commitments)
    total = sum(counts.values())
    segments = []
    start = 0.0
    for status, label in CommitmentStatus.choices:
        width = 100 * counts[status] / total if total else 0.0
        segments.append(
            StatusSegment(
                status=status,
                label=label,
                count=counts[status],
                url=commitment_list_url(filters, status=status),
                start=round(start, 3),
                width=round(width, 3),
                current=status == current,
            )
        )
        start += width
    return StatusMeter(total=total, segments=segments)
