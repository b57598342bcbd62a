"""Pages of rows, shared by the list pages, their Atom feeds and the API.

A neutral module: the views, feeds and API all page the same way without importing
each other.
"""

from collections.abc import Callable

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

from tracker.http_cache import cached_count

PER_PAGE = 25


class CountingPaginator(Paginator):
    """A paginator whose count is remembered until the data changes (tracker.http_cache),
    so that paging through a long list does not count the whole list for every page;
    ``counted``, how to count rows whose SQL was compiled beforehand (tracker.list_sql);
    ``known``, their number where the caller knows it without counting (``cached_count``)."""

    def __init__(
        self,
        rows: QuerySet,
        per_page: int,
        request: HttpRequest,
        counted: Callable[[], int] | None = None,
        known: Callable[[], int | None] | None = None,
    ) -> None:
        super().__init__(rows, per_page)
        self.request = request
        self.counted = counted
        self.known = known

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, list):  # rows counted already (the countries index)
            return len(self.object_list)
        if self.counted:
            return self.counted()
        return cached_count(self.request, self.object_list, self.known)


def paginate(
    request: HttpRequest,
    rows: QuerySet,
    per_page: int = PER_PAGE,
    counted: Callable[[], int] | None = None,
    known: Callable[[], int | None] | None = None,
) -> Page:
    """The page the address asks for; raises ValueError with a reader's message if none."""
    paginator = CountingPaginator(rows, per_page, request, counted, known)
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        raise ValueError(f"“{raw}” is not a page number; pages are numbered from 1.") from None
    if number < 1:
        raise ValueError(f"There is no page {number}: pages are numbered from 1.")
    if number > paginator.num_pages:
        raise ValueError(f"There is no page {number}: the last page is {paginator.num_pages}.")
    return paginator.page(number)
