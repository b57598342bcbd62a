"""Addresses into the filtered commitments list, which every component links to."""

from django.urls import reverse
from django.utils.http import urlencode


def commitment_list_url(filters: dict[str, str], **more: str) -> str:
    """The commitments list with ``filters`` and ``more`` (later values win), no empties."""
    params = {name: value for name, value in {**filters, **more}.items() if value}
    query = urlencode(params)
    return reverse("commitment-list") + (f"?{query}" if query else "")


def list_filters(query: dict[str, str], *, leave_out: tuple[str, ...] = ()) -> dict[str, str]:
    """A list page's own filters, to carry into its components' links: without its page
    and sort (a component's link opens a new list) and without ``leave_out``."""
    dropped = {"page", "sort", "format", *leave_out}
    return {name: value for name, value in query.items() if name not in dropped and value}
