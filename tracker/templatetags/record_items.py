"""A record as an item of a page's list, drawn in Python: commitments, announcements, quotes
and figures, with their evidence (how many published articles back each, and whether they
disagree). A country page draws sixty items and an organisation page forty; through the
template language each item cost two included templates and some forty lookups, each of
which tries a dictionary first, and ``marked_title`` (search's, absent elsewhere) cost a
``dir()`` of the record: about half the build of a country page (benchmarks/RESULTS.md).
The markup is the one the templates wrote, escaped the same way; the item templates
(``tracker/includes/commitment_item.html`` and the others) draw one item with these
functions, so every page draws an item one way.

{% commitment_items commitments %}   {% commitment_item commitment %}
{% announcement_items announcements %}   {% announcement_item announcement %}
{% quote_items quotes %}   {% quote_item quote %}
{% figure_items figures %}   {% figure_item figure %}
"""

from collections.abc import Callable, Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst

from tracker.formatting import (
    current_locale,
    figure_value,
    fuzzy_date,
    iso_date,
    money,
    money_exact,
)
from tracker.markup import escaped

register = template.Library()

# A summary in a list is cut, as the ``truncatewords:40`` filter cut it.
SUMMARY_WORDS = 40


def evidence_tags(record) -> str:
    """What backs the record (``with_evidence()``): its published articles counted, and a
    link to the disagreement where they disagree."""
    count = record.source_count
    if count:
        plural = "" if count == 1 else "s"
        counted = f'<span class="source-count">{count} source{plural}</span>'
    else:
        counted = '<span class="source-count source-count--none">No published source yet</span>'
    disputed = (
        f' <a class="tag tag--disputed" href="{escaped(record.get_absolute_url())}'
        '#disagreement-heading">Sources disagree</a>'
        if record.disputed
        else ""
    )
    return f'\n<span class="evidence-tags">{counted}{disputed}</span>\n'


def _title(record, text: str) -> str:
    """The title with search's matched words marked where search marked them (HTML)."""
    return escaped(getattr(record, "marked_title", None) or text)


def _summary(record) -> str:
    """Search's excerpt with its matched words marked, or the summary's first words."""
    marked = getattr(record, "marked_excerpt", None)
    if marked:
        return escaped(marked)
    return escaped(Truncator(record.summary).words(SUMMARY_WORDS, truncate=" …"))


def _time(day, precision: str, locale: str | None) -> str:
    if not day:
        return ""
    return (
        f'<time datetime="{escaped(iso_date(day, precision))}">'
        f"{escaped(fuzzy_date(day, precision, locale))}</time>"
    )


@register.simple_tag
def commitment_item(commitment, locale: str | None = None) -> SafeString:
    """Kind, status and evidence; title (to its page); amount; summary; date and parties."""
    amount = ""
    if commitment.amount_minor is not None:
        minor, currency = commitment.amount_minor, commitment.currency
        period = (
            f' <span class="meta">{escaped(commitment.period_label)}</span>'
            if commitment.period_label
            else ""
        )
        amount = (
            f'<p class="amount"><data value="{minor}" '
            f'title="{escaped(money_exact(minor, currency, locale))}">'
            f"{escaped(money(minor, currency, locale))}</data>{period}</p>"
        )
    parties = ", ".join(escaped(party.country.name) for party in commitment.parties.all())
    status = escaped(commitment.status)
    return mark_safe(
        f'<li class="commitment" data-slug="{escaped(commitment.slug)}">\n'
        f'  <p class="kicker"><span class="tag tag--{escaped(commitment.kind)}">'
        f"{escaped(commitment.kind_label(locale))}</span> "
        f'<span class="tag tag--status tag--status-{status}">'
        f"{escaped(commitment.status_label(locale))}</span> {evidence_tags(commitment)}</p>\n"
        f'  <h3 class="item-title"><a href="{escaped(commitment.get_absolute_url())}">'
        f"{_title(commitment, commitment.title)}</a></h3>\n"
        f"  {amount}\n"
        f'  <p class="summary">{_summary(commitment)}</p>\n'
        f'  <p class="meta dot-list">'
        f"{_time(commitment.announced_on, commitment.announced_on_precision, locale)}"
        f"{f'<span>{parties}</span>' if parties else ''}</p>\n"
        "</li>"
    )


@register.simple_tag
def announcement_item(announcement, locale: str | None = None) -> SafeString:
    """Title (to its page); date, speaker, event and evidence; summary; countries."""
    speaker = f"<span>{escaped(announcement.speaker.name)}</span>" if announcement.speaker else ""
    event = f"<span>{escaped(announcement.event.name)}</span>" if announcement.event else ""
    countries = ", ".join(
        f'<a href="{escaped(country.get_absolute_url())}">{escaped(country.name)}</a>'
        for country in announcement.countries.all()
    )
    return mark_safe(
        f'<li class="announcement" data-slug="{escaped(announcement.slug)}">\n'
        f'  <h3 class="item-title"><a href="{escaped(announcement.get_absolute_url())}">'
        f"{_title(announcement, announcement.title)}</a></h3>\n"
        f'  <p class="meta dot-list">'
        f"{_time(announcement.announced_on, announcement.announced_on_precision, locale)}"
        f"{speaker}{event}{evidence_tags(announcement)}</p>\n"
        f'  <p class="summary">{_summary(announcement)}</p>\n'
        f"  {f'<p class="meta">Countries: {countries}</p>' if countries else ''}\n"
        "</li>"
    )


@register.simple_tag
def quote_item(quote, locale: str | None = None) -> SafeString:
    """The words (to the quote's page); the speaker (to their page) and their role on the
    day; date, event and evidence."""
    role = quote.speaker_role
    event = f"<span>{escaped(quote.event.name)}</span>" if quote.event else ""
    return mark_safe(
        f'<li class="quote" data-slug="{escaped(quote.slug)}">\n'
        "  <figure>\n"
        f'    <blockquote><p><a class="quote-link" href="{escaped(quote.get_absolute_url())}">'
        f"“{_title(quote, quote.text)}”</a></p></blockquote>\n"
        "    <figcaption>\n"
        f'      <a href="{escaped(quote.speaker.get_absolute_url())}">'
        f"{escaped(quote.speaker.name)}</a>{f', {escaped(role.title)}' if role else ''}\n"
        f'      <span class="meta dot-list">{_time(quote.said_on, quote.said_on_precision, locale)}'
        f"{event}{evidence_tags(quote)}</span>\n"
        "    </figcaption>\n"
        "  </figure>\n"
        "</li>"
    )


@register.simple_tag
def figure_item(figure, locale: str | None = None) -> SafeString:
    """The value with its qualifier and unit (to its page); label, period and evidence."""
    period = f", {escaped(figure.period_label)}" if figure.period_label else ""
    return mark_safe(
        f'<li class="figure" data-slug="{escaped(figure.slug)}">\n'
        f'  <p class="figure-value"><a href="{escaped(figure.get_absolute_url())}">'
        f"{escaped(capfirst(figure_value(figure, locale)))}</a></p>\n"
        f'  <p class="figure-label">{_title(figure, figure.label)}{period}</p>\n'
        f'  <p class="meta">{evidence_tags(figure)}</p>\n'
        "</li>"
    )


def _drawn(item: Callable[[object, str], SafeString], records: Iterable) -> SafeString:
    """Each record as ``item`` draws it, a line each, as a loop over its template wrote;
    the active language's locale asked for once (``current_locale``), not per value."""
    locale = current_locale()
    return mark_safe("".join(f"{item(record, locale)}\n" for record in records))


@register.simple_tag
def commitment_items(commitments: Iterable) -> SafeString:
    return _drawn(commitment_item, commitments)


@register.simple_tag
def announcement_items(announcements: Iterable) -> SafeString:
    return _drawn(announcement_item, announcements)


@register.simple_tag
def quote_items(quotes: Iterable) -> SafeString:
    return _drawn(quote_item, quotes)


@register.simple_tag
def figure_items(figures: Iterable) -> SafeString:
    return _drawn(figure_item, figures)
