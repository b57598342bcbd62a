"""The sortable column headers of a list's table.

{% sort_header filters "Date" "newest" "oldest" %} renders a ``<th>`` whose link sorts the
list by the first order, or by the next one when the list is already sorted by it. The
link is the page's own clean address with the new ``sort`` (none for the list's default)
and no ``page``, so it is a permalink; htmx swaps only the results, as the list's other
links do. Names and directions come from the list's table of sorts (``SORTS``).
"""

from django import template
from django.forms import Form
from django.http import HttpRequest
from django.utils.html import format_html

register = template.Library()


def current_sort(filters: Form) -> str:
    """The order the list is shown in: the valid ``sort``, else what the address asked."""
    if filters.is_bound and not filters.errors:
        return filters.cleaned_data.get("sort") or filters.DEFAULT_SORT
    return filters.data.get("sort") or filters.DEFAULT_SORT


def sort_address(request: HttpRequest, filters: Form, sort: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    if sort != filters.DEFAULT_SORT:
        query["sort"] = sort
    return f"{request.path}?{query.urlencode()}" if query else request.path


@register.simple_tag(takes_context=True)
def sort_header(context, filters: Form, label: str, *orders: str, css: str = "") -> str:
    request = context["request"]
    current = current_sort(filters)
    if current in orders:
        direction = "ascending" if filters.SORTS[current].ascending else "descending"
        following = orders[(orders.index(current) + 1) % len(orders)]
        arrow = "↑" if direction == "ascending" else "↓"
    else:
        direction, following, arrow = "", orders[0], ""
    address = sort_address(request, filters, following)
    name = filters.SORTS[following].label.lower()
    return format_html(
        '<th scope="col"{}{}><a href="{}" hx-get="{}" hx-target="#results" hx-push-url="true"'
        ' title="Sort: {}">{}<span class="visually-hidden"> (sort: {})</span>'
        '<span class="sort-arrow" aria-hidden="true">{}</span></a></th>',
        format_html(' class="{}"', css) if css else "",
        format_html(' aria-sort="{}"', direction) if direction else "",
        address,
        address,
        name,
        label,
        name,
        arrow,
    )
