"""At a glance: status meters, money totals, the world map and timelines.

Each component reads a queryset of published commitments in a fixed number of
queries (an aggregate, not rows) and gives the templates numbers and shapes to
draw as SVG on the server, with links into the filtered commitments list.
"""

from django.db.models import QuerySet

from .links import commitment_list_url, list_filters
from .status import status_meter
from .timeline import monthly_timeline
from .totals import money_totals
from .worldmap import world_map


def at_a_glance(
    commitments: QuerySet, filters: dict[str, str], *, status: str = "", timeline: bool = False
) -> dict:
    """The meter and money totals of ``commitments`` (and their timeline if asked), for a
    page's context; their links keep ``filters``. Two queries, three with the timeline."""
    glance = {
        "meter": status_meter(commitments, filters, current=status),
        "totals": money_totals(commitments, filters),
    }
    if timeline:
        glance["timeline"] = monthly_timeline(commitments)
    return glance


__all__ = [
    "at_a_glance",
    "commitment_list_url",
    "list_filters",
    "money_totals",
    "monthly_timeline",
    "status_meter",
    "world_map",
]
