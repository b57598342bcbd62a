"""Numbers the sources state about something counted: “almost 100,000 illegal immigrants”,
“9,400 people”, “a 19% increase”, “around 190 countries”.

A number is a figure when a word for what it counts follows it (after at most
one adjective), or a percent sign; money and dates are found elsewhere and
left out here.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from tracker.models import FigureQualifier

from .candidates import Candidate, Kind
from .text import Taken, sentence_at

QUALIFIERS = {
    "almost": FigureQualifier.ALMOST,
    "nearly": FigureQualifier.ALMOST,
    "around": FigureQualifier.ABOUT,
    "about": FigureQualifier.ABOUT,
    "some": FigureQualifier.ABOUT,
    "roughly": FigureQualifier.ABOUT,
    "approximately": FigureQualifier.ABOUT,
    "an estimated": FigureQualifier.ABOUT,
    "more than": FigureQualifier.MORE_THAN,
    "over": FigureQualifier.MORE_THAN,
    "at least": FigureQualifier.MORE_THAN,
    "up to": FigureQualifier.UP_TO,
}
# What is counted, by the unit a Figure records it in.
PEOPLE = (
    "people", "persons", "migrants", "immigrants", "refugees", "asylum-seekers", "seekers",
    "members", "arrests", "returns", "officers", "investigators", "officials", "staff",
    "police", "children", "adults", "deaths", "smugglers", "criminals", "suspects", "victims",
    "workers",
)  # fmt: skip
OTHER_UNITS = (
    "countries", "nations", "years", "months", "weeks", "days", "crossings", "boats", "gangs",
    "networks", "jobs", "cases", "operations", "agreements", "partnerships",
)  # fmt: skip
UNITS = {noun: "people" for noun in PEOPLE} | {noun: noun for noun in OTHER_UNITS}
_QUALIFIER = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_NOUN = "|".join(sorted(UNITS, key=len, reverse=True))
_FIGURE = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIER})\s+)?"
    r"(?<![\w.,£€$¥₹])(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    rf"(?:\s?(?P<percent>%|per cent|percent)|\s+(?:[a-z][a-z-]+\s+)?(?P<noun>{_NOUN})\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Count:
    start: int
    end: int
    value: Decimal
    unit: str
    qualifier: str


def find_counts(text: str, taken: list[tuple[int, int]] = ()) -> list[Count]:
    """The figures in ``text``, leaving out the spans in ``taken`` (money, dates)."""
    counts = []
    covered = Taken(len(text))
    for start, end in taken:
        covered.add(start, end)
    for match in _FIGURE.finditer(text):
        if covered.overlaps(*match.span("number")):
            continue
        unit = "percent" if match.group("percent") else UNITS[match.group("noun").lower()]
        qualifier = match.group("qualifier")
        counts.append(
            Count(
                start=match.start(),
                end=match.end(),
                value=Decimal(match.group("number").replace(",", "")),
                unit=unit,
                qualifier=QUALIFIERS[qualifier.lower()] if qualifier else FigureQualifier.EXACT,
            )
        )
    return counts


def figure_candidates(text: str, taken: list[tuple[int, int]]) -> list[Candidate]:
    candidates = []
    for count in find_counts(text, taken):
        cite_start, cite_end = sentence_at(text, count.start)
        excerpt = text[count.start : count.end]
        candidates.append(
            Candidate(
                kind=Kind.FIGURE,
                start=count.start,
                end=count.end,
                excerpt=excerpt,
                cite_start=cite_start,
                cite_end=cite_end,
                label=f"{_qualified(count)}{count.value:,f} {count.unit}",
                value=count.value,
                unit=count.unit,
                qualifier=count.qualifier,
            )
        )
    return candidates


def _qualified(count: Count) -> str:
    if count.qualifier == FigureQualifier.EXACT:
        return ""
    return f"{FigureQualifier(count.qualifier).label.lower()} "
