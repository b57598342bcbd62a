"""No control character is stored, however a record is saved; a lone surrogate is refused."""

import json

import pytest
from django.core.management import call_command

from tests import factories
from tracker.models import Person, Quote
from tracker.plain_text import NotACharacter, plain_text, xml_safe

pytestmark = pytest.mark.django_db


def test_line_and_page_breaks_become_line_breaks_and_other_controls_go():
    assert plain_text("one\x0btwo\x0cthree\x00\x07\x1b\x7f") == "one\ntwo\nthree"
    kept = "tab\tline\ncarriage\r\n é ‘quoted’ —"
    assert plain_text(kept) == kept


def test_a_lone_surrogate_is_refused_by_name_and_replaced_on_output():
    with pytest.raises(NotACharacter, match=r"\\ud800"):
        plain_text("x\ud800")
    assert xml_safe("x\ud800\x0b") == "x\N{REPLACEMENT CHARACTER}\n"


def test_a_saved_quote_keeps_no_control_character():
    quote = factories.QuoteFactory(text="We will smash\x0bthe gangs\x01 together")

    quote.refresh_from_db()

    assert quote.text == "We will smash\nthe gangs together"
    assert quote.history.first().text == quote.text


def test_a_fixture_is_cleaned_as_it_is_loaded(tmp_path):
    fixture = tmp_path / "people.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "tracker.person",
                    "fields": {"name": "Keir\x0bStarmer\x08", "slug": "keir-starmer"},
                }
            ]
        )
    )

    call_command("loaddata", str(fixture), verbosity=0)

    assert Person.objects.get(slug="keir-starmer").name == "Keir\nStarmer"


def test_a_lone_surrogate_is_never_stored():
    with pytest.raises(NotACharacter):
        factories.QuoteFactory(text="x\ud800")
    assert not Quote.objects.filter(text__startswith="x").exists()
