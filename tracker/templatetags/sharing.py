"""A page as it is shared: its share preview tags, and a record's Share block.

{% capture name %}…{% endcapture %}   renders its content once into ``name``: base.html
                                       captures the title and description blocks, so the
                                       ``<title>`` and the preview say the same
{% share_meta title description %}     ``<link rel="canonical">``, Open Graph and Twitter card
{% share_meta title description record %}  … with the record's share image
{{ record|share_description }}         the record's summary (tracker.sharing.describe)
{% oembed_link record %}               oEmbed discovery for a record that has an embed
{% share_this record %}                the Share block: permalink, embed code, share image
"""

from urllib.parse import urlencode

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from tracker import embedding, share_images, sharing
from tracker.records import summarise
from tracker.templatetags.evidence import disputed_citation_ids

register = template.Library()

SITE = "Policy Tracker"


class CaptureNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList):
        self.name = name
        self.nodelist = nodelist

    def render(self, context) -> str:
        context[self.name] = self.nodelist.render(context)
        return ""


@register.tag
def capture(parser, token) -> CaptureNode:
    """``{% capture name %}``: a block rendered once, read as ``{{ name }}`` as often as
    needed (a ``{% block %}`` inside it is overridden by child templates as anywhere)."""
    try:
        _, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("{% capture %} takes one name") from None
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(name, nodelist)


def canonical_url(request: HttpRequest) -> str:
    """The page's one address: its path and the parameters in use (``@public_page`` put
    them in their canonical order), without the first page's ``page=1``."""
    query = [
        (name, value)
        for name, values in request.GET.lists()
        for value in values
        if value and (name, value) != ("page", "1")
    ]
    return request.build_absolute_uri(request.path + (f"?{urlencode(query)}" if query else ""))


def image_url(request: HttpRequest, record) -> str:
    image = sharing.shared(record).image
    return request.build_absolute_uri(reverse(image, kwargs={"slug": record.slug}))


@register.simple_tag(takes_context=True)
def share_meta(context, title: str, description: str, record=None) -> SafeString:
    request = context.get("request")
    if request is None:
        return SafeString("")
    url = canonical_url(request)
    properties = [
        ("og:site_name", SITE),
        ("og:type", "article" if record is not None else "website"),
        ("og:title", title),
        ("og:description", description),
        ("og:url", url),
    ]
    names = [("twitter:card", "summary")]
    if record is not None:
        # ``title`` is the rendered (escaped) block: joined as HTML, not escaped twice.
        alt = format_html("{}: {}. {}.", SITE, title, sharing.card(record).sources_line)
        properties += [
            ("og:image", image_url(request, record)),
            ("og:image:type", "image/png"),
            ("og:image:width", str(share_images.WIDTH)),
            ("og:image:height", str(share_images.HEIGHT)),
            ("og:image:alt", alt),
        ]
        names = [("twitter:card", "summary_large_image"), ("twitter:image:alt", alt)]
    # Every page's head: written with f-strings, each value escaped as format_html would
    # (the captured blocks are safe already; the names are the literals above), at a third
    # of format_html's cost.
    tags = [f'<link rel="canonical" href="{conditional_escape(url)}">']
    tags += [f'<meta property="{p}" content="{conditional_escape(v)}">' for p, v in properties]
    tags += [f'<meta name="{name}" content="{conditional_escape(v)}">' for name, v in names]
    return SafeString("\n  ".join(tags))


@register.filter
def share_description(record) -> str:
    return sharing.describe(record)


@register.simple_tag(takes_context=True)
def oembed_link(context, record) -> SafeString:
    return format_html(
        '<link rel="alternate" type="application/json+oembed" href="{}" title="{}">',
        embedding.oembed_address(context["request"], record),
        summarise(record).title,
    )


@register.inclusion_tag("tracker/includes/share.html", takes_context=True)
def share_this(context, record) -> dict:
    """The Share block of a commitment's, quote's, announcement's or figure's page."""
    request = context["request"]
    shareable = sharing.shared(record)
    disputed = disputed_citation_ids(context.get("discrepancies"))  # the page's, as it shows
    frame = embedding.size(record, disputed)
    return {
        "permalink": request.build_absolute_uri(record.get_absolute_url()),
        "image": image_url(request, record),
        "embed_code": embedding.iframe(request, record, frame) if shareable.embed else "",
    }
