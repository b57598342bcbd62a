"""A record's page that shows the record, its evidence and any disagreement about it, and
nothing besides (a quote's, a figure's): one view for every record type whose registration
declares such a page (``record_pages.RecordPage``); a page that shows more has its own."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tracker import exports
from tracker.http_cache import public_page
from tracker.models import Discrepancy
from tracker.preview import get_record_or_404, is_draft_preview
from tracker.records import registered_as
from tracker.views.listing import DETAIL_QUERY


@public_page(query=DETAIL_QUERY)
@require_safe
def record_detail(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    page = registered_as(kind).page
    record = get_record_or_404(request, page.rows(), slug=slug)
    if fmt := exports.requested(request):
        return exports.detail_export(request, fmt, record)
    context = {
        kind: record,
        "discrepancies": Discrepancy.objects.about_with_versions(record, is_draft_preview(request)),
    }
    return render(request, page.template, context)
