"""The intake assistant's rules, one at a time, on short texts written for them."""

import datetime
from decimal import Decimal

import pytest

from tracker.intake import Kind, find_in_text
from tracker.intake.dates import find_dates
from tracker.intake.money import find_amounts
from tracker.intake.quotes import find_quoted

from .attributions import speakers


@pytest.mark.parametrize(
    ("text", "excerpt", "minor", "currency"),
    [
        ("It costs £75 million.", "£75 million", 75_000_000_00, "GBP"),
        ("It costs £75m a year.", "£75m", 75_000_000_00, "GBP"),
        ("doubled to £150 million over", "£150 million", 150_000_000_00, "GBP"),
        ("fined 200,000 euros today", "200,000 euros", 200_000_00, "EUR"),
        ("fined (£166,250).", "£166,250", 166_250_00, "GBP"),
        ("a $97 million grant", "$97 million", 97_000_000_00, "USD"),
        ("a €1.2bn fund", "€1.2bn", 1_200_000_000_00, "EUR"),
        ("a £5.5bn fund", "£5.5bn", 5_500_000_000_00, "GBP"),
        ("3 billion euros", "3 billion euros", 3_000_000_000_00, "EUR"),
        ("EUR 5 million", "EUR 5 million", 5_000_000_00, "EUR"),
        ("¥500 million", "¥500 million", 500_000_000, "JPY"),  # yen have no minor unit
        ("£1,000.50 each", "£1,000.50", 1_000_50, "GBP"),
    ],
)
def test_amounts_become_minor_units_of_a_currency(text, excerpt, minor, currency):
    (amount,) = find_amounts(text)
    assert text[amount.start : amount.end] == excerpt
    assert (amount.amount_minor, amount.currency) == (minor, currency)


def test_a_bare_amount_takes_the_currency_of_the_sentence():
    text = "The UK gives £2bn now and 3 billion later. Some 3 billion people live in Asia."
    amounts = find_amounts(text)
    assert [(text[a.start : a.end], a.amount_minor, a.currency) for a in amounts] == [
        ("£2bn", 2_000_000_000_00, "GBP"),
        ("3 billion", 3_000_000_000_00, "GBP"),
    ]


@pytest.mark.parametrize("text", ["3 billion people", "10,000 illegal immigrants", "in 2023"])
def test_numbers_that_are_not_money(text):
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    ("text", "excerpt", "date", "precision"),
    [
        ("on 7 November, he", "7 November", datetime.date(2024, 11, 7), "day"),
        ("on 7 November 2023.", "7 November 2023", datetime.date(2023, 11, 7), "day"),
        ("on November 7, 2024 he", "November 7, 2024", datetime.date(2024, 11, 7), "day"),
        ("in November 2024", "November 2024", datetime.date(2024, 11, 1), "month"),
        ("last year", "last year", datetime.date(2023, 1, 1), "year"),
        ("this year", "this year", datetime.date(2024, 1, 1), "year"),
        ("a rise from 2023.", "2023", datetime.date(2023, 1, 1), "year"),
        ("yesterday", "yesterday", datetime.date(2024, 11, 6), "day"),
    ],
)
def test_dates_are_resolved_against_the_article(text, excerpt, date, precision):
    (found,) = find_dates(text, datetime.date(2024, 11, 7), "day")
    assert text[found.start : found.end] == excerpt
    assert (found.date, found.precision) == (date, precision)


def test_a_relative_day_needs_the_article_s_day():
    (found,) = find_dates("yesterday", datetime.date(2024, 11, 1), "month")
    assert found.date is None
    (found,) = find_dates("last year", None)
    assert found.date is None


def test_impossible_dates_are_not_dates():
    assert find_dates("on 31 November", datetime.date(2024, 11, 1)) == []


def test_quotes_straight_curly_and_unclosed():
    text = (
        'She said: "Straight quotes work here."\n'
        "“Curly ones too,” she added.\n"
        '"This one never closes\n'
        "And this line quotes nothing."
    )
    found = [(text[q.start : q.end], q.close is None) for q in find_quoted(text)]
    assert found == [
        ("Straight quotes work here.", False),
        ("Curly ones too", False),
        ("This one never closes", True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "“We will stop the gangs,” said Cooper.",
        "“We will stop the gangs,” Cooper said.",
        '"We will stop the gangs," the Home Secretary said.',
        "Cooper continued: “We will stop the gangs.”",
        "Home Secretary Yvette Cooper said the plan would “stop the gangs at last.”",
        "Yvette Cooper spoke in London. “We will stop the gangs,” she said.",
        "Cooper spoke first.\n“We will stop the gangs,” she added.",
        "Yvette Cooper spoke. She added: “We will stop the gangs.”",
        "According to the Home Secretary,\n“We will stop the gangs.”",
    ],
)
def test_attributions_name_the_speaker(lexicon, text):
    (found,) = speakers(text, lexicon)
    assert found[1] == "Yvette Cooper"


def test_a_pronoun_is_the_last_person_named(lexicon):
    text = (
        "Cooper met the Prime Minister.\n"
        "“We will stop the gangs,” he said.\n"
        "Later Yvette Cooper arrived. “Not one more boat,” she said."
    )
    assert speakers(text, lexicon) == [
        ("We will stop the gangs", "Keir Starmer"),
        ("Not one more boat", "Yvette Cooper"),
    ]


def test_according_to_the_pm_and_a_quote_that_follows_another(lexicon):
    text = "“Smugglers will be stopped,” according to the PM. “Every one of them will be found.”"
    assert speakers(text, lexicon) == [
        ("Smugglers will be stopped", "Keir Starmer"),
        ("Every one of them will be found.", "Keir Starmer"),
    ]


def test_a_quote_without_attribution_has_no_speaker(lexicon):
    text = "Nobody knows who wrote “the rules of the game for everyone” on the wall."
    (quote,) = speakers(text, lexicon)
    assert quote == ("the rules of the game for everyone", "")


def test_organisations_by_abbreviation_and_figures(lexicon):
    text = "The NCA said almost 1,000 people crossed; a 12% rise on 2023."
    found = find_in_text(text, lexicon, datetime.date(2024, 11, 7))
    assert [(c.kind, c.excerpt) for c in found if c.kind != Kind.DATE] == [
        (Kind.ORGANISATION, "NCA"),
        (Kind.FIGURE, "almost 1,000 people"),
        (Kind.FIGURE, "12%"),
    ]
    figure = next(c for c in found if c.kind == Kind.FIGURE)
    assert (figure.value, figure.unit, figure.qualifier) == (Decimal(1000), "people", "almost")


def test_country_adjectives_and_other_names(lexicon):
    text = (
        "Serbian, Albanian, Kosovan, Kosovar and Macedonian police met British and French "
        "officers in Britain, the UK and Kosovo."
    )
    found = [
        (c.excerpt, c.country_codes[0])
        for c in find_in_text(text, lexicon)
        if c.kind == Kind.COUNTRY
    ]
    assert found == [
        ("Serbian", "RS"),
        ("Albanian", "AL"),
        ("Kosovan", "XK"),
        ("Kosovar", "XK"),
        ("Macedonian", "MK"),
        ("British", "GB"),
        ("French", "FR"),
        ("Britain", "GB"),
        ("UK", "GB"),
        ("Kosovo", "XK"),
    ]


def test_nothing_is_proposed_outside_the_text(lexicon):
    text = "“A quote\n\nthat ends nowhere £5m and 7 November — Cooper said"
    for candidate in find_in_text(text, lexicon, datetime.date(2024, 11, 7)):
        assert text[candidate.start : candidate.end] == candidate.excerpt
