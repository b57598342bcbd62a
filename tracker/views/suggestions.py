"""``/suggestions/?of=<kind>&q=``: the names a chooser suggests as one types
(tracker.choosers).

At most ``SUGGESTIONS`` published records of the kind, as the options of the chooser's
listbox, the typed letters marked; nothing typed, nothing suggested; cached per data
version like every public page.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tracker import choosers
from tracker.formats import bad_request
from tracker.http_cache import public_page


class TypedForm(forms.Form):
    of = forms.ChoiceField(
        required=False,
        choices=[(kind, kind) for kind in choosers.CHOOSABLE],
        error_messages={
            "invalid_choice": "No suggestions of “%(value)s”; choose "
            + ", ".join(choosers.CHOOSABLE)
            + "."
        },
    )
    q = forms.CharField(
        required=False,
        max_length=choosers.TYPED_LENGTH,
        strip=True,
        error_messages={"max_length": f"Type at most {choosers.TYPED_LENGTH} characters."},
    )


def _marked(name: str, typed: str) -> tuple[str, str, str]:
    """``name`` cut around where ``typed`` matches it: at its start, or a word's."""
    folded, wanted = name.casefold(), typed.casefold()
    at = 0 if folded.startswith(wanted) else folded.find(f" {wanted}") + 1
    # Case folding that changes a name's length ("ß" to "ss") leaves it unmarked.
    if len(folded) != len(name) or not folded.startswith(wanted, at):
        return name, "", ""
    return name[:at], name[at : at + len(typed)], name[at + len(typed) :]


@public_page(query=("of", "q"))
@require_safe
def suggestions(request: HttpRequest) -> HttpResponse:
    form = TypedForm(request.GET)
    if not form.is_valid():
        return bad_request("text", "These letters could not be looked up.", form.errors)
    kind, typed = form.cleaned_data["of"], " ".join(form.cleaned_data["q"].split())
    if not (kind and typed):  # nothing typed, nothing suggested
        return HttpResponse(b"", content_type="text/html; charset=utf-8")
    choosable = choosers.CHOOSABLE[kind]
    found = choosers.suggested(choosable, typed)
    shared = {name for _, name in found if [n for _, n in found].count(name) > 1}
    # A name two records share shows each one's address name, to tell them apart.
    names = [
        (slug, _marked(name, typed), name, slug if name in shared else "") for slug, name in found
    ]
    context = {"typed": typed, "names": names, "nouns": choosable.nouns}
    return render(request, "tracker/includes/suggestions.html", context)
