"""The few records a country's or an organisation's page lists, newest first: chosen once
per data version (their keys kept in the page's summary, tracker.country_summary and
tracker.organisation_summary) and read by key at each build."""

from dataclasses import dataclass

from tracker import search_sql
from tracker.models import Announcement, Commitment, Figure, Quote


@dataclass(frozen=True)
class Shown:
    """The records a page lists, newest first, as its items draw them (``for_items()``)."""

    commitments: list[Commitment]
    announcements: list[Announcement]
    quotes: list[Quote]
    figures: list[Figure]


def read_by_key(
    commitments: list[int], announcements: list[int], quotes: list[int], figures: list[int]
) -> Shown:
    """The published records with these keys (each kind a query, an index probe per key,
    its SQL compiled once per number of keys: ``search_sql.by_keys``)."""
    return Shown(
        commitments=_by_key(Commitment, commitments),
        announcements=_by_key(Announcement, announcements),
        quotes=_by_key(Quote, quotes),
        figures=_by_key(Figure, figures),
    )


def _by_key(model, keys: list[int]) -> list:
    if not keys:
        return []
    return list(search_sql.by_keys("items", model, lambda chosen: _items(model, chosen), keys))


def _items(model, keys: list[int]):
    return model.objects.published().for_items().filter(pk__in=keys).newest_first()
