"""A figure the sources state, with its sources and any disagreement about it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tracker import exports
from tracker.http_cache import public_page
from tracker.models import Discrepancy, Figure
from tracker.preview import get_record_or_404
from tracker.views.listing import DETAIL_QUERY


@public_page(query=DETAIL_QUERY)
@require_safe
def figure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    figure = get_record_or_404(request, Figure.objects.for_detail(), slug=slug)
    if fmt := exports.requested(request):
        return exports.detail_export(request, fmt, figure)
    context = {"figure": figure, "discrepancies": Discrepancy.objects.about_with_versions(figure)}
    return render(request, "tracker/figure_detail.html", context)
