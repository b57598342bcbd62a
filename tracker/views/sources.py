"""Source articles: the list, and one article's text with every cited excerpt highlighted."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tracker import exports
from tracker.filters import SourceFilters
from tracker.highlighting import render_article
from tracker.http_cache import public_page, remembered
from tracker.models import Citation, DiscrepancyVersion, SourceArticle
from tracker.preview import get_record_or_404
from tracker.views.listing import DETAIL_QUERY, list_page, show_list


@list_page(SourceFilters)
@require_safe
def source_list(request: HttpRequest) -> HttpResponse:
    filters = SourceFilters(request.GET)
    rows = SourceArticle.objects.published().with_citation_count()
    if fmt := exports.requested(request):
        return exports.list_export(request, fmt, filters, rows, exports.SOURCES)
    # Every published article's publisher: a scan of the articles, read once per data version.
    publishers = remembered(
        request, "source-publishers", lambda: SourceArticle.objects.published().publishers()
    )
    filters.offer_values("publisher", publishers, blank="Any publisher")
    return show_list(
        request, filters, rows.for_listing(), "tracker/source_list.html", table=exports.SOURCES
    )


# ``excerpt`` marks the excerpt a reader followed here (``_arrived_from``).
@public_page(query=(*DETAIL_QUERY, "excerpt"))
@require_safe
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_record_or_404(request, SourceArticle.objects.all(), pk=pk)
    citations = list(Citation.objects.filter(source=article).for_source_page())
    if fmt := exports.requested(request):
        cited = {(type(c.target), c.target.pk): c.target for c in citations}
        return exports.detail_export(request, fmt, article, cited.values())
    disputed = set(
        DiscrepancyVersion.objects.filter(citation__source=article).values_list(
            "citation", flat=True
        )
    )
    for citation in citations:
        citation.disputed = citation.pk in disputed
    current = _arrived_from(request, citations)
    context = {
        "article": article,
        "citations": citations,
        "current": current,
        "article_text": render_article(
            article.text,
            citations,
            current=current,
            disputes={c.pk: c.target.get_absolute_url() for c in citations if c.disputed},
        ),
    }
    return render(request, "tracker/source_detail.html", context)


def _arrived_from(request: HttpRequest, citations: list[Citation]) -> int | None:
    """The excerpt the reader followed here (``?excerpt=<pk>``), marked strongly on the
    page; anything that is not one of this article's shown excerpts marks none."""
    shown = {citation.pk for citation in citations}
    raw = request.GET.get("excerpt", "")
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) in shown else None
