"""The rows of the longest table, the countries index (200 countries, ten cells each),
drawn in Python: the template language took about 1 ms a row (every ``{{ }}`` a lookup
that tries a dictionary first, every filter a call through the template machinery), the
page's biggest cost. The markup is the one the template wrote, escaped the same way.

{% country_rows with_commitments commitment_list %}
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

from tracker.formatting import money, number
from tracker.markup import escaped

register = template.Library()

# The per-kind count columns after the commitments, and the record counts after the money.
KIND_COLUMNS = (
    ("partnership_count", "Partnerships"),
    ("funding_count", "Funding"),
    ("pledge_count", "Pledges"),
)
NO_MONEY = '<span class="zero">None</span>'
RECORD_COLUMNS = (
    ("announcement_count", "Announcements"),
    ("quote_count", "Quotes"),
    ("figure_count", "Figures"),
)


def _count_cell(count: int, label: str) -> str:
    """A count, greyed out when it is zero."""
    zero = "" if count else " zero"
    return f'\n      <td class="num{zero}" data-label="{label}">{escaped(number(count))}</td>'


def _money_cell(totals: list[tuple[str, int]]) -> str:
    """The money per currency, a line each, largest first."""
    shown = "<br>".join(
        f'<span class="money-total">{escaped(money(total, currency))}</span>'
        for currency, total in totals
    )
    return f'\n      <td class="num" data-label="Money committed">{shown or NO_MONEY}</td>'


@register.simple_tag
def country_rows(countries, commitment_list: str) -> SafeString:
    """A row per country: its name (to its page), region, commitments (to the list of
    them), commitments per kind, money, and its other records counted."""
    rows = []
    for country in countries:
        slug = escaped(country.slug)
        rows.append(
            f'\n    <tr class="country" data-slug="{slug}">'
            f'\n      <th scope="row"><a href="{escaped(country.get_absolute_url())}">'
            f"{escaped(country.name)}</a></th>"
            f'\n      <td data-label="Region">{escaped(country.region)}</td>'
            f'\n      <td class="num" data-label="Commitments"><a href="'
            f'{escaped(commitment_list)}?country={slug}">'
            f"{escaped(number(country.commitment_count))}</a></td>"
            + "".join(_count_cell(getattr(country, name), label) for name, label in KIND_COLUMNS)
            + _money_cell(country.money)
            + "".join(_count_cell(getattr(country, name), label) for name, label in RECORD_COLUMNS)
            + "\n    </tr>\n    "
        )
    return mark_safe("".join(rows))
