"""CSV cells: numbers as numbers, dates as YYYY-MM-DD, text neutralised.

Text cells that begin with ``=``, ``+``, ``-``, ``@``, tab or carriage return get a
leading ``'``, so that no spreadsheet takes words from an article, or an editor's, for a
formula. ``cell`` takes any value; the others take one kind of value each, for a column
whose kind is known beforehand (tracker.export_rows), which spares a large export a
``match`` per cell.
"""

import datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """One CSV cell of any value."""
    match value:
        case None:
            return ""
        case bool():
            return flag(value)
        case Decimal():
            return number(value)
        case int() | float():
            return str(value)
        case datetime.datetime() | datetime.date():
            return value.isoformat()
    return text(str(value))


def text(value: str) -> str:
    """Text, neutralised."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def quoted(cell: str) -> str:
    """A cell of a row of two or more as ``csv.writer`` writes it (``QUOTE_MINIMAL``): in
    quotes, each quote doubled, where it holds a comma, a quote, a carriage return or a
    line feed."""
    if "," in cell or '"' in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def date(value: datetime.date | None) -> str:
    return "" if value is None else value.isoformat()


def flag(value: bool) -> str:
    return "true" if value else "false"


def number(value: Decimal | None) -> str:
    """A decimal without its trailing zeros or exponent: 150000000.00 -> "150000000"."""
    return "" if value is None else format(value.normalize(), "f")


def minor_units(amount_minor: int, places: int) -> str:
    """An amount in minor units (``places`` decimal places to a major unit) written in major
    units as ``number`` writes it: 15000000050 pence -> "150000000.5". In integers, where
    the Decimal and its ``normalize()`` took most of an export row's time for its amount."""
    whole, fraction = divmod(abs(amount_minor), 10**places)
    sign = "-" if amount_minor < 0 else ""
    if not fraction:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{fraction:0{places}d}".rstrip("0")


class Remembered(dict):
    """The cells of values that come back often (a choice, a date), each made once: a
    lookup by value instead of a call per cell. Made for one export, so it holds no more
    than that export's distinct values."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, value) -> str:
        self[value] = made = self.make(value)
        return made
