"""Amounts, figures and dates read as people read them (Babel, en-GB)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from tracker.formatting import (
    current_locale,
    figure_value,
    fuzzy_date,
    iso_date,
    money,
    money_exact,
    number,
)
from tracker.templatetags.list_rows import country_rows


@pytest.mark.parametrize(
    ("amount_minor", "currency", "expected"),
    [
        (15_000_000_000, "GBP", "£150 million"),
        (7_500_000_000, "GBP", "£75 million"),
        (20_000_000, "EUR", "€200,000"),
        (150_000_000_000, "GBP", "£1.5 billion"),
        (275_000_000, "GBP", "£2.75 million"),
        (123_456, "EUR", "€1,234.56"),
        (50_000_000, "JPY", "JP¥50 million"),  # yen have no minor unit
        (2_000_000_000, "RSD", "RSD\N{NO-BREAK SPACE}20 million"),
        (None, "GBP", ""),
    ],
)
def test_money(amount_minor, currency, expected):
    assert money(amount_minor, currency) == expected


def test_money_exact_gives_every_digit():
    assert money_exact(15_000_000_000, "GBP") == "£150,000,000"
    assert money_exact(7_500_050, "GBP") == "£75,000.50"


def test_figure_with_qualifier_and_unit():
    def figure(value, unit="people", qualifier="almost", currency="", display="Almost"):
        return SimpleNamespace(
            value=Decimal(value), unit=unit, qualifier=qualifier, currency=currency,
            get_qualifier_display=lambda: display,
        )  # fmt: skip

    assert figure_value(figure("100000.0000")) == "almost 100,000 people"
    assert figure_value(figure("9400", "returns", "exact", display="Exactly")) == "9,400 returns"
    assert figure_value(figure("19.5", "percent", "more_than", display="More than")) == (
        "more than 19.5 percent"
    )
    assert figure_value(figure("75000000", "pounds", "about", "GBP", "About")) == (
        "about £75 million"
    )


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        ("day", "7 November 2024"),
        ("month", "November 2024"),
        ("year", "2024"),
        ("", "7 November 2024"),
    ],
)
def test_dates_to_the_precision_the_sources_give(precision, expected):
    assert fuzzy_date(datetime.date(2024, 11, 7), precision) == expected


@pytest.mark.parametrize(
    ("precision", "expected"),
    [("day", "2024-11-07"), ("month", "2024-11"), ("year", "2024"), ("", "2024-11-07")],
)
def test_machine_readable_dates_stop_at_the_same_precision(precision, expected):
    assert iso_date(datetime.date(2024, 11, 7), precision) == expected
    assert iso_date(None, precision) == ""


def test_filters_in_a_template():
    template = Template(
        "{% load tracker_format %}{{ amount|money:'GBP' }} · {{ day|fuzzy_date:'month' }}"
    )
    context = Context({"amount": 15_000_000_000, "day": datetime.date(2024, 11, 7)})
    assert template.render(context) == "£150 million · November 2024"


def test_values_kept_once_formatted_read_as_babel_formats_them():
    """Formatted values are kept per value, type and language: equal values written
    differently read alike, and another language formats them anew."""
    assert [number(Decimal("9.5000")), number(Decimal("9.5")), number(9.5)] == ["9.5"] * 3
    assert [number(100000), number(Decimal("100000.0")), number(100000)] == ["100,000"] * 3
    assert money(15_000_000_000, "GBP") == money(15_000_000_000, "GBP") == "£150 million"
    assert money_exact(15_000_000_000, "GBP") == "£150,000,000"
    with translation.override("de"):
        assert number(100000) == "100.000"
        assert money_exact(15_000_000_000, "GBP") == "£150.000.000"
    assert number(100000) == "100,000"


def test_a_locale_asked_for_once_formats_as_the_active_language_does():
    """Tables ask for the active language's locale once and pass it to every value they
    format: the values read exactly as when each asks for it itself."""
    day = datetime.date(2024, 11, 7)
    for language in ("en-gb", "de"):
        with translation.override(language):
            locale = current_locale()
            assert number(100000, locale) == number(100000)
            assert money(15_000_000_000, "GBP", locale) == money(15_000_000_000, "GBP")
            assert money_exact(123_456, "EUR", locale) == money_exact(123_456, "EUR")
            assert fuzzy_date(day, "month", locale) == fuzzy_date(day, "month")
    with translation.override("de"):
        assert number(100000, current_locale()) == "100.000"


def test_the_countries_table_formats_in_the_active_language():
    country = SimpleNamespace(
        slug="serbia",
        name="Serbia",
        region="Western Balkans",
        commitment_count=1200,
        partnership_count=1000,
        funding_count=150,
        pledge_count=50,
        money=[("GBP", 15_000_000_000)],
        announcement_count=0,
        quote_count=3,
        figure_count=2,
        get_absolute_url=lambda: "/countries/serbia/",
    )
    english = country_rows([country], "/commitments/")
    assert ">1,200</a>" in english and "£150 million" in english
    with translation.override("de"):
        german = country_rows([country], "/commitments/")
    assert ">1.200</a>" in german and "150 Millionen" in german
