"""The API's query parameters, derived from tracker.filters' forms: one definition, not two.

``query_schema(CommitmentFilters)`` describes each field of the form in the OpenAPI
document (its label, its choices, the format of a date or an amount). Every parameter
is taken as a string: the form, and only the form, decides what is valid, so the API
rejects ``kind=banana`` with the very message the HTML page shows.
"""

from typing import Annotated

from django import forms
from ninja import Schema
from pydantic import Field, WithJsonSchema, create_model

from tracker.filter_forms import ChosenRecordField
from tracker.pagination import PER_PAGE

# The most records one page of the API holds.
MAX_PAGE_SIZE = 100


def _json_schema(field: forms.Field) -> dict:
    """The OpenAPI schema of what ``field`` accepts."""
    match field:
        case forms.ModelChoiceField():
            return {"type": "string", "pattern": "^[-a-z0-9]+$"}
        case forms.ChoiceField():
            return {"type": "string", "enum": [value for value, _ in field.choices if value]}
        case forms.DateField():
            return {"type": "string", "format": "date"}
        case forms.DecimalField():
            return {"type": "number", "minimum": 0, "maximum": 10**13 - 1}
        case forms.CharField():
            return {"type": "string", "maxLength": field.max_length}
    raise TypeError(f"No query schema for {type(field).__name__}")


def _parameter(field: forms.Field, description: str, schema: dict) -> tuple:
    typed = Annotated[str | None, WithJsonSchema(schema)]
    return (typed, Field(None, description=description))


def _describe(name: str, field: forms.Field) -> str:
    description = str(field.label or name)
    if isinstance(field, ChosenRecordField):
        description += ": a slug, as in the HTML page's address, or the exact name"
    elif isinstance(field, forms.ModelChoiceField):
        description += ": a slug, as in the HTML page's address"
    return description + "."


def _paging() -> dict[str, tuple]:
    return {
        "page": _parameter(
            forms.IntegerField(), "The page, from 1.", {"type": "integer", "minimum": 1}
        ),
        "page_size": _parameter(
            forms.IntegerField(),
            f"Records per page, 1 to {MAX_PAGE_SIZE} (default {PER_PAGE}).",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        ),
    }


def query_schema(form_class: type[forms.Form] | None) -> type[Schema]:
    """A schema of the form's fields, plus ``page`` and ``page_size``, all optional strings."""
    fields = {}
    if form_class is not None:
        for name, field in form_class.base_fields.items():
            fields[name] = _parameter(field, _describe(name, field), _json_schema(field))
    fields.update(_paging())
    name = form_class.__name__ + "Query" if form_class else "PageQuery"
    return create_model(name, __base__=Schema, **fields)
