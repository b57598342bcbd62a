"""What every list page shares: its clean address, pages of rows, what it shows in words,
the htmx fragment, and bad input as a 400.

Each list (commitments, quotes, sources and the indexes) is a ``@list_page`` whose view
hands ``show_list`` its form, its rows and its drop-downs' choices, and whose template
extends ``tracker/list_base.html``.
"""

from collections.abc import Callable

from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from tracker import exports, list_sql
from tracker.exports import Table
from tracker.filter_forms import ListFilters
from tracker.http_cache import public_page, remembered, serves_fragment
from tracker.list_descriptions import describe
from tracker.pagination import PER_PAGE, paginate

# What a page reads from its address besides a list's filters: the format of an export
# (tracker.exports), and on a list the page. Nothing else reaches the view (@public_page).
DETAIL_QUERY = ("format",)


def list_query(filters: type[Form]) -> tuple[str, ...]:
    """The parameters a list page reads, in its clean address's order: its filters, the
    page and the format."""
    return (*filters.base_fields, "page", "format")


def list_page(filters: type[ListFilters]):
    """``@public_page`` for a list: its parameters, and what they mean when left out (no
    filter, the default sort, page 1), so that its address is clean (tracker.http_cache)."""
    return public_page(
        query=list_query(filters), defaults={"sort": filters.DEFAULT_SORT, "page": "1"}
    )


def form_problems(filters: Form) -> list[str]:
    """What is wrong with the address's filters, each named by its field's label."""
    return [
        f"{filters.fields[name].label if name in filters.fields else 'Filters'}: {message}"
        for name, messages in filters.errors.items()
        for message in messages
    ]


def by_slug(request: HttpRequest, filters: ListFilters) -> HttpResponseRedirect | None:
    """A redirect to the same list with each record the address named by its name (a
    chooser's typed text, sent without JavaScript) named by its slug, as every link names
    it; None if the address names none so."""
    slugs = filters.slugs_of_names()
    if not slugs:
        return None
    query = request.GET.copy()
    for name, slug in slugs.items():
        query[name] = slug
    return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")


def list_context(
    request: HttpRequest,
    filters: ListFilters,
    rows: QuerySet,
    per_page: int = PER_PAGE,
    *,
    counted: Callable[[], int | None] | None = None,
) -> dict:
    """Filter and page ``rows`` as the address asks, and say what they are; ``problems``
    says what went wrong. ``counted``, how the view knows the rows' number without
    counting them (None where it does not; ``list_sql.filtered``)."""
    problems = form_problems(filters)
    page = None
    if not problems:
        # Compiled once per shape of the filters where the form says how (tracker.list_sql).
        compiled = list_sql.filtered(request, filters, rows, counted)
        try:
            if compiled:
                page = paginate(request, compiled.queryset, per_page, compiled.count)
            else:
                page = paginate(request, filters.filter(rows), per_page)
        except ValueError as error:
            problems.append(f"Page: {error}")
    context = {
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
    context.update(
        describe(filters, request.GET, request.path, page.paginator.count if page else None)
    )
    return context


type Choices = dict[str, tuple[str, Callable[[], QuerySet]]]


def offer_choices(request: HttpRequest, filters: ListFilters, choices: Choices) -> None:
    """Each drop-down's records (field: (name to remember them by, their query)), read
    once per data version: their queries read whole tables. A chooser's, only as many as
    tell whether it lists them or suggests them (``offered_at_most``)."""
    for field, (name, records) in choices.items():
        most = filters.offered_at_most(field)
        offered = remembered(
            request, name, lambda q=records, most=most: list(q().values("slug", "name")[:most])
        )
        filters.offer(field, offered)


def show_list(
    request: HttpRequest,
    filters: ListFilters,
    rows: QuerySet,
    template_name: str,
    *,
    table: Table,
    feed: Callable | None = None,
    choices: Choices | None = None,
    exported: QuerySet | None = None,
) -> HttpResponse:
    """A list's page, its htmx fragment, or (``?format=``) its export or feed; ``exported``,
    the rows the exports and the feed read where they read more of each than the page
    (``rows`` if None)."""
    if fmt := exports.requested(request):
        exported = rows if exported is None else exported
        return exports.list_export(request, fmt, filters, exported, table, feed=feed)
    if redirect := by_slug(request, filters):
        return redirect
    context = list_context(request, filters, rows)
    offer_choices(request, filters, choices or {})
    return render_list(request, template_name, context)


def render_list(
    request: HttpRequest, template_name: str, context: dict, *, partial: str = ""
) -> HttpResponse:
    """The whole page, or for htmx only its results (and form); 400 if input was bad.

    A list's template draws its fragment itself (``fragment``, tracker/list_base.html); a
    page that is not a list names the ``partial`` htmx gets. A history restore (the back
    button after htmx forgot the page) gets the whole page; the page cache keys the
    response by the same decision (``serves_fragment``). The fragment pushes the clean
    address into the history, whatever empty fields the form sent.
    """
    fragment = serves_fragment(request)
    if fragment and partial:
        template_name = f"{template_name}#{partial}"
    # The fragment carries the form too, out of band, so that the form's markup (which
    # htmx saves for the back button) always matches the results it sits beside.
    context = {**context, "fragment": fragment}
    status = 400 if context.get("problems") else 200
    response = render(request, template_name, context, status=status)
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    if fragment:
        query = request.GET.urlencode()
        response["HX-Push-Url"] = f"{request.path}?{query}" if query else request.path
    return response
