"""The rows of the busiest tables, drawn in Python: the countries index (200 countries, ten
cells each) and the commitments list (on every list page and htmx swap). The template
language took about 1 ms a country row (every ``{{ }}`` a lookup that tries a dictionary
first, every filter a call through the template machinery), the pages' biggest cost. The
markup is the one the templates wrote, escaped the same way.

{% country_rows with_commitments commitment_list %}
{% commitment_rows rows %}
"""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from tracker.formatting import current_locale, fuzzy_date, iso_date, money, money_exact, number
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


def _count_cell(count: int, label: str, locale: str) -> str:
    """A count, greyed out when it is zero."""
    zero = "" if count else " zero"
    shown = escaped(number(count, locale))
    return f'\n      <td class="num{zero}" data-label="{label}">{shown}</td>'


def _money_cell(totals: list[tuple[str, int]], locale: str) -> str:
    """The money per currency, a line each, largest first."""
    shown = "<br>".join(
        f'<span class="money-total">{escaped(money(total, currency, locale))}</span>'
        for currency, total in totals
    )
    return f'\n      <td class="num" data-label="Money committed">{shown or NO_MONEY}</td>'


@register.simple_tag
def country_rows(countries, commitment_list: str) -> SafeString:
    """A row per country: its name (to its page), region, commitments (to the list of
    them), commitments per kind, money, and its other records counted."""
    rows = []
    locale = current_locale()
    for country in countries:
        slug = escaped(country.slug)
        rows.append(
            f'\n    <tr class="country" data-slug="{slug}">'
            f'\n      <th scope="row"><a href="{escaped(country.get_absolute_url())}">'
            f"{escaped(country.name)}</a></th>"
            f'\n      <td data-label="Region">{escaped(country.region)}</td>'
            f'\n      <td class="num" data-label="Commitments"><a href="'
            f'{escaped(commitment_list)}?country={slug}">'
            f"{escaped(number(country.commitment_count, locale))}</a></td>"
            + "".join(
                _count_cell(getattr(country, name), label, locale) for name, label in KIND_COLUMNS
            )
            + _money_cell(country.money, locale)
            + "".join(
                _count_cell(getattr(country, name), label, locale) for name, label in RECORD_COLUMNS
            )
            + "\n    </tr>\n    "
        )
    return mark_safe("".join(rows))


NO_AMOUNT = '<span class="zero">—<span class="visually-hidden">no amount</span></span>'
NO_PARTIES = '<span class="zero">None named</span>'
UNDATED = '<span class="zero">Undated</span>'


def _amount(commitment, locale: str) -> str:
    """The amount in words, every digit in its title, the minor units as its value."""
    if commitment.amount_minor is None:
        return NO_AMOUNT
    amount, currency = commitment.amount_minor, commitment.currency
    return (
        f'<data value="{escaped(amount)}" '
        f'title="{escaped(money_exact(amount, currency, locale))}">'
        f"{escaped(money(amount, currency, locale))}</data>"
    )


def _date(day, precision: str, locale: str) -> str:
    if not day:
        return UNDATED
    shown = escaped(fuzzy_date(day, precision, locale))
    return f'<time datetime="{escaped(iso_date(day, precision))}">{shown}</time>'


@register.simple_tag
def commitment_rows(commitments) -> SafeString:
    """A row per commitment (``for_listing().with_evidence()``): kind, title (to its page),
    the countries party to it, amount, status, date announced, and its source articles
    counted (to its sources), flagged where they disagree. ``data-label`` names each cell
    when a phone stacks the row."""
    rows = []
    locale = current_locale()
    for commitment in commitments:
        url = escaped(commitment.get_absolute_url())
        title = escaped(commitment.title)
        kind = escaped(commitment.kind)
        parties = ", ".join(escaped(party.country.name) for party in commitment.parties.all())
        status = escaped(commitment.status)
        sources = escaped(number(commitment.source_count, locale))
        plural = "" if commitment.source_count == 1 else "s"
        disputed = (
            f' <a class="tag tag--disputed" href="{url}#disagreement-heading">Sources disagree</a>'
            if commitment.disputed
            else ""
        )
        rows.append(
            f'<tr class="commitment-row" data-slug="{escaped(commitment.slug)}">'
            f'\n  <td data-label="Kind"><span class="tag tag--{kind}">'
            f"{escaped(capfirst(commitment.kind))}</span></td>"
            f'\n  <th scope="row" class="title-cell"><a href="{url}">{title}</a></th>'
            f'\n  <td data-label="Countries">{parties or NO_PARTIES}</td>'
            f'\n  <td data-label="Amount" class="num">{_amount(commitment, locale)}</td>'
            f'\n  <td data-label="Status"><span class="tag tag--status tag--status-{status}">'
            f"{escaped(commitment.status_label(locale))}</span></td>"
            f'\n  <td data-label="Date">'
            f"{_date(commitment.announced_on, commitment.announced_on_precision, locale)}</td>"
            f'\n  <td data-label="Sources" class="num"><a href="{url}#sources-heading" '
            f'aria-label="{sources} source article{plural} of “{title}”">{sources}</a>'
            f"{disputed}</td>\n</tr>\n"
        )
    return mark_safe("".join(rows))
