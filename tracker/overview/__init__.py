"""At a glance: status meters, money totals, the world map and timelines.

A page's meter, money totals and timeline read one tally of its published
commitments (``tally``: an aggregate, not rows), the map one count per country;
they give the templates numbers and shapes to draw as SVG on the server, with
links into the filtered commitments list.
"""

from django.db.models import QuerySet

from .glance_markup import drawn_glance
from .links import commitment_list_url, list_filters
from .status import meter_of
from .summaries import answered_by_summary, answered_filters, counted_by_summary, list_tally
from .tally import kinds_of, tally
from .timeline import timeline_of
from .totals import totals_of
from .worldmap import world_map


def at_a_glance(
    commitments: QuerySet,
    filters: dict[str, str],
    *,
    status: str = "",
    timeline: bool = False,
) -> dict:
    """The status meter and money totals of ``commitments`` (and their timeline if asked),
    for a page's context, all from one query; their links keep ``filters``.

    With ``status``, ``commitments`` are those of every status: the meter shows them all
    and marks ``status``, the money and the timeline are those of ``status`` alone, as on
    a commitments list filtered by status."""
    return glance_of(
        tally(commitments, by_month=timeline), filters, status=status, timeline=timeline
    )


def glance_of(
    rows: list[dict], filters: dict[str, str], *, status: str = "", timeline: bool = False
) -> dict:
    """``at_a_glance()`` of a tally read beforehand (``timeline`` needs it ``by_month``):
    the home page remembers its tally of every commitment for the data version."""
    chosen = [row for row in rows if row["status"] == status] if status else rows
    glance = {
        "meter": meter_of(rows, filters, status),
        "totals": totals_of(chosen, {**filters, "status": status}),
    }
    if timeline:
        glance["timeline"] = timeline_of(chosen)
    return glance


__all__ = [
    "answered_by_summary",
    "answered_filters",
    "at_a_glance",
    "commitment_list_url",
    "counted_by_summary",
    "drawn_glance",
    "glance_of",
    "kinds_of",
    "list_filters",
    "list_tally",
    "tally",
    "world_map",
]
