"""The filter forms' markup drawn in Python: the form (``tracker/forms/filters.html``), each
field (``tracker/forms/field.html``), the chooser (``tracker/forms/chooser.html``) and
Django's input widgets (``django/forms/widgets/input.html`` and the templates that only
include it), the same markup byte for byte as the templates draw it, stripped as Django's
form renderer strips it.

The commitments list's form has a dozen fields; through the template language each cost
a field template, a widget template and its attributes' template, about 6–7 ms a page in
all (benchmarks/RESULTS.md, lists7), on every list page and its htmx fragment. Django
still works out each widget's context (``get_context``: its value, its attributes, its
``aria-describedby``); only the drawing is here. ``tracker.filter_forms.FilterRenderer``
sends each template name it knows here and leaves any other to its template;
tests/views/test_filter_rendering.py compares both for every list's form.
"""

from collections.abc import Callable

from django.forms import BoundField, Form

from tracker.markup import drawn_attrs, drawn_select, escaped

FORM_TEMPLATE = "tracker/forms/filters.html"
FIELD_TEMPLATE = "tracker/forms/field.html"
CHOOSER_TEMPLATE = "tracker/forms/chooser.html"
SELECT_TEMPLATE = "django/forms/widgets/select.html"
# Django's widgets whose template is ``{% include "django/forms/widgets/input.html" %}``
# alone, among those the filter forms use.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{kind}.html" for kind in ("text", "search", "date", "number", "hidden")
)


def drawn_input(widget: dict) -> str:
    """``django/forms/widgets/input.html``: the value as ``stringformat:'s'`` gives it."""
    value = widget["value"]
    shown = "" if value is None else f' value="{escaped(value)}"'
    return (
        f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"'
        f"{shown}{drawn_attrs(widget['attrs'])}>"
    )


def drawn_chooser(widget: dict) -> str:
    """``tracker/forms/chooser.html``: the combobox (its input's template ends in a line
    break, which the include keeps) and its empty listbox."""
    return (
        f'<div class="chooser">{drawn_input(widget)}\n<ul id="{escaped(widget["listbox"])}"'
        ' class="chooser-suggestions" role="listbox"'
        f' aria-label="Suggested {escaped(widget["nouns"][1])}" hidden></ul></div>'
    )


def drawn_field(field: BoundField) -> str:
    """``tracker/forms/field.html``: the label, the help, the control, what is wrong."""
    errors = field.errors
    help_text = (
        f'<span class="hint" id="{escaped(field.auto_id)}_helptext">'
        f"({escaped(field.help_text)})</span>"
        if field.help_text
        else ""
    )
    error = (
        f'<p class="field-error" id="{escaped(field.auto_id)}_error">'
        f"{' '.join(escaped(message) for message in errors)}</p>"
        if errors
        else ""
    )
    return (
        f'<div class="field{" field--invalid" if errors else ""}">\n'
        f'  <label for="{escaped(field.id_for_label)}">{escaped(field.label)}</label>\n'
        f"  {help_text}\n"
        f"  {field}\n"
        f"  {error}\n"
        "</div>"
    )


def drawn_form(form: Form) -> str:
    """``tracker/forms/filters.html``: the hidden filters that hold a value, then each
    field, a range's two side by side (``ListFilters.layout()``)."""
    hidden = "".join(str(field) for field in form.hidden_fields() if field.value())
    drawn = "".join(
        (
            f'<div class="field-pair">{"".join(one.as_field_group() for one in each)}</div>'
            if isinstance(each, list)
            else each.as_field_group()
        )
        + "\n"
        for each in form.layout()
    )
    return f"{hidden}\n{drawn}".strip()


def _of_widget(draw: Callable[[dict], str]) -> Callable[[dict], str]:
    return lambda context: draw(context["widget"])


DRAWN: dict[str, Callable[[dict], str]] = {
    FORM_TEMPLATE: lambda context: drawn_form(context["form"]),
    FIELD_TEMPLATE: lambda context: drawn_field(context["field"]),
    CHOOSER_TEMPLATE: _of_widget(drawn_chooser),
    SELECT_TEMPLATE: _of_widget(drawn_select),
    **dict.fromkeys(INPUT_TEMPLATES, _of_widget(drawn_input)),
}
