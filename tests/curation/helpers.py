"""What an editor's browser would send: the fields of a page's form, as rendered."""

from html.parser import HTMLParser

from django.contrib.auth.models import Group
from django.urls import reverse

PARSED_AT_ONCE = 64 * 1024


class _FormFields(HTMLParser):
    """The successful controls of the form with ``form_id`` (or the first form)."""

    def __init__(self, form_id: str | None, action: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.action = action
        self.in_form = False
        self.done = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._multiple = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and not self.in_form:
            if self.action:  # the page's own form: the first with an action, not the log-out
                self.in_form = "action" in attrs and "logout" not in attrs.get("action", "")
            else:
                self.in_form = self.form_id is None or attrs.get("id") == self.form_id
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self._multiple = "multiple" in attrs
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            value = attrs.get("value", "")
            if value or not self._multiple:  # the empty option of a multiple select is a blank
                self._add(self._select, value)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            # The HTML parser keeps the newline browsers drop after <textarea>.
            self._add(self._textarea, text[1:] if text.startswith("\n") else text)
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(response, form_id: str | None = None, action: bool = False) -> dict:
    """The form's fields as a browser would post them, ready for ``client.post``."""
    parser = _FormFields(form_id, action)
    page = response.content.decode()
    # Read up to the form's end only: a 10,000-row import's preview is some 8 MB of table
    # after its form, which took the parser seconds.
    for start in range(0, len(page), PARSED_AT_ONCE):
        parser.feed(page[start : start + PARSED_AT_ONCE])
        if parser.done:
            break
    assert parser.done, "no such form on the page"
    # A select with nothing selected sends nothing, as in a browser.
    return {
        name: values if len(values) > 1 else values[0]
        for name, values in parser.data.items()
        if values
    }


def make_editor(django_user_model, username: str):
    user = django_user_model.objects.create_user(
        username=username, password=f"{username}-long-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def errors_of(response) -> list[str]:
    return [str(error) for error in response.context["adminform"].form.non_field_errors()]
