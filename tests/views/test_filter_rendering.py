"""The filter forms' drop-downs are drawn in Python (tracker.filter_forms.drawn_select), not
by Django's option templates; the markup must be Django's, byte for byte, escaping included."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from tracker.filter_forms import FilterRenderer, OfferedSelect

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


def test_every_other_widget_is_left_to_its_template():
    widget = forms.TextInput()
    assert widget.render("q", 'a "b"', {"id": "f-q"}, renderer=FilterRenderer()) == (
        '<input type="text" name="q" value="a &quot;b&quot;" id="f-q">'
    )


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
