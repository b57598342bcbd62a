"""The sortable column headers of a list's table.

{% sort_header filters "Date" "newest" "oldest" %} renders a ``<th>`` whose link sorts the
list by the first order, or by the next one when the list is already sorted by it. The
link is the page's own address with the new ``sort`` (and no ``page``), so it is a
permalink; htmx swaps only the results, as the list's other links do.
"""

from django import template
from django.forms import Form
from django.http import HttpRequest
from django.utils.html import format_html

register = template.Library()

# Orders that run from small to large (or A to Z); every other order runs the other way.
ASCENDING = {"oldest", "amount-asc", "title", "name", "label", "region"}


def current_sort(filters: Form) -> str:
    """The order the list is shown in: the valid ``sort``, else what the address asked."""
    if filters.is_bound and not filters.errors:
        return filters.cleaned_data.get("sort") or filters.DEFAULT_SORT
    return filters.data.get("sort") or filters.DEFAULT_SORT


def sort_address(request: HttpRequest, sort: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query["sort"] = sort
    return f"{request.path}?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def sort_header(context, filters: Form, label: str, *orders: str, css: str = "") -> str:
    request = context["request"]
    names = dict(filters.fields["sort"].choices)
    current = current_sort(filters)
    if current in orders:
        direction = "ascending" if current in ASCENDING else "descending"
        following = orders[(orders.index(current) + 1) % len(orders)]
        arrow = "↑" if direction == "ascending" else "↓"
    else:
        direction, following, arrow = "", orders[0], ""
    address = sort_address(request, following)
    return format_html(
        '<th scope="col"{}{}><a href="{}" hx-get="{}" hx-target="#results" hx-push-url="true"'
        ' title="Sort: {}">{}<span class="visually-hidden"> (sort: {})</span>'
        '<span class="sort-arrow" aria-hidden="true">{}</span></a></th>',
        format_html(' class="{}"', css) if css else "",
        format_html(' aria-sort="{}"', direction) if direction else "",
        address,
        address,
        names[following].lower(),
        label,
        names[following].lower(),
        arrow,
    )
