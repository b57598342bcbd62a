"""Dates: “7 November”, “7 November 2024”, “November 7, 2024”, “November 2024”, “in 2023”,
and “last year”, “this year”, “yesterday”, resolved against the article's date where it can be.

A date the text gives only in part is resolved to the part it gives (its
precision); a relative date is resolved only when the article's date is known
precisely enough (“yesterday” needs the day).
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from tracker.models import DatePrecision

from .candidates import Candidate, Kind
from .text import Taken, layout, sentence_at

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = (
    r"(?P<month>"
    + "|".join(
        sorted(
            (form for m in MONTHS for form in (m.capitalize(), m.upper())), key=len, reverse=True
        )
    )
    + r")\.?"
)
# A date given without its year is in the article's year, unless that puts it this far
# ahead of the article: then it is last year's (“13 December” in an April article).
_AHEAD = datetime.timedelta(days=60)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_ABSOLUTE = (
    # 4–7 November (2024): the range, dated by its first day
    re.compile(
        rf"\b{_DAY}\s?(?:[–—-]|\sto\s|\sand\s)\s?[0-3]?\d(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+{_YEAR})?\b"
    ),
    re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b"),  # 7 November (2024)
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!,\d)"),  # November 7, 2024
    re.compile(rf"\b{_MONTH}\s+{_YEAR}\b"),  # November 2024
    # in November, since January: a month alone is a date only after a preposition
    re.compile(
        rf"\b(?:[Ii]n|[Ss]ince|from|until|by|during|before|after|early|late)\s+{_MONTH}\b(?!\s+\d)"
    ),
    # in 2023, from 2023: a year alone is a date only after a preposition
    re.compile(
        rf"\b(?:[Ii]n|[Ss]ince|from|until|by|of|during|before|after)\s+(?P<when>{_YEAR})\b(?![\d%]|,\d)"
    ),
)
# 2025/26, 2025-26: a financial year, dated by the year it starts in
_FINANCIAL_YEAR = re.compile(r"\b(?P<year>(?:19|20)\d\d)[/–-](?P<next>\d\d)\b(?![/–-]\d)")
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_WEEKDAY = re.compile(
    r"\b(?:(?P<which>last|next|this|Last|Next|This)\s+)?"
    r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?!,?\s+(?:\d|the\s+\d|[A-Z][a-z]+\s+\d))"  # “Monday 4 November” is the date after it
)
# Words that put a weekday ahead of the article rather than behind it.
_FUTURE = re.compile(r"\b(?:will|shall|is due|are due|is expected|are expected|is set to|next)\b")
_RELATIVE = re.compile(
    r"\b(?P<which>last|this|next|Last|This|Next)\s+(?P<unit>year|month)\b"
    r"|\b(?P<day>yesterday|today|tomorrow|Yesterday|Today|Tomorrow)\b"
)


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    date: datetime.date | None
    precision: str  # DatePrecision, or "" when the date could not be resolved
    relative: bool = False

    def agrees_with(self, other: "FoundDate") -> bool:
        """Whether two dates could be the same day, at the precision both give."""
        if self.date is None or other.date is None:
            return True
        parts = {DatePrecision.YEAR: 1, DatePrecision.MONTH: 2, DatePrecision.DAY: 3}
        shared = min(parts[self.precision], parts[other.precision])
        mine = (self.date.year, self.date.month, self.date.day)[:shared]
        theirs = (other.date.year, other.date.month, other.date.day)[:shared]
        return mine == theirs

    def label(self) -> str:
        if self.date is None:
            return "not resolved: the article's date is not known precisely enough"
        if self.precision == DatePrecision.DAY:
            return f"{self.date.day} {self.date:%B %Y}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.date:%B %Y}"
        return str(self.date.year)


def find_dates(
    text: str, published_on: datetime.date | None = None, precision: str = DatePrecision.DAY
) -> list[FoundDate]:
    found: list[FoundDate] = []
    taken = Taken(len(text))  # an earlier pattern's date wins over a later one's
    for pattern in _ABSOLUTE:
        for match in pattern.finditer(text):
            if taken.overlaps(*match.span()):
                continue
            date = _absolute(match, published_on)
            if date is not None:
                found.append(date)
                taken.add(date.start, date.end)
    for match in _FINANCIAL_YEAR.finditer(text):
        year = int(match.group("year"))
        if int(match.group("next")) == (year + 1) % 100 and not taken.overlaps(*match.span()):
            found.append(
                FoundDate(match.start(), match.end(), datetime.date(year, 1, 1), DatePrecision.YEAR)
            )
            taken.add(match.start(), match.end())
    for match in _RELATIVE.finditer(text):
        found.append(_relative(match, published_on, precision))
    sentences = layout(text)
    for match in _WEEKDAY.finditer(text):
        if not taken.overlaps(*match.span()):
            found.append(_weekday(text, match, sentences, published_on, precision))
    return sorted(found, key=lambda f: f.start)


def _absolute(match: re.Match, published_on: datetime.date | None) -> FoundDate | None:
    groups = match.groupdict()
    start, end = match.span("when") if groups.get("when") else match.span()
    month = MONTHS[groups["month"].lower()] if groups.get("month") else 1
    year = int(groups["year"]) if groups.get("year") else None
    day = int(groups["day"]) if groups.get("day") else None
    inferred = year is None and published_on is not None
    if inferred:
        year = published_on.year  # “7 November” in an article of November 2024
    if day is not None:
        precision = DatePrecision.DAY
    elif groups.get("month"):
        precision = DatePrecision.MONTH
    else:
        precision = DatePrecision.YEAR
    if year is None:
        return FoundDate(start, end, None, "")
    try:
        date = datetime.date(year, month, day or 1)
        if inferred and date > published_on + _AHEAD:
            date = date.replace(year=year - 1)
    except ValueError:
        return None  # “31 November” is not a date (nor 29 February of the year before)
    if groups.get("month") and not groups.get("day") and not groups.get("year"):
        start, end = match.span("month")  # the month, without the preposition before it
    return FoundDate(start, end, date, precision)


def _relative(match: re.Match, published_on, precision: str) -> FoundDate:
    start, end = match.span()
    if published_on is None:
        return FoundDate(start, end, None, "", relative=True)
    if match.group("day"):
        if precision != DatePrecision.DAY:
            return FoundDate(start, end, None, "", relative=True)
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[match.group("day").lower()]
        date = published_on + datetime.timedelta(days=shift)
        return FoundDate(start, end, date, DatePrecision.DAY, relative=True)
    shift = {"last": -1, "this": 0, "next": 1}[match.group("which").lower()]
    if match.group("unit") == "year":
        date = datetime.date(published_on.year + shift, 1, 1)
        return FoundDate(start, end, date, DatePrecision.YEAR, relative=True)
    if precision == DatePrecision.YEAR:
        return FoundDate(start, end, None, "", relative=True)
    months = published_on.year * 12 + published_on.month - 1 + shift
    date = datetime.date(months // 12, months % 12 + 1, 1)
    return FoundDate(start, end, date, DatePrecision.MONTH, relative=True)


def _weekday(text, match: re.Match, sentences, published_on, precision: str) -> FoundDate:
    """“on Monday”: the Monday before the article's day, or after it when the sentence
    speaks of the future (“will travel on Monday”, “next Monday”); “last Monday”: the
    Monday of the week before the article's."""
    start, end = match.span()
    if published_on is None or precision != DatePrecision.DAY:
        return FoundDate(start, end, None, "", relative=True)
    weekday = WEEKDAYS[match.group("weekday").lower()]
    which = (match.group("which") or "").lower()
    sentence_start, _ = sentences.sentence_at(start)
    ahead = which == "next" or (
        which != "last" and _FUTURE.search(text, sentence_start, start) is not None
    )
    if ahead:
        shift = (weekday - published_on.weekday()) % 7 or (7 if which == "next" else 0)
    else:
        shift = -((published_on.weekday() - weekday) % 7)
        if which == "last":  # the week before the article's (“Last Monday (16 September)”)
            shift = weekday - published_on.weekday() - 7
    date = published_on + datetime.timedelta(days=shift)
    return FoundDate(start, end, date, DatePrecision.DAY, relative=True)


def date_candidates(
    text: str, published_on: datetime.date | None, precision: str = DatePrecision.DAY
) -> list[Candidate]:
    candidates = []
    for found in find_dates(text, published_on, precision):
        cite_start, cite_end = sentence_at(text, found.start)
        candidates.append(
            Candidate(
                kind=Kind.DATE,
                start=found.start,
                end=found.end,
                excerpt=text[found.start : found.end],
                cite_start=cite_start,
                cite_end=cite_end,
                label=found.label(),
                date=found.date,
                date_precision=found.precision,
            )
        )
    return candidates
