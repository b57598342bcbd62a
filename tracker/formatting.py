"""Amounts, figures and dates as people read them, formatted by Babel (CLDR data).

Plain functions: the templates use them as filters (tracker.templatetags.tracker_format),
JSON-LD and the overview's timeline call them directly.
"""

import datetime
import functools
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, get_currency_symbol
from django.conf import settings
from django.utils import translation

from tracker import money as money_units
from tracker.number_patterns import compact_long, with_pattern

# From a million up, amounts read best in words: "£150 million", "€1.5 billion".
COMPACT_FROM = Decimal(1_000_000)

# How many formatted amounts, numbers and dates each process keeps (of each). A page
# formats the same values again at every build (the countries index: 200 countries' counts
# and money, about 2,400 values, most of them unchanged by an edit; a list's dates), and
# Babel takes 20–120 µs a value.
FORMATTED_KEPT = 8192

# CLDR patterns for each precision of a date (DatePrecision's values).
DATE_PATTERNS = {"day": "d MMMM y", "month": "MMMM y", "year": "y"}
# How much of an ISO 8601 date (YYYY-MM-DD) each precision keeps: <time datetime> and
# schema.org's dates take YYYY-MM and YYYY as they are.
ISO_LENGTHS = {"day": 10, "month": 7, "year": 4}


def current_locale() -> str:
    """The active language's locale. Asking Django for the active language costs about
    3 µs (a context-local lookup), more than formatting a value already formatted once:
    code that formats hundreds of values in one go (a table's rows) asks once and passes
    it as ``locale``."""
    return _locale_of(translation.get_language() or settings.LANGUAGE_CODE)


@functools.cache
def _locale_of(language: str) -> str:
    return translation.to_locale(language)


@functools.cache
def _parsed(locale: str) -> Locale:
    """Babel's ``Locale`` of a locale's name, parsed once: Babel parses a name it is given
    again at every call, four times for a compact amount (a fifth of its time)."""
    return Locale.parse(locale)


@functools.cache
def _symbol(currency: str, locale: str) -> str:
    """The currency's symbol, spaced from the digits when it is letters (RSD 200,000): once
    per currency and locale, since every amount of a page's timeline (distinct sums, so not
    kept by value) asked Babel again."""
    symbol = get_currency_symbol(currency, locale=_parsed(locale))
    return f"{symbol}\N{NO-BREAK SPACE}" if symbol[-1:].isalpha() else symbol


def format_money(
    amount: Decimal, currency: str, *, compact: bool = True, locale: str | None = None
) -> str:
    """An amount in major units: "£150 million" from a million up, else "€200,000"."""
    return _formatted_money(amount, currency, compact, locale or current_locale())


@functools.lru_cache(maxsize=FORMATTED_KEPT, typed=True)
def _formatted_money(amount: Decimal, currency: str, compact: bool, locale: str) -> str:
    # Babel's format_compact_decimal(format_type="long", fraction_digits=2) and
    # format_currency(format=..., currency_digits=False), the locale's patterns read once.
    if compact and amount >= COMPACT_FROM:
        return f"{_symbol(currency, locale)}{compact_long(amount, locale, 2)}"
    whole = amount == amount.to_integral_value()
    pattern = "#,##0" if whole else "#,##0.00"
    return _symbol(currency, locale) + with_pattern(amount, pattern, locale)


def money(amount_minor: int | None, currency: str, locale: str | None = None) -> str:
    """Integer minor units and an ISO 4217 code, read aloud: 15000000000, "GBP" -> £150 million."""
    if amount_minor is None or not currency:
        return ""
    return format_money(money_units.to_major(amount_minor, currency), currency, locale=locale)


def money_exact(amount_minor: int | None, currency: str, locale: str | None = None) -> str:
    """Every digit: 15000000000, "GBP" -> £150,000,000."""
    if amount_minor is None or not currency:
        return ""
    major = money_units.to_major(amount_minor, currency)
    return format_money(major, currency, compact=False, locale=locale)


def number(value: Decimal | int | None, locale: str | None = None) -> str:
    """100000 -> 100,000; 9.5000 -> 9.5."""
    if value is None:
        return ""
    return _formatted_number(value, locale or current_locale())


@functools.lru_cache(maxsize=FORMATTED_KEPT, typed=True)
def _formatted_number(value: Decimal | int, locale: str) -> str:
    return format_decimal(value, locale=_parsed(locale))


def figure_value(figure, locale: str | None = None) -> str:
    """A figure with its qualifier and unit: "almost 100,000 people", "about £75 million"."""
    if figure.currency:
        amount = format_money(Decimal(figure.value), figure.currency, locale=locale)
    else:
        amount = f"{number(figure.value, locale)} {figure.unit}".strip()
    if figure.qualifier == "exact":
        return amount
    return f"{figure.get_qualifier_display().lower()} {amount}"


def fuzzy_date(day: datetime.date | None, precision: str = "day", locale: str | None = None) -> str:
    """A date to the precision the sources give: 7 November 2024, November 2024 or 2024."""
    if day is None:
        return ""
    return _formatted_date(day, precision or "day", locale or current_locale())


@functools.lru_cache(maxsize=FORMATTED_KEPT, typed=True)
def _formatted_date(day: datetime.date, precision: str, locale: str) -> str:
    return format_date(
        day, DATE_PATTERNS.get(precision, DATE_PATTERNS["day"]), locale=_parsed(locale)
    )


def iso_date(day: datetime.date | None, precision: str = "day") -> str:
    """The machine-readable twin of ``fuzzy_date``: 2024-11-07, 2024-11 or 2024."""
    if day is None:
        return ""
    return day.isoformat()[: ISO_LENGTHS.get(precision or "day", ISO_LENGTHS["day"])]
