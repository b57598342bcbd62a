"""What every list page shares: pages of rows, the htmx fragment, and bad input as a 400."""

from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from tracker.http_cache import serves_fragment
from tracker.pagination import PER_PAGE, paginate

# What a page reads from its address besides a list's filters: the format of an export
# (tracker.exports), and on a list the page. Nothing else reaches the view (@public_page).
DETAIL_QUERY = ("format",)


def list_query(filters: type[Form]) -> tuple[str, ...]:
    """The parameters a list page reads: its filters, the page and the format."""
    return (*filters.base_fields, "page", "format")


def form_problems(filters: Form) -> list[str]:
    """What is wrong with the address's filters, each named by its field's label."""
    return [
        f"{filters.fields[name].label if name in filters.fields else 'Filters'}: {message}"
        for name, messages in filters.errors.items()
        for message in messages
    ]


def list_context(
    request: HttpRequest, filters: Form, rows: QuerySet, per_page: int = PER_PAGE
) -> dict:
    """Filter and page ``rows`` as the address asks; ``problems`` says what went wrong."""
    problems = form_problems(filters)
    page = None
    if not problems:
        try:
            page = paginate(request, filters.filter(rows), per_page)
        except ValueError as error:
            problems.append(f"Page: {error}")
    return {
        "filters": filters,
        "problems": problems,
        "page_obj": page,
        "rows": page.object_list if page else [],
        "page_numbers": (
            page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
            if page
            else []
        ),
    }


def render_list(request: HttpRequest, template_name: str, context: dict) -> HttpResponse:
    """The whole page, or for htmx only its ``results`` partial (and form); 400 if input was bad.

    A history restore (the back button after htmx forgot the page) gets the whole page;
    the page cache keys the response by the same decision (``serves_fragment``).
    """
    fragment = serves_fragment(request)
    if fragment:
        template_name = f"{template_name}#results"
    # The fragment carries the form too, out of band, so that the form's markup (which
    # htmx saves for the back button) always matches the results it sits beside.
    context = {**context, "fragment": fragment}
    status = 400 if context.get("problems") else 200
    response = render(request, template_name, context, status=status)
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response
