"""A page's glance (status meter, money totals, and timeline where it has one) drawn in Python.

The markup of ``templates/tracker/includes/glance.html`` and the three templates it
includes, byte for byte: under load every commitments list and country page asks for a
glance of its own (a different country each), so each is drawn once and never again, and
through the template language drawing one cost 12–18 ms of a 90 ms build. The home,
organisation, person and event pages draw theirs here too (through the template language
it took 0.7–0.9 ms more a glance, at 100,000 commitments). The templates stay as what
``tests/views/test_glance_markup.py`` compares this with, and nothing else includes them.
"""

from django.template.defaultfilters import pluralize
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from tracker.formatting import current_locale, money, money_exact, number
from tracker.markup import escaped

from .status import StatusMeter
from .timeline import Timeline
from .totals import MoneyTotal


def drawn_glance(glance: dict, indent: str = "") -> SafeString:
    """``glance_of()``'s glance: its meter and totals in their ``<div>``, then its
    timeline if it has one (``glance.html``). ``indent`` is the indent of the template's
    line that shows it, which the ``<div>``'s lines keep, as the templates included there
    wrote them."""
    locale = current_locale()
    drawn = (
        f'<div class="at-a-glance">\n{indent}  '
        + drawn_meter(glance["meter"], locale)
        + f"\n{indent}  "
        + drawn_totals(glance["totals"], locale)
        + f"\n{indent}</div>"
    )
    if "timeline" in glance:
        drawn += f"\n{indent}" + drawn_timeline(glance["timeline"], locale)
    return mark_safe(drawn)


def drawn_meter(meter: StatusMeter, locale: str) -> str:
    """``status_meter.html``."""
    html = [
        '\n<section class="status-meter" aria-labelledby="status-meter-heading">\n'
        '  <h2 id="status-meter-heading">Where the commitments stand</h2>\n  '
    ]
    if not meter.total:
        html.append('\n  <p class="notice">No published commitment here.</p>\n  \n</section>\n')
        return "".join(html)
    html.append(
        '\n  <svg class="status-bar" viewBox="0 0 100 10" preserveAspectRatio="none"'
        ' aria-hidden="true" focusable="false">\n    '
    )
    html.extend(
        f'<a href="{escaped(segment.url)}" tabindex="-1"><rect class="status-fill'
        f' status-fill--{escaped(segment.status)}" x="{escaped(localize(segment.start))}"'
        f' y="0" width="{escaped(localize(segment.width))}" height="10"/></a>'
        for segment in meter.drawn
    )
    html.append('\n  </svg>\n  <ul class="status-legend">\n    ')
    for segment in meter.segments:
        status, label = escaped(segment.status), escaped(str(segment.label).lower())
        if segment.count:
            current = ' aria-current="true"' if segment.current else ""
            item = (
                f'<a class="status-chip status-chip--{status}" href="{escaped(segment.url)}"'
                f"{current}><strong>{escaped(number(segment.count, locale))}</strong>"
                f" {label}</a>"
            )
        else:
            item = (
                f'<span class="status-chip status-chip--{status} status-chip--none">'
                f"<strong>0</strong> {label}</span>"
            )
        html.append(f"\n    <li>{item}</li>\n    ")
    html.append("\n  </ul>\n  \n</section>\n")
    return "".join(html)


def drawn_totals(totals: list[MoneyTotal], locale: str) -> str:
    """``money_totals.html``."""
    html = [
        '\n<section class="money-totals" aria-labelledby="money-totals-heading">\n'
        '  <h2 id="money-totals-heading">Money committed</h2>\n  '
    ]
    if not totals:
        html.append(
            '\n  <p class="notice">No published funding commitment here.</p>\n  \n</section>\n'
        )
        return "".join(html)
    html.append('\n  <ul class="totals">\n    ')
    for total in totals:
        if total.counted:
            amount, currency = total.amount_minor, total.currency
            item = (
                f'<a href="{escaped(total.url)}"><data class="total-amount"'
                f' value="{escaped(localize(amount))}"'
                f' title="{escaped(money_exact(amount, currency, locale))}">'
                f"{escaped(money(amount, currency, locale))}</data>"
                f' <span class="total-source">from {escaped(number(total.counted, locale))}'
                f" funding commitment{escaped(pluralize(total.counted))}</span></a>"
            )
        else:
            item = f'<span class="total-amount">{escaped(total.currency)}</span>'
        inside = ""
        if total.inside:
            also = "and " if total.counted else ""
            inside = (
                f'<span class="meta">{also}{escaped(number(total.inside, locale))} already'
                " counted inside a total, not added again</span>"
            )
        html.append(f"\n    <li>{item}\n      {inside}</li>\n    ")
    html.append(
        "\n  </ul>\n"
        '  <p class="meta">Each currency is added up on its own: amounts in different'
        " currencies are never added together.</p>\n  \n</section>\n"
    )
    return "".join(html)


def drawn_timeline(timeline: Timeline, locale: str) -> str:
    """``timeline.html``."""
    html = [
        '\n<section class="timeline-charts" aria-labelledby="timeline-heading">\n'
        '  <h2 id="timeline-heading">Over time</h2>\n  '
    ]
    if timeline.empty:
        html.append('\n  <p class="notice">No dated commitment to draw.</p>\n  ')
    else:
        html.append('\n  <div class="charts">\n    ')
        for chart in timeline.charts:
            last = f"<span>{escaped(chart.last)}</span>" if chart.first != chart.last else ""
            html.append(
                '\n    <figure class="bar-chart">\n'
                f'      <figcaption>{escaped(chart.title)} <span class="meta">(highest:'
                f" {escaped(chart.peak)})</span></figcaption>\n"
                '      <svg viewBox="0 0 600 120" preserveAspectRatio="none" role="img"'
                f' aria-label="{escaped(chart.description)}">\n'
                '        <line class="chart-base" x1="0" y1="120" x2="600" y2="120"/>\n'
                f"        {chart.drawn_bars}\n"
                "      </svg>\n"
                '      <p class="chart-axis" aria-hidden="true">'
                f"<span>{escaped(chart.first)}</span>{last}</p>\n"
                "    </figure>\n    "
            )
        money_too = " and money counted once" if timeline.currencies else ""
        codes = "".join(
            f'<th scope="col" class="num">{escaped(code)}</th>' for code in timeline.currencies
        )
        html.append(
            "\n  </div>\n"
            '  <details class="chart-numbers">\n'
            "    <summary>The numbers, month by month</summary>\n"
            "    <table>\n"
            f'      <caption class="visually-hidden">Commitments{money_too} per month of'
            " announcement</caption>\n"
            '      <thead><tr><th scope="col">Month</th><th scope="col" class="num">'
            f"Commitments</th>{codes}</tr></thead>\n"
            "      <tbody>\n"
            f"        {timeline.table_rows}\n"
            "      </tbody>\n"
            "    </table>\n"
            "  </details>\n  "
        )
    html.append(f"\n  {_left_out(timeline, locale)}\n</section>\n")
    return "".join(html)


def _left_out(timeline: Timeline, locale: str) -> str:
    """What the charts leave out: undated commitments, and months before the first."""
    if not (timeline.undated or timeline.earlier):
        return ""
    said = []
    if timeline.undated:
        said.append(
            f"{escaped(number(timeline.undated, locale))} commitment"
            f"{escaped(pluralize(timeline.undated))} without a date of announcement"
            f" {escaped(pluralize(timeline.undated, 'is,are'))} not drawn."
        )
    if timeline.earlier:
        said.append(
            f" {escaped(number(timeline.earlier, locale))} before"
            f" {escaped(timeline.charts[0].first)}"
            f" {escaped(pluralize(timeline.earlier, 'is,are'))} left out."
        )
    return f'<p class="meta">{"".join(said)}</p>'
