"""What a filtered list shows, in words, and each filter it applies, removable.

``describe(filters, query, path)`` reads a valid filter form (tracker.filter_forms) and
gives the list's heading ("Partnerships involving Serbia, announced in 2024"), which
the page's ``<title>`` and the ``<h1>``'s subtitle take, the summary with its count
("3 partnerships involving Serbia, announced in 2024") and the active filters, each with
the address without it. The words come from the form's own fields (labels, choices,
``PHRASES``), so a new filter is described where it is declared.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.http import QueryDict

from tracker.filter_forms import ListFilters
from tracker.formatting import fuzzy_date, number

# How a filter's value reads after the noun, by field name; a form's PHRASES add to it.
PHRASES = {
    "q": "matching “{}”",
    "country": "concerning {}",
    "speaker": "said by {}",
    "event": "at {}",
    "organisation": "naming {}",
    "person": "announced by {}",
    "publisher": "published by {}",
    "region": "in {}",
    "currency": "in {}",
    "status": "with status “{}”",
    "money": "{}",
}


@dataclass(frozen=True)
class ActiveFilter:
    """A filter in use: the field's label, its value as people read it, and the list's
    address without it (a permalink, as every link of a list is)."""

    name: str
    label: str
    shown: str
    without: str


@dataclass(frozen=True)
class Description:
    singular: str
    plural: str
    phrases: tuple[str, ...]
    filtered: bool

    @property
    def heading(self) -> str:
        """What the list holds, without a count: "Partnerships involving Serbia"."""
        words = self._words(self.plural)
        return words[:1].upper() + words[1:]

    def summary(self, count: int) -> str:
        """ "3 partnerships involving Serbia, announced in 2024"; "1 pledge"."""
        return f"{number(count)} {self._words(self.singular if count == 1 else self.plural)}"

    def counted(self, count: int) -> str:
        """The count and the noun alone, for the status line: "25 pledges"."""
        return f"{number(count)} {self.singular if count == 1 else self.plural}"

    def _words(self, noun: str) -> str:
        return ", ".join([" ".join([noun, *self.phrases[:1]]), *self.phrases[1:]])


def shown_value(field: forms.Field, value) -> str:
    """A valid filter value as the page shows it."""
    match value:
        case datetime.date():
            return fuzzy_date(value)
        case Decimal():
            return number(value)
        case str() if isinstance(field, forms.ChoiceField):
            return str(dict(field.choices).get(value, value))
    return str(getattr(value, "name", value))


def _in_use(filters: ListFilters) -> dict[str, object]:
    """The valid filters the address sets, in the form's order; not the sort."""
    return {
        name: value
        for name, value in filters.cleaned_data.items()
        if name not in filters.ORDERING and value not in (None, "")
    }


def _period(verb: str, start: datetime.date | None, end: datetime.date | None) -> str:
    """ "announced in 2024", "announced in May 2024", "since 3 May 2024", …"""
    if start and end:
        year = start.year
        one_year = (start, end) == (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        month_end = (end + datetime.timedelta(days=1)).day == 1
        one_month = start.day == 1 and (start.year, start.month) == (end.year, end.month)
        if one_year:
            return f"{verb} in {start.year}"
        if one_month and month_end:
            return f"{verb} in {fuzzy_date(start, 'month')}"
        return f"{verb} between {fuzzy_date(start)} and {fuzzy_date(end)}"
    return f"{verb} since {fuzzy_date(start)}" if start else f"{verb} until {fuzzy_date(end)}"


def _amounts(low: Decimal | None, high: Decimal | None) -> str:
    if low is not None and high is not None:
        return f"of {number(low)} to {number(high)}"
    return f"of at least {number(low)}" if low is not None else f"of at most {number(high)}"


def _phrases(filters: ListFilters, used: dict[str, object]) -> list[str]:
    phrases = {**PHRASES, **filters.PHRASES}
    pair_of = {name: (low, high) for low, high, _ in filters.RANGES for name in (low, high)}
    said, ranges_said = [], set()
    for name, value in used.items():
        field = filters.fields[name]
        if name == filters.NOUN_FIELD:
            continue
        if name in pair_of:
            low, high = pair_of[name]
            if low not in ranges_said:
                ranges_said.add(low)
                bounds = (used.get(low), used.get(high))
                if isinstance(field, forms.DateField):
                    verb = str(filters.fields[low].label).rsplit(" ", 1)[0].lower()
                    said.append(_period(verb, *bounds))
                else:
                    said.append(_amounts(*bounds))
            continue
        said.append(phrases.get(name, "{}").format(shown_value(field, value)))
    return said


def describe(filters: ListFilters, query: QueryDict, path: str, count: int | None) -> dict:
    """The description, summary (with ``count``, the matching rows; none for no rows) and
    active filters of a form; ``query`` is the list's clean address, whose parameters the
    removal links keep (but the page). Filters that are not valid describe nothing."""
    used = {} if filters.errors else _in_use(filters)
    singular, plural = filters.NOUNS
    if (kind := used.get(filters.NOUN_FIELD)) is not None:
        singular, plural = filters.KIND_NOUNS[kind]
    active = []
    for name, value in used.items():
        others = query.copy()
        others.pop(name, None)
        others.pop("page", None)
        rest = others.urlencode()
        active.append(
            ActiveFilter(
                name=name,
                label=str(filters.fields[name].label),
                shown=shown_value(filters.fields[name], value),
                without=f"{path}?{rest}" if rest else path,
            )
        )
    description = Description(singular, plural, tuple(_phrases(filters, used)), bool(used))
    return {
        "description": description,
        "summary": description.summary(count) if count else "",
        "counted": description.counted(count or 0),
        "active_filters": active,
    }
