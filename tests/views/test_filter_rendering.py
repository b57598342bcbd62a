"""The filter forms are drawn in Python (tracker.filter_markup: the form, its fields, the
chooser, the drop-downs and the inputs), not by their templates; the markup must be the
templates', byte for byte, escaping included."""

from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from tracker.choosers import SUGGESTED_ABOVE
from tracker.filter_forms import DateInput, FilterRenderer, OfferedSelect
from tracker.filters import CommitmentFilters, QuoteFilters, SourceFilters
from tracker.index_filters import (
    AnnouncementFilters,
    CountryFilters,
    EventFilters,
    FigureFilters,
    OrganisationFilters,
    PersonFilters,
)
from tracker.markup import drawn_select

CHOICES = [
    ("", "All countries"),
    ("bosnia-and-herzegovina", "Bosnia & Herzegovina"),
    ("cote-d-ivoire", "Côte d'Ivoire"),
    ("quoted", 'The "quoted" <b>one</b>'),
    (mark_safe("safe&amp;value"), mark_safe("<i>safe</i> label")),
    (7, 1000),
]
GROUPED = [
    ("", "Any"),
    ("Europe & around", [("albania", "Albania"), ("serbia", "Serbia")]),
    ("Africa", [("lesotho", "Lesotho")]),
]


@pytest.mark.parametrize(
    ("widget", "value", "attrs"),
    [
        (forms.Select(choices=CHOICES), "cote-d-ivoire", {"id": "f-country"}),
        (forms.Select(choices=CHOICES), "", {"id": "f-country", "required": True}),
        (forms.Select(choices=CHOICES), "nowhere", {"disabled": False, "data-x": 'a"b'}),
        (forms.Select(choices=CHOICES), 7, None),
        (forms.Select(choices=GROUPED), "serbia", {"aria-describedby": "f-c_helptext"}),
        (forms.SelectMultiple(choices=GROUPED), ["albania", "lesotho"], {"id": "f-many"}),
        (forms.NullBooleanSelect(), True, {"id": "f-yes"}),
    ],
)
def test_drawn_select_is_djangos_markup(widget, value, attrs):
    drawn = widget.render("country", value, attrs, renderer=FilterRenderer())
    by_templates = widget.render("country", value, attrs, renderer=TemplatesSetting())
    assert drawn == by_templates
    assert "<option" in drawn


@pytest.mark.parametrize(
    "widget",
    [
        forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "characters"}),
        forms.SearchInput(),
        forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        forms.HiddenInput(),
        DateInput(format="%Y-%m-%d"),
    ],
)
@pytest.mark.parametrize(
    "value", ["a \"b\" <c> & 'd'", "", None, 0, Decimal("1.50"), mark_safe("<i>safe</i>")]
)
def test_an_input_is_djangos_markup(widget, value):
    attrs = {"id": "f-q", "required": True, "disabled": False, "data-x": 'a"b'}
    drawn = widget.render("q", value, attrs, renderer=FilterRenderer())
    assert drawn == widget.render("q", value, attrs, renderer=TemplatesSetting())
    assert drawn.startswith("<input")


def test_a_widget_the_filters_do_not_use_is_left_to_its_template():
    widget = forms.Textarea()
    drawn = widget.render("q", "a < b", {"id": "f-q"}, renderer=FilterRenderer())
    assert drawn == widget.render("q", "a < b", {"id": "f-q"}, renderer=TemplatesSetting())
    assert drawn.startswith("<textarea")


class ByTemplates(TemplatesSetting):
    """The filter forms' own templates, drawn by the template language; but for the
    drop-downs, whose options ``OfferedSelect`` hands over drawn (compared with Django's
    above)."""

    form_template_name = FilterRenderer.form_template_name
    field_template_name = FilterRenderer.field_template_name

    def render(self, template_name, context, request=None):
        if template_name == forms.Select.template_name:
            return drawn_select(context["widget"])
        return super().render(template_name, context, request)


FORMS = [
    CommitmentFilters,
    QuoteFilters,
    SourceFilters,
    CountryFilters,
    PersonFilters,
    OrganisationFilters,
    AnnouncementFilters,
    EventFilters,
    FigureFilters,
]


def _both(form_class, data: dict, offered: dict) -> tuple[str, str]:
    drawn = []
    for renderer in (FilterRenderer(), ByTemplates()):
        form = form_class(data, renderer=renderer)
        form.is_valid()
        for name, records in offered.items():
            if name in form.fields:
                form.offer(name, records)
        drawn.append(form.render())
    return drawn[0], drawn[1]


@pytest.mark.parametrize("form_class", FORMS)
def test_every_lists_form_is_its_templates_markup(world, form_class):
    few = [{"slug": "albania", "name": "Albania"}, {"slug": "b-&-c", "name": 'B & "C"'}]
    many = [{"slug": f"org-{n}", "name": f"Org <{n}>"} for n in range(SUGGESTED_ABOVE + 1)]
    valid_everywhere = {"q": 'border "security" <b>', "sort": ""}
    bad_everywhere = {name: 'not <valid> & "at all"' for name in form_class.base_fields}
    cases = [
        ({}, {}),
        (valid_everywhere, {"country": few, "organisation": few, "speaker": few}),
        (bad_everywhere, {"country": few, "organisation": many, "speaker": many}),
        ({**valid_everywhere, "person": "someone", "event": "somewhere"}, {"organisation": many}),
    ]
    every = ""
    for data, offered in cases:
        drawn, by_templates = _both(form_class, data, offered)
        assert drawn == by_templates
        every += drawn
    # Each kind of markup the forms draw was among the compared.
    assert '<div class="field field--invalid">' in every
    assert 'class="field-error"' in every
    assert '<div class="field">' in every
    if form_class is CommitmentFilters:
        for markup in ('class="chooser"', 'type="hidden"', 'class="field-pair"', 'class="hint"'):
            assert markup in every


@pytest.mark.parametrize(
    "value", ["cote-d-ivoire", "", None, "nowhere", 7, "7", "quoted", ["quoted", "cote-d-ivoire"]]
)
@pytest.mark.parametrize("choices", [CHOICES, [*CHOICES, ("quoted", "Again")], GROUPED])
def test_an_offered_drop_down_is_djangos_markup_whatever_is_chosen(choices, value):
    attrs = {"id": "f-country", "aria-describedby": "f-country_helptext"}
    for _ in range(2):  # drawn, then from the options kept
        drawn = OfferedSelect(choices=choices).render(
            "country", value, attrs, renderer=FilterRenderer()
        )
        by_templates = forms.Select(choices=choices).render(
            "country", value, attrs, renderer=TemplatesSetting()
        )
        assert drawn == by_templates


def test_an_offered_drop_down_marks_the_first_option_chosen_only():
    choices = [("", "Any"), ("a", "A"), ("b", "B"), ("a", "A again")]
    drawn = OfferedSelect(choices=choices).render("x", "a", None, renderer=FilterRenderer())
    assert drawn.count(" selected") == 1
    assert '<option value="a" selected>A</option>' in drawn
    blank = OfferedSelect(choices=choices).render("x", None, None, renderer=FilterRenderer())
    assert '<option value="" selected>Any</option>' in blank
    nowhere = OfferedSelect(choices=choices).render("x", "z", None, renderer=FilterRenderer())
    assert " selected" not in nowhere
