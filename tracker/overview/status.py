"""The status meter: how many commitments are in each status, as a bar and in words."""

from dataclasses import dataclass

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


def meter_of(rows: list[dict], filters: dict[str, str], current: str = "") -> StatusMeter:
    """The meter of a tally; each segment links to the list with ``filters`` and its status.
    ``current`` is the status the list already shows, if any."""
    counts = dict.fromkeys(CommitmentStatus.values, 0)
    for row in rows:
        counts[row["status"]] += row["commitments"]
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
