"""Search's results that are names (people, organisations, events) or source articles, drawn
in Python as one list, as ``record_items`` draws the other kinds: an included template per
result cost a template's lookups for each of up to 80 results a page
(benchmarks/RESULTS.md, search4). Each result's name or headline and excerpt come with
their matched words marked (``marked_title``, ``marked_excerpt``: tracker.search_highlights).

{% search_items records kind %}
"""

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from tracker.formatting import fuzzy_date, iso_date
from tracker.markup import escaped

register = template.Library()

# A person's description in a result is cut, as the ``truncatewords:20`` filter cut it.
DESCRIPTION_WORDS = 20


def _source(record) -> str:
    """The headline (to the article; in brackets where an editor supplied it), publisher and
    date, and the excerpt around the match."""
    title = escaped(record.marked_title)
    if record.headline_supplied:
        title = f"[{title}]"
    published = (
        f" · {escaped(fuzzy_date(record.published_on, record.published_on_precision))}"
        if record.published_on
        else ""
    )
    excerpt = getattr(record, "marked_excerpt", None)
    excerpt = f'<p class="summary search-excerpt">{escaped(excerpt)}</p>' if excerpt else ""
    return (
        f'\n  <h3 class="item-title"><a href="{escaped(record.get_absolute_url())}">'
        f"{title}</a></h3>\n"
        f'  <p class="meta">{escaped(record.publisher or "Publisher not named")}{published}</p>\n'
        f"  {excerpt}\n  "
    )


def _name(record, kind: str) -> str:
    """The name (to its page); an organisation's abbreviation, an event's place and date, or
    the start of a person's description."""
    after = ""
    if kind == "organisation" and record.abbreviation:
        after = f" ({escaped(record.abbreviation)})"
    if kind == "event":
        location = f"<span>{escaped(record.location)}</span>" if record.location else ""
        day, precision = record.starts_on, record.starts_on_precision
        starts = (
            f'<time datetime="{escaped(iso_date(day, precision))}">'
            f"{escaped(fuzzy_date(day, precision))}</time>"
            if day
            else ""
        )
        after += f' <span class="meta dot-list">{location}{starts}</span>'
    elif getattr(record, "description", None):
        words = Truncator(record.description).words(DESCRIPTION_WORDS, truncate=" …")
        after += f' <span class="meta">{escaped(words)}</span>'
    return (
        f'\n  <a href="{escaped(record.get_absolute_url())}">{escaped(record.marked_title)}</a>'
        f"{after}\n  "
    )


def search_item(record, kind: str) -> str:
    """One result of ``kind`` (``source``, or a kind of name)."""
    if kind == "source":
        key, drawn = f'pk="{escaped(record.pk)}"', _source(record)
    else:
        key, drawn = f'slug="{escaped(record.slug)}"', _name(record, kind)
    return f'<li class="{escaped(kind)}" data-{key}>\n  {drawn}\n</li>\n'


@register.simple_tag
def search_items(records: Iterable, kind: str) -> SafeString:
    return mark_safe("".join(search_item(record, kind) for record in records))
