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
from .numbers import WORD_NUMBER, word_value
from .text import Taken, measured_after, sentence_at

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
# What is counted, by the unit a figure records it in: people by any of these words,
# other things by their own noun (any plural noun counts).
PEOPLE = (
    "people", "persons", "migrants", "immigrants", "refugees", "asylum-seekers", "seekers",
    "members", "arrests", "returns", "officers", "investigators", "officials", "staff",
    "police", "children", "adults", "deaths", "smugglers", "criminals", "suspects", "victims",
    "workers", "nationals", "individuals", "residents", "citizens", "passengers", "prisoners",
    "offenders", "detainees", "traffickers", "soldiers", "troops", "personnel", "men", "women",
    "people smugglers", "people traffickers",
)  # fmt: skip
OTHER_UNITS = (
    "countries", "nations", "years", "months", "weeks", "days", "crossings", "boats", "gangs",
    "networks", "jobs", "cases", "operations", "agreements", "partnerships",
)  # fmt: skip
UNITS = {noun: "people" for noun in PEOPLE} | {noun: noun for noun in OTHER_UNITS}
# Words that end in s without naming what a number counts, and words that cannot
# stand between a number and its noun.
_NOT_NOUNS = (
    "is", "was", "has", "this", "its", "as", "us", "yes", "less", "across", "plus", "thus",
    "always", "perhaps", "towards", "afterwards", "whereas", "his", "hers", "ours", "theirs",
    "does", "goes", "says", "sees", "remains", "includes", "means", "whilst", "unless", "times",
)  # fmt: skip
_NOT_MODIFIERS = (
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "or", "but", "with", "by",
    "from", "as", "was", "were", "is", "are", "be", "been", "has", "have", "had", "will",
    "would", "that", "which", "who", "this", "these", "those", "its", "their", "his", "her",
    "our", "we", "they", "he", "she", "it", "than", "per", "into", "between", "after",
    "before", "since", "during", "over", "under", "more", "less", "up", "out", "times",
)  # fmt: skip
# A number after one of these is a name or a place in a document, not a count.
_NOT_COUNTED_AFTER = frozenset((
    "article", "section", "chapter", "page", "phase", "tier", "stage", "level", "paragraph",
    "annex", "clause", "no", "number", "cop", "g", "part", "schedule", "rule",
))  # fmt: skip
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_QUALIFIER = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_KNOWN = "|".join(sorted(UNITS, key=len, reverse=True))
_STOP = "|".join(_NOT_MODIFIERS)
_FIGURE = re.compile(
    rf"(?:\b(?P<qualifier>(?i:{_QUALIFIER}))\s+)?"
    r"(?<![\w.,£€$¥₹/])"
    r"(?:(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\.\d|/\d|,\d)"
    rf"|(?P<words>\b(?i:{WORD_NUMBER})))"
    r"(?:\s(?P<scale>thousand|million|billion))?"
    r"(?:\s?(?P<percent>%|per cent|percent)"
    rf"|\s+(?P<modifiers>(?:(?!(?:{_STOP})\b)[A-Za-z][\w’'-]*\s+){{0,2}}?)"
    rf"(?P<noun>(?:{_KNOWN})|(?!(?:{'|'.join(_NOT_NOUNS)})\b)[a-z][a-z-]*[a-rt-z]s)(?![\w-]))"
)
_PREVIOUS_WORD = re.compile(r"(\w+)\W*$")


@dataclass(frozen=True)
class Count:
    start: int
    end: int
    value: Decimal
    unit: str
    qualifier: str
    noun: str = ""


def find_counts(text: str, taken: list[tuple[int, int]] = ()) -> list[Count]:
    """The figures in ``text``, leaving out the spans in ``taken`` (money, dates)."""
    counts = []
    covered = Taken(len(text))
    for start, end in taken:
        covered.add(start, end)
    for match in _FIGURE.finditer(text):
        number = "number" if match.group("number") else "words"
        if covered.overlaps(*match.span(number)) or _names_a_document(text, match.start(number)):
            continue
        if match.group("number"):
            value = Decimal(match.group("number").replace(",", ""))
        else:
            value = word_value(match.group("words"))
            if value < 2 and not match.group("percent"):
                continue  # “one country”: a phrase, not a count worth recording
        if match.group("scale"):
            value *= SCALES[match.group("scale")]
        noun = (match.group("noun") or "").lower()
        unit = "percent" if match.group("percent") else UNITS.get(noun, noun)
        qualifier = match.group("qualifier")
        counts.append(
            Count(
                start=match.start(),
                end=match.end(),
                value=value,
                unit=unit,
                qualifier=QUALIFIERS[qualifier.lower()] if qualifier else FigureQualifier.EXACT,
                noun=" ".join([*(match.group("modifiers") or "").split(), noun]).strip(),
            )
        )
    return counts


def _names_a_document(text: str, position: int) -> bool:
    """Whether the number at ``position`` follows “Article”, “page”, “G”…"""
    before = _PREVIOUS_WORD.search(text, max(0, position - 20), position)
    return before is not None and before.group(1).lower() in _NOT_COUNTED_AFTER


def figure_candidates(text: str, taken: list[tuple[int, int]]) -> list[Candidate]:
    candidates = []
    for count in find_counts(text, taken):
        cite_start, cite_end = sentence_at(text, count.start)
        excerpt = text[count.start : count.end]
        counted = count.noun or count.unit
        candidates.append(
            Candidate(
                kind=Kind.FIGURE,
                start=count.start,
                end=count.end,
                excerpt=excerpt,
                cite_start=cite_start,
                cite_end=cite_end,
                label=f"{_qualified(count)}{count.value:,f} {counted}",
                value=count.value,
                unit=count.unit,
                qualifier=count.qualifier,
                measures=" ".join((count.noun, measured_after(text, count.end, cite_end))).strip(),
            )
        )
    return candidates


def _qualified(count: Count) -> str:
    if count.qualifier == FigureQualifier.EXACT:
        return ""
    return f"{FigureQualifier(count.qualifier).label.lower()} "
