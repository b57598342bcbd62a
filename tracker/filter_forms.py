"""What every list's filter form shares: its fields' kinds, its sorts, and how it is drawn.

``tracker.filters`` (commitments, quotes, sources) and ``tracker.index_filters`` (the
indexes) declare one form per list on ``ListFilters``. A form validates the address and
applies it to a queryset for the page, its exports and the API alike; Django's form
rendering draws it (``FilterRenderer``: the markup of ``templates/tracker/forms/``, drawn in
Python by ``tracker.filter_markup``), so no list template writes out a field. A list's
sorts are one table (``SORTS``: the name in the address, its label, its ordering and its
direction).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.forms.renderers import TemplatesSetting
from django.urls import reverse

from tracker import choosers
from tracker.choosers import Choosable, Unresolved
from tracker.filter_markup import CHOOSER_TEMPLATE, DRAWN, FIELD_TEMPLATE, FORM_TEMPLATE
from tracker.markup import drawn_options

DATE_FORMAT = "%Y-%m-%d"
DATES_REVERSED = "The “from” date is after the “to” date."
# Large enough for any budget, small enough that minor units fit a 64-bit integer.
AMOUNT_DIGITS = 15
TEXT_LENGTH = 200


class FilterRenderer(TemplatesSetting):
    """Draws a filter form as the project's templates do: each field a labelled control
    with its help and its error, ranges side by side. The templates the filter forms use
    are drawn in Python (``filter_markup.DRAWN``: the same markup, without the template
    language's cost per field); any other is left to its template."""

    form_template_name = FORM_TEMPLATE
    field_template_name = FIELD_TEMPLATE

    def render(self, template_name: str, context: dict, request=None) -> str:
        if drawn := DRAWN.get(template_name):
            return drawn(context)
        return super().render(template_name, context, request)


class OfferedSelect(forms.Select):
    """The drop-down of a filter that offers hundreds of records or values (every country,
    speaker, event, publisher): its options drawn once per list of choices and kept
    (``drawn_options``), the chosen one marked per request, instead of a dictionary per
    option at every build. Grouped choices are left to Django."""

    def get_context(self, name, value, attrs):
        choices = [("" if option is None else option, label) for option, label in self.choices]
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().get_context(name, value, attrs)
        context = forms.Widget.get_context(self, name, value, attrs)
        context["widget"]["options"] = drawn_options(tuple(choices), context["widget"]["value"])
        return context


class ChooserInput(forms.TextInput):
    """A record typed by name, with suggestions as one types (a combobox: its listbox is
    filled by htmx from ``/suggestions/?of=<kind>``, driven by the keyboard in
    static/tracker/lists.js). The chosen record shows as its name, its slug beside it for
    the address; without JavaScript the typed name is sent and resolved on the server."""

    template_name = CHOOSER_TEMPLATE

    def __init__(self, choosable: Choosable, blank: str, chosen: tuple[str, str] | None) -> None:
        super().__init__(
            attrs={
                "role": "combobox",
                "aria-autocomplete": "list",
                "aria-expanded": "false",
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
                "placeholder": blank,
                "data-chooser": "",
            }
        )
        self.choosable = choosable
        self.chosen = chosen

    def format_value(self, value):
        return self.chosen[1] if self.chosen else super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        listbox = f"{widget['attrs'].get('id', name)}-suggestions"
        widget["listbox"] = listbox
        widget["attrs"].update(
            {
                "aria-controls": listbox,
                "hx-get": f"{reverse('suggestions')}?of={self.choosable.kind}",
                "hx-trigger": "input changed delay:150ms",
                "hx-target": f"#{listbox}",
                "hx-sync": "this:replace",
                # Not the list form's: the suggestions change no address, and the
                # results' "Loading…" is not theirs to show.
                "hx-push-url": "false",
                "hx-indicator": "this",
            }
        )
        if self.chosen:
            widget["attrs"]["data-slug"] = self.chosen[0]
            widget["attrs"]["data-name"] = self.chosen[1]
        widget["nouns"] = self.choosable.nouns
        return context


class ChosenRecordField(forms.ModelChoiceField):
    """A record chosen by its slug, as the address carries it, or by its exact name, as
    one types it into a chooser without JavaScript: among published records only, so that
    no message names a draft's. A name that is no one record's is refused with the
    closest names."""

    def __init__(self, *args, choosable: Choosable, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.choosable = choosable

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            typed = str(value)
            if error.code != "invalid_choice" or not _nameable(typed):
                raise
            try:
                return choosers.resolved(self.choosable, typed)
            except Unresolved as unresolved:
                raise forms.ValidationError(
                    _unresolved_message(self.choosable, unresolved), code="invalid_choice"
                ) from None


def _nameable(typed: str) -> bool:
    return 0 < len(typed) <= choosers.TYPED_LENGTH and typed.isprintable()


def _unresolved_message(choosable: Choosable, unresolved: Unresolved) -> str:
    one, many = choosable.nouns
    names = choosers.listed(unresolved.closest)
    if unresolved.ambiguous:
        return (
            f"“{unresolved.typed}” could be any of these {many}: {names}. Type one whole name "
            "(where two share it, the address name in brackets)."
        )
    if unresolved.closest:
        return f"There is no {one} “{unresolved.typed}”. Did you mean {names}?"
    return f"There is no {one} “{unresolved.typed}”."


class DateInput(forms.DateInput):
    input_type = "date"


@dataclass(frozen=True)
class Sort:
    """One order of a list: what the sort control and the column header call it, the
    ``order_by()`` it applies, and whether it runs from small to large (or A to Z)."""

    label: str
    ordering: tuple
    ascending: bool = False


def date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=[DATE_FORMAT],
        widget=DateInput(format=DATE_FORMAT),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD, for example 2024-11-07."},
    )


def amount_field(label: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        error_messages={
            "invalid": "Enter an amount as a number, for example 150000000.",
            "min_value": "Enter an amount of zero or more.",
            "max_digits": "Enter an amount of fewer than 13 digits.",
            "max_whole_digits": "Enter an amount of fewer than 13 digits.",
            "max_decimal_places": "Enter an amount with at most two decimal places.",
        },
    )


def slug_choice(
    queryset: QuerySet,
    label: str,
    noun: str,
    blank: str,
    *,
    hidden: bool = False,
    chooser: str = "",
) -> forms.ModelChoiceField:
    """A record chosen by its slug. The drop-down offers what the view hands ``offer()``
    (remembered per data version), not the whole table; ``hidden`` for a filter that
    pages link to and the form only carries; ``chooser``, the kind of record
    (tracker.choosers.CHOOSABLE) typed by name once there are too many to list."""
    kwargs = {
        "queryset": queryset,
        "to_field_name": "slug",
        "required": False,
        "label": label,
        "empty_label": blank,
        "widget": forms.HiddenInput if hidden else OfferedSelect,
        "error_messages": {"invalid_choice": f"There is no {noun} “%(value)s”."},
    }
    if chooser:
        return ChosenRecordField(choosable=choosers.CHOOSABLE[chooser], **kwargs)
    return forms.ModelChoiceField(**kwargs)


def text_query(label: str = "Words") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LENGTH,
        strip=True,
        widget=forms.SearchInput,
    )


def sort_field(sorts: dict[str, Sort]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(name, sort.label) for name, sort in sorts.items()],
        error_messages={
            "invalid_choice": "“%(value)s” is not a sort order; choose " + ", ".join(sorts) + "."
        },
    )


class ListFilters(forms.Form):
    """A list's filters and sort: validated, applied after one another, then sorted.

    ``RANGES`` pairs the fields that bound one value (from, to, and what to say when they
    are the wrong way round), drawn side by side. What the list says it shows
    (tracker.list_descriptions): ``NOUNS`` names what it holds, one and many, or
    ``KIND_NOUNS`` by the value of ``NOUN_FIELD``; ``PHRASES`` how a filter reads after the
    noun; ``ORDERING``, the fields that order the rows rather than choose them.

    A list page's rows are compiled once per shape of its filters (tracker.list_sql) where
    the form names ``BOUND_FIELDS``, those whose value (a record, a choice) its ``filter()``
    only compares with a column, and ``SHAPING_FIELDS``, those whose value changes the SQL;
    None, built by the ORM at every request.
    """

    default_renderer = FilterRenderer
    label_suffix = ""
    SORTS: dict[str, Sort] = {}
    DEFAULT_SORT = ""
    RANGES: tuple[tuple[str, str, str], ...] = ()
    NOUNS = ("record", "records")
    NOUN_FIELD: str | None = None
    KIND_NOUNS: dict[str, tuple[str, str]] = {}
    PHRASES: dict[str, str] = {}
    ORDERING: tuple[str, ...] = ("sort",)
    BOUND_FIELDS: tuple[str, ...] | None = None
    SHAPING_FIELDS: tuple[str, ...] = ("sort",)

    def __init__(self, data=None, **kwargs) -> None:
        kwargs.setdefault("auto_id", "f-%s")
        super().__init__(data, **kwargs)

    def clean_sort(self) -> str:
        return self.cleaned_data.get("sort") or self.DEFAULT_SORT

    def clean(self) -> dict:
        data = super().clean()
        for low, high, message in self.RANGES:
            start, end = data.get(low), data.get(high)
            if start is not None and end is not None and start > end:
                self.add_error(high, message)
        return data

    def filter(self, queryset: QuerySet) -> QuerySet:
        """The rows the valid filters select, in the chosen order. Call after is_valid()."""
        raise NotImplementedError

    def sorted(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by(*self.SORTS[self.cleaned_data["sort"]].ordering)

    def offered_at_most(self, name: str) -> int | None:
        """How many records the control of ``name`` may need to know: past
        ``SUGGESTED_ABOVE`` a chooser's records are suggested, not listed; None for all."""
        if isinstance(self.fields[name], ChosenRecordField):
            return choosers.SUGGESTED_ABOVE + 1
        return None

    def offer(self, name: str, records: Iterable[dict]) -> None:
        """The drop-down of ``name`` offers ``records`` ({slug, name}), and the record the
        address chose even if they do not hold it: the control shows the filter applied,
        and a change of another control keeps it. A chooser's records, if more than
        ``SUGGESTED_ABOVE``, are typed with suggestions instead."""
        field = self.fields[name]
        options = [(record["slug"], record["name"]) for record in records]
        if isinstance(field, ChosenRecordField) and len(options) > choosers.SUGGESTED_ABOVE:
            field.widget = ChooserInput(field.choosable, field.empty_label, self.chosen(name))
            return
        chosen = self.chosen(name)
        if chosen and chosen[0] not in {slug for slug, _ in options}:
            options = sorted([*options, chosen], key=lambda option: option[1])
        field.widget.choices = [("", field.empty_label), *options]

    def chosen(self, name: str) -> tuple[str, str] | None:
        """The record the address chose for ``name`` (slug, name), if it is valid."""
        if not self.is_bound or self.errors.get(name):
            return None
        record = self.cleaned_data.get(name)
        return (record.slug, record.name) if record is not None else None

    def slugs_of_names(self) -> dict[str, str]:
        """The fields whose address named a record by its name rather than its slug (a
        chooser typed into without JavaScript), each with the record's slug."""
        if not self.is_valid():
            return {}
        return {
            name: record.slug
            for name, field in self.fields.items()
            if isinstance(field, ChosenRecordField)
            and (record := self.cleaned_data.get(name)) is not None
            and self.data.get(name) != record.slug
        }

    def offer_values(self, name: str, values: Iterable[str], blank: str) -> None:
        """A drop-down for a field of free text (a publisher, a region): its known values."""
        self.fields[name].widget = OfferedSelect(
            choices=[("", blank), *((value, value) for value in values)]
        )

    def layout(self) -> list:
        """The visible fields in order, each range's two as one (a list) to draw together."""
        paired = {low: high for low, high, _ in self.RANGES}
        seconds = set(paired.values())
        drawn = []
        for field in self.visible_fields():
            if field.name in paired:
                drawn.append([field, self[paired[field.name]]])
            elif field.name not in seconds:
                drawn.append(field)
        return drawn
