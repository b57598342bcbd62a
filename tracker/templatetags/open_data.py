"""The page's data, offered: export and feed links, JSON-LD and "Cite this".

{% alternate_links %}     <link rel="alternate"> in <head>, one per format the page offers
{% download_links %}      the same as visible links
{% jsonld record %}       schema.org JSON-LD of a detail page's record
{% cite_this record %}    the record's permalink and a citation line to copy
"""

from urllib.parse import urlencode

from babel.dates import format_date
from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from tracker import jsonld as linked_data
from tracker.formats import MEDIA_TYPES, PAGE_FORMATS
from tracker.formatting import fuzzy_date
from tracker.records import summarise

register = template.Library()

LABELS = {"csv": "CSV", "json": "JSON", "atom": "Atom feed"}
SITE = "Policy Tracker"


def format_address(request: HttpRequest, fmt: str) -> str:
    """This page's address in ``fmt``: same filters and sort, every page (no ``page``).
    Built from the parameters' lists, not a copy of ``request.GET`` (a deep copy), and
    encoded as ``QueryDict.urlencode`` encodes; ``format`` keeps its place if given."""
    query = {name: values for name, values in request.GET.lists() if name != "page"}
    query["format"] = [fmt]
    return f"{request.path}?{urlencode(query, doseq=True)}"


def offered(context) -> list[tuple[str, str, str]]:
    """(label, media type, address) of each format this page offers; none for bad input."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or context.get("problems"):
        return []
    return [
        (LABELS[fmt], MEDIA_TYPES[fmt], format_address(request, fmt))
        for fmt in PAGE_FORMATS.get(match.url_name, ())
    ]


@register.simple_tag(takes_context=True)
def alternate_links(context) -> SafeString:
    return format_html_join(
        "\n  ",
        '<link rel="alternate" type="{}" href="{}" title="{}">',
        ((media_type, href, label) for label, media_type, href in offered(context)),
    )


@register.inclusion_tag("tracker/includes/downloads.html", takes_context=True)
def download_links(context, count=None) -> dict:
    """Visible links; on a list, ``count`` says how many rows they hold (every page)."""
    match = getattr(context.get("request"), "resolver_match", None)
    listing = match is not None and match.url_name.endswith("-list")
    return {"formats": offered(context), "listing": listing, "count": count}


@register.simple_tag(takes_context=True)
def jsonld(context, record) -> SafeString:
    request = context.get("request")
    if request is None or record is None:
        return SafeString("")
    return linked_data.script(linked_data.describe(record, request))


def _long_date(day) -> str:
    locale = translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE)
    return format_date(day, "d MMMM y", locale=locale)


def citation_line(record, permalink: str) -> str:
    """Policy Tracker, “<title>”, <date>, <permalink>, accessed <today>."""
    parts = [SITE, f"“{summarise(record).title}”"]
    if hasattr(record, "updated_at"):
        parts.append(f"last updated {_long_date(timezone.localdate(record.updated_at))}")
    elif hasattr(record, "published_on_precision"):  # a source article: its own date
        publisher = record.publisher or "publisher not named"
        published = fuzzy_date(record.published_on, record.published_on_precision)
        parts.append(f"{publisher}, {published}" if published else publisher)
    parts += [permalink, f"accessed {_long_date(timezone.localdate())}"]
    return ", ".join(parts) + "."


@register.inclusion_tag("tracker/includes/cite.html", takes_context=True)
def cite_this(context, record) -> dict:
    request = context["request"]
    permalink = request.build_absolute_uri(record.get_absolute_url())
    return {
        "permalink": permalink,
        "line": citation_line(record, permalink),
        "formats": offered(context),
    }
