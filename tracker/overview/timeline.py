"""Timelines: commitments and their countable money per month, as small SVG bar charts."""

import datetime
import functools
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.safestring import SafeString, mark_safe

from tracker import money
from tracker.formatting import current_locale, format_money, fuzzy_date, number
from tracker.markup import escaped

# A chart of more months than this shows the latest ones, and says how many it leaves out.
MAX_MONTHS = 120
# A chart shows at least a year, up to its last month, so that one busy month does not
# fill the width as if it were a trend.
MIN_MONTHS = 12
# The currencies drawn as charts of their own; the table gives every currency.
MAX_MONEY_CHARTS = 2
# The SVG's coordinate system (viewBox), scaled to the page's width by CSS.
WIDTH, HEIGHT = 600, 120
# How many months' names and values said each process keeps escaped: a timeline escapes
# some 700, the same month names in each of its charts, and most pages share months.
ESCAPED_KEPT = 4096


@functools.lru_cache(maxsize=ESCAPED_KEPT)
def _escaped_text(text: str) -> str:
    """``escaped()`` of a plain string (a month, an amount said), once per process."""
    return escaped(text)


class Bar(NamedTuple):
    label: str
    shown: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    peak: str
    first: str
    last: str

    @property
    def drawn_bars(self) -> SafeString:
        """The SVG rectangles of the bars with a height, built here rather than by the
        template: a timeline of ten years draws some 360 bars of six values each."""
        return mark_safe(
            "".join(
                f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}">'
                f"<title>{_escaped_text(bar.label)}: {_escaped_text(bar.shown)}</title></rect>"
                for bar in self.bars
                if bar.height
            )
        )

    @property
    def description(self) -> str:
        """The chart in words, its accessible name: the months with something, and theirs."""
        busy = [f"{bar.label}: {bar.shown}" for bar in self.bars if bar.height]
        return f"{self.title}, {self.first} to {self.last}. " + "; ".join(busy) + "."


@dataclass(frozen=True)
class MonthRow:
    label: str
    iso: str
    count: int
    amounts: list[str]


@dataclass(frozen=True)
class Timeline:
    charts: list[BarChart]
    currencies: list[str]
    rows: list[MonthRow]
    undated: int
    earlier: int
    # The language it is said in, asked once: asking costs more than a number already said.
    locale: str = ""

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def table_rows(self) -> SafeString:
        """The table's rows, one a month, built here rather than by the template."""
        cells = [
            (
                f'<tr><th scope="row"><time datetime="{escaped(row.iso)}">'
                f'{_escaped_text(row.label)}</time></th><td class="num">'
                f"{escaped(number(row.count, self.locale))}</td>"
            )
            + "".join(f'<td class="num">{_escaped_text(amount)}</td>' for amount in row.amounts)
            + "</tr>"
            for row in self.rows
        ]
        return mark_safe("".join(cells))


def _month_after(month: datetime.date) -> datetime.date:
    return month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)


def _month_before(month: datetime.date) -> datetime.date:
    if month.month == 1:
        return month.replace(year=month.year - 1, month=12)
    return month.replace(month=month.month - 1)


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = [first]
    while months[-1] < last:
        months.append(_month_after(months[-1]))
    return months


@functools.cache
def _places(count: int) -> tuple[tuple[float, float], ...]:
    """Each of ``count`` bars' x and width: the same for every chart of that many months."""
    slot = WIDTH / count
    gap = slot * 0.15 if count > 1 else slot * 0.35
    return tuple((round(index * slot + gap / 2, 2), round(slot - gap, 2)) for index in range(count))


def _chart(title: str, labels: dict[datetime.date, str], values: dict, shown) -> BarChart:
    peak = max((values.get(month, 0) for month in labels), default=0) or 1
    # Each value said and sized once: most months of a long chart share a few values
    # (nothing, one commitment), and saying one asks the language and formats it anew.
    shown = functools.cache(shown)

    @functools.cache
    def sized(value) -> tuple[float, float]:
        height = round(HEIGHT * value / peak, 2)
        return height, round(HEIGHT - height, 2)

    bars = []
    for (month, label), (x, width) in zip(labels.items(), _places(len(labels)), strict=True):
        value = values.get(month, 0)
        height, y = sized(value)
        bars.append(Bar(label=label, shown=shown(value), x=x, y=y, width=width, height=height))
    return BarChart(
        title=title,
        bars=bars,
        peak=shown(peak),
        first=bars[0].label,
        last=bars[-1].label,
    )


def timeline_of(rows: list[dict]) -> Timeline:
    """Commitments per month of announcement, and their countable money per currency and
    month, from a tally by month."""
    counts: dict[datetime.date, int] = {}
    amounts: dict[str, dict[datetime.date, int]] = {}
    undated = 0
    for row in rows:
        month = row["month"]
        if month is None:
            undated += row["commitments"]
            continue
        counts[month] = counts.get(month, 0) + row["commitments"]
        if row["currency"] and row["amount"]:
            by_month = amounts.setdefault(row["currency"], {})
            by_month[month] = by_month.get(month, 0) + row["amount"]
    if not counts:
        return Timeline(charts=[], currencies=[], rows=[], undated=undated, earlier=0)
    locale = current_locale()

    last = max(counts)
    months = _months(min(counts), last)[-MAX_MONTHS:]
    while len(months) < MIN_MONTHS:
        months.insert(0, _month_before(months[0]))
    earlier = sum(count for month, count in counts.items() if month < months[0])
    currencies = sorted(amounts, key=lambda code: (-len(amounts[code]), code))
    # Each month named once, for every chart and the table; each currency's amounts too.
    labels = {month: fuzzy_date(month, "month", locale) for month in months}
    said = {
        code: functools.cache(
            lambda minor, code=code: format_money(money.to_major(minor, code), code, locale=locale)
        )
        for code in currencies
    }
    charts = [_chart("Commitments per month", labels, counts, lambda n: number(n, locale))]
    for code in currencies[:MAX_MONEY_CHARTS]:
        charts.append(
            _chart(f"{code} committed per month, counted once", labels, amounts[code], said[code])
        )
    table = [
        MonthRow(
            label=labels[month],
            iso=month.isoformat()[:7],
            count=counts[month],
            amounts=[
                said[code](amounts[code][month]) if month in amounts[code] else ""
                for code in currencies
            ],
        )
        for month in months
        if month in counts
    ]
    return Timeline(
        charts=charts,
        currencies=currencies,
        rows=table,
        undated=undated,
        earlier=earlier,
        locale=locale,
    )
