"""The world map: every country drawn (Kosovo its own), shaded by its published commitments.

The shapes are built once from Natural Earth by ``tracker/mapdata/build.py`` and read
here once per process; the counts are handed in (the countries index's, one query).
"""

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from tracker.formatting import current_locale, number
from tracker.markup import escaped
from tracker.models import Country

SHAPES = Path(__file__).resolve().parent.parent / "mapdata" / "world.json"
# Shades of the map besides "none": the counts are split into this many classes.
SHADES = 4
# A country without commitments is drawn out of the tab order: the table lists the others.
OUT_OF_TAB_ORDER = ' tabindex="-1"'
TOO_SMALL = ' <span class="meta">(too small to draw at this scale)</span>'


@dataclass(frozen=True)
class MapCountry:
    code: str
    name: str
    url: str
    count: int
    shade: int
    path: str  # empty for a country too small to draw at this scale


@dataclass(frozen=True)
class ShadeClass:
    shade: int
    low: int
    high: int


@dataclass(frozen=True)
class WorldMap:
    view_box: str
    drawn: list[MapCountry]
    # Countries with commitments, most first: the map's text alternative.
    listed: list[MapCountry]
    legend: list[ShadeClass]

    @property
    def drawn_countries(self) -> SafeString:
        """Each drawn country as a link to its page, named by its count: drawn here, since
        the template language takes about 15 ms for the 200 countries."""
        links = []
        locale = current_locale()
        for country in self.drawn:
            name, count = escaped(country.name), escaped(number(country.count, locale))
            links.append(
                f'<a href="{escaped(country.url)}" aria-label="{name}: {count} '
                f'commitment{"" if country.count == 1 else "s"}"'
                f"{'' if country.count else OUT_OF_TAB_ORDER}><title>{name}: {count}</title>"
                f'<path class="shade-{escaped(country.shade)}" data-code="{escaped(country.code)}"'
                f' d="{escaped(country.path)}"/></a>'
            )
        return mark_safe("".join(links))

    @property
    def listed_rows(self) -> SafeString:
        """The map's table: a row per country with commitments, most first."""
        locale = current_locale()
        return mark_safe(
            "".join(
                f'<tr><th scope="row"><a href="{escaped(country.url)}">{escaped(country.name)}</a>'
                f"{'' if country.path else TOO_SMALL}</th>"
                f'<td class="num">{escaped(number(country.count, locale))}</td></tr>'
                for country in self.listed
            )
        )


@cache
def shapes() -> dict:
    return json.loads(SHAPES.read_text())


def shade_classes(peak: int) -> list[ShadeClass]:
    """Counts from 1 to ``peak`` in at most SHADES classes that grow geometrically, so that
    a country with a handful of commitments is not lost beside one with thousands."""
    lows = sorted({math.ceil(peak ** (step / SHADES)) for step in range(SHADES)} | {1})
    highs = [low - 1 for low in lows[1:]] + [peak]
    return [
        ShadeClass(shade=index, low=low, high=high)
        for index, (low, high) in enumerate(
            zip(lows, highs, strict=True), start=SHADES + 1 - len(lows)
        )
        if low <= high
    ]


def world_map(counts: Mapping[str, int]) -> WorldMap:
    """Every country, shaded by ``counts``, its published commitments by country code
    (``tracker.country_index.commitments_by_country``, which the countries index reads
    too), none where a country has no count."""
    data = shapes()
    drawn_paths = data["shapes"]
    rows = list(Country.objects.values_list("code", "name", "slug"))
    peak = max(counts.values(), default=0)
    legend = shade_classes(peak) if peak else []

    def shade(count: int) -> int:
        return next((c.shade for c in reversed(legend) if count >= c.low), 0)

    made = [
        MapCountry(
            code=code,
            name=name,
            url=reverse("country-detail", args=[slug]),
            count=counts.get(code, 0),
            shade=shade(counts.get(code, 0)),
            path=drawn_paths.get(code, ""),
        )
        for code, name, slug in rows
    ]
    return WorldMap(
        view_box=data["viewBox"],
        drawn=sorted((c for c in made if c.path), key=lambda c: c.code),
        listed=sorted((c for c in made if c.count), key=lambda c: (-c.count, c.name)),
        legend=legend,
    )
