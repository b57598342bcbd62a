"""Sharing and embedding records: share images, embed cards, oEmbed, the guide to embedding.

Each answers published records only: a draft's image, card or oEmbed answer is a 404
for everyone (an editor previews a draft on its page). Only the embed cards may be
framed by another site: ``X-Frame-Options`` left out and CSP ``frame-ancestors *`` on
them alone; every other page keeps ``DENY`` and ``frame-ancestors 'none'`` (settings).
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from tracker import embedding, share_images, sharing
from tracker.http_cache import RELEASE, public_page, remembered
from tracker.models import Discrepancy
from tracker.templatetags.evidence import disputed_citation_ids

# The embed cards' policy: the site's, but any page may frame them.
EMBED_CSP = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}
OEMBED_QUERY = ("url", "format", "maxwidth", "maxheight")


@public_page(query=())
@require_safe
def share_image(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """The record's share image, drawn once per record and data version. Only a published
    record's image is kept, under its primary key, so addresses that name nothing (any
    slug can be asked for) neither fill the cache nor make overlong keys."""
    pk = sharing.published(kind).filter(slug=slug).values_list("pk", flat=True).first()
    if pk is None:
        raise Http404("No published record has this address.")

    def draw() -> bytes:
        return share_images.png(sharing.card(sharing.records(kind).get(pk=pk)))

    image = remembered(request, f"share-image:{RELEASE}:{kind}:{pk}", draw)
    return HttpResponse(image, content_type="image/png")


@public_page(query=())
@require_safe
@xframe_options_exempt
@csp_override(EMBED_CSP)
def embed(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """A commitment or quote as a small card for another site's ``<iframe>``: its facts,
    every published source with its exact excerpt, and links back, each in a new tab. A
    record that is not published gets a card saying so (404), framed all the same."""
    record = sharing.records(kind).filter(slug=slug).first()
    if record is None:  # withdrawn or never published: said inside the article's frame
        return render(request, "tracker/embed/not_found.html", status=404)
    context = {
        "record": record,
        "kind": kind,
        "card": sharing.card(record),
        "discrepancies": Discrepancy.objects.about_with_versions(record),
        "permalink": request.build_absolute_uri(record.get_absolute_url()),
    }
    return render(request, f"tracker/embed/{kind}.html", context)


def oembed_error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def positive(value: str) -> int | None:
    """A ``maxwidth`` or ``maxheight``: None when not given; ValueError unless a whole
    number of pixels above zero."""
    if value == "":
        return None
    number = int(value)  # ValueError for "abc", "1.5"
    if not 0 < number < 100_000:
        raise ValueError(value)
    return number


@public_page(query=OEMBED_QUERY)
@require_safe
def oembed(request: HttpRequest) -> JsonResponse:
    """oEmbed (https://oembed.com) for the address of a commitment's or quote's page."""
    fmt = request.GET.get("format") or "json"
    if fmt == "xml":  # the spec's other format: "cannot return a response in it", says 501
        return oembed_error(501, "Only format=json is offered, not xml.")
    if fmt != "json":
        return oembed_error(400, "format is json (or xml, which is not offered).")
    address = request.GET.get("url", "")
    if not address:
        return oembed_error(400, "Give the address of a commitment or quote as url=…")
    try:
        maxwidth = positive(request.GET.get("maxwidth", ""))
        maxheight = positive(request.GET.get("maxheight", ""))
    except ValueError:
        return oembed_error(400, "maxwidth and maxheight are whole numbers of pixels above 0.")
    try:
        record = embedding.record_at(request, address)
    except embedding.NotEmbeddable as reason:
        return oembed_error(404, f"Nothing to embed at {address!r}: {reason}.")
    disputed = disputed_citation_ids(Discrepancy.objects.about_with_versions(record))
    return JsonResponse(embedding.oembed(request, record, disputed, maxwidth, maxheight))


@public_page(query=())
@require_safe
def embed_guide(request: HttpRequest) -> HttpResponse:
    """How a newsroom embeds a record in its article (at /embed/, and at /embed/commitments/
    and /embed/quotes/, the addresses the embed cards' own are cut to)."""
    context = {
        "oembed_endpoint": request.build_absolute_uri(reverse("oembed")),
        "site": request.build_absolute_uri("/"),
    }
    return render(request, "tracker/embed_guide.html", context)
