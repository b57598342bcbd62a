"""Editors preview a draft on its public page; the public never sees it.

A detail view looks its record up with ``get_record_or_404``: for the public
that is a published record or a 404, as before; for an editor a draft is found
too, and the request is marked as a draft preview. The page then carries a
“Draft — not public” banner, and ``DraftPreviewMiddleware`` makes the response
``Cache-Control: private, no-store``, so no cache between the editor and the
app keeps it, or serves it to anyone else.
"""

from collections.abc import Callable

from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from tracker import search_sql
from tracker.editors import is_editor
from tracker.models import Publication
from tracker.search_related import read_with_related


def can_preview(request) -> bool:
    return is_editor(request.user)


def is_draft_preview(request) -> bool:
    """Whether the page shows an editor a draft (``get_record_or_404``): never stored, so it
    may show what the public does not see, such as a draft article's version of a fact."""
    return getattr(request, "draft_preview", None) is not None


def get_record_or_404(request, queryset, **lookup):
    """The published record that ``lookup`` names; for an editor, a draft too. Either way
    its relations to drafts read as None, as the public will see it."""
    if not can_preview(request):
        return get_object_or_404(queryset.published(), **lookup)
    record = get_object_or_404(queryset.without_unpublished_relations(), **lookup)
    if record.publication != Publication.PUBLISHED:
        request.draft_preview = record
        opts = record._meta
        request.draft_preview_admin_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]
        )
    return record


def get_by_slug_or_404[M: Model](
    request, model: type[M], rows: Callable[[], QuerySet], slug: str
) -> M:
    """``get_record_or_404(request, rows(), slug=slug)``; for the public, the published
    record's query is built and compiled once per process (``search_sql.by_keys``): a record
    page's query, with its joins and flags, costs more to compile than to run; and so are
    the relations it prefetches (``search_related.read_with_related``: a commitment's
    parties, organisations and status history: about 1.8 ms of the page's 12 ms of CPU by
    Django's prefetch, benchmarks/RESULTS.md)."""
    if can_preview(request):
        return get_record_or_404(request, rows(), slug=slug)
    found = read_with_related(
        search_sql.by_keys(
            "page", model, lambda slugs: rows().published().filter(slug=slugs[0]), [slug]
        )
    )
    if not found:
        raise Http404(f"No {model._meta.object_name} matches the given query.")
    return found[0]


class DraftPreviewMiddleware:
    """Responses that show a draft are for the editor's eyes only: never stored."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "draft_preview", None) is not None:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
        return response
