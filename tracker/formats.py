"""The data formats each public page offers, and a bad request answered in them.

Neutral ground for the exports (tracker.exports), the page's links to them
(tracker.templatetags.open_data) and the API (tracker.api), so none imports another
for these.
"""

from django.forms import Form
from django.http import HttpResponse, JsonResponse

# The formats each page offers, by URL name (the <head> links and download links).
TABLES = ("csv", "json")
PAGE_FORMATS: dict[str, tuple[str, ...]] = {
    "home": ("atom",),
    "commitment-list": (*TABLES, "atom"),
    "quote-list": TABLES,
    "source-list": TABLES,
    "country-list": TABLES,
    "person-list": TABLES,
    "organisation-list": TABLES,
    "organisation-detail": TABLES,
    "announcement-list": (*TABLES, "atom"),
    "event-list": TABLES,
    "figure-list": (*TABLES, "atom"),
    "search": TABLES,
    "commitment-detail": TABLES,
    "quote-detail": TABLES,
    "figure-detail": TABLES,
    "announcement-detail": TABLES,
    "event-detail": TABLES,
    "source-detail": TABLES,
    "country-detail": (*TABLES, "atom"),
    "person-detail": (*TABLES, "atom"),
}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json", "atom": "application/atom+xml"}


def problem_body(form: Form) -> dict:
    """A form's errors as a JSON body: each field at fault with the form's messages."""
    return {
        "detail": "These filters could not be applied.",
        "errors": {name: list(messages) for name, messages in form.errors.items()},
    }


def bad_request(fmt: str, detail: str, errors: dict | None = None) -> HttpResponse:
    """A 400: JSON for the JSON format, plain text for the others."""
    if fmt == "json":
        return JsonResponse({"detail": detail, "errors": errors or {}}, status=400)
    lines = [detail, *(f"{name}: {m}" for name, msgs in (errors or {}).items() for m in msgs)]
    text = "\n".join(lines) + "\n"
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
