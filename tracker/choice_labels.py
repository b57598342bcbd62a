"""A choice's label as ``get_FOO_display()`` gives it, from a lookup made once per field and
language. Django makes a dictionary of the field's choices anew at every call (some 5 µs):
a country page asked for sixty labels (its thirty commitments' kinds and statuses), a
commitments list for twenty-five, about 0.5 ms of the country page.

A label may be a lazy translation, so each language has its lookup, its labels translated
into it. Asking Django for the active language costs about as much as the dictionary
(``tracker.formatting.current_locale``): code that draws many records asks once and passes
the locale."""

import functools

from django.db.models import Field
from django.utils import translation

from tracker.formatting import current_locale


def choice_label(field: Field, value, locale: str | None = None):
    """``field``'s label for ``value`` in ``locale``'s language (the active language's by
    default); ``value`` itself where it is no choice of the field, as Django gives it."""
    return _labels(field, locale or current_locale()).get(value, value)


@functools.cache
def _labels(field: Field, locale: str) -> dict:
    with translation.override(translation.to_language(locale)):
        return {value: str(label) for value, label in field.flatchoices}
