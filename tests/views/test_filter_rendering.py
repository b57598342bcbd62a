"""The filter forms' drop-downs are drawn in Python (tracker.filter_forms.drawn_select), not
by Django's option templates; the markup must be Django's, byte for byte, escaping included."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from tracker.filter_forms import FilterRenderer

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
