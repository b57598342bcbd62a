"""The intake assistant's rules on what real articles do: the misses and noise found on
them (issue 16) and on the evaluation corpus (intake_corpus/)."""

import datetime

import pytest

from tests import factories
from tracker.intake import Kind, Lexicon, find_in_text
from tracker.intake.dates import find_dates
from tracker.intake.figures import find_counts
from tracker.intake.money import find_amounts

from .attributions import speakers

# ---------------------------------------------------------------------------
# Issue 16: misses and noise found on real articles


@pytest.mark.parametrize(
    ("text", "excerpt", "value", "unit"),
    [
        (
            "Almost 3,000 Albanian nationals were returned.",
            "Almost 3,000 Albanian nationals",
            3000,
            "people",
        ),
        ("It dismantled 12 people-smuggling gangs.", "12 people-smuggling gangs", 12, "gangs"),
        ("Officers seized 45 vehicles.", "45 vehicles", 45, "vehicles"),
        ("The 27 EU member states agreed.", "27 EU member states", 27, "states"),
        ("Five countries signed.", "Five countries", 5, "countries"),
        ("It trained twenty-five investigators.", "twenty-five investigators", 25, "people"),
        ("It helped two million people.", "two million people", 2_000_000, "people"),
    ],
)
def test_counts_of_any_noun_and_in_words(text, excerpt, value, unit):
    (count,) = find_counts(text)
    assert (text[count.start : count.end], count.value, count.unit) == (excerpt, value, unit)


@pytest.mark.parametrize(
    "text",
    [
        "Article 5 applies.",
        "in 2 of the cases",
        "one of them",
        "The G7 met.",
        "It is 3 times less.",
    ],
)
def test_numbers_that_count_nothing(text):
    assert find_counts(text) == []


def test_amounts_in_words_and_conversions_in_brackets():
    text = "It costs £75 million (about $97m) a year, and three million pounds more."
    found = [(text[a.start : a.end], a.amount_minor, a.currency) for a in find_amounts(text)]
    assert found == [
        ("£75 million", 75_000_000_00, "GBP"),
        ("three million pounds", 3_000_000_00, "GBP"),
    ]


@pytest.mark.parametrize(
    ("text", "excerpt", "date", "precision"),
    [
        ("in the 2025/26 financial year", "2025/26", datetime.date(2025, 1, 1), "year"),
        ("the 2024-25 budget", "2024-25", datetime.date(2024, 1, 1), "year"),
        ("from 4–7 November in Budapest", "4–7 November", datetime.date(2024, 11, 4), "day"),
        ("from 4 to 7 November 2024", "4 to 7 November 2024", datetime.date(2024, 11, 4), "day"),
        # the article is of Thursday 7 November 2024
        ("He met Vučić on Monday.", "Monday", datetime.date(2024, 11, 4), "day"),
        ("He will travel to Tirana on Monday.", "Monday", datetime.date(2024, 11, 11), "day"),
        ("They met last Thursday.", "last Thursday", datetime.date(2024, 10, 31), "day"),
        ("on Monday 4 November", "4 November", datetime.date(2024, 11, 4), "day"),
    ],
)
def test_financial_years_ranges_and_weekdays(text, excerpt, date, precision):
    (found,) = find_dates(text, datetime.date(2024, 11, 7), "day")
    assert text[found.start : found.end] == excerpt
    assert (found.date, found.precision) == (date, precision)


def test_a_year_range_that_is_not_a_financial_year():
    assert find_dates("between 2024-2026 and 2023/25", datetime.date(2024, 11, 7)) == []


def test_organisations_in_another_case_or_by_initials(db):
    factories.OrganisationFactory(name="Interpol", abbreviation="", slug="interpol")
    factories.OrganisationFactory(name="Border Security Command", abbreviation="", slug="bsc")
    lexicon = Lexicon.build(datetime.date(2024, 11, 7))
    text = "INTERPOL and the BSC met; interpol agreed."
    found = [
        (c.excerpt, c.label) for c in find_in_text(text, lexicon) if c.kind == Kind.ORGANISATION
    ]
    assert found == [
        ("INTERPOL", "Interpol"),
        ("BSC", "Border Security Command (BSC)"),
        ("interpol", "Interpol"),
    ]


def test_single_scare_quoted_words_are_not_quotes(lexicon):
    text = (
        "Cooper said: “We will stop the gangs.” She called them ‘vile’ and “ruthless”, "
        "a ‘business model’ to break."
    )
    assert speakers(text, lexicon) == [("We will stop the gangs.", "Yvette Cooper")]


def test_a_short_quote_with_its_own_attribution_is_kept(lexicon):
    assert speakers("“Never again,” Cooper said.", lexicon) == [("Never again", "Yvette Cooper")]


def test_the_next_sentence_does_not_attribute_a_quote_that_ended_its_own(lexicon):
    text = "“The gangs will be stopped.” Cooper said the plan would start in May."
    assert speakers(text, lexicon) == [("The gangs will be stopped.", "")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Minister for Border Security, Dame Angela Eagle, said:\n“We will act on it now.”",
            "Dame Angela Eagle",
        ),
        (
            "Interpol Secretary General Valdecy Urquiza said:\n\n“Networks cross borders daily.”",
            "Interpol Secretary General Valdecy Urquiza",
        ),
        ("“We will stop the gangs,” said Jane Doe, head of policy.", "Jane Doe"),
        ("“We will stop the gangs,” Jane Doe said.", "Jane Doe"),
    ],
)
def test_a_speaker_the_tracker_does_not_know_is_named(lexicon, text, speaker):
    ((_, found),) = speakers(text, lexicon)
    assert found == speaker


def test_quote_words_join_hyphenated_words():
    from tracker.intake.actions import same_quote, words

    assert same_quote(
        words("our approach to counter-terrorism which we know works"),
        words("our approach to counterterrorism, which we know works"),
    )


# ---------------------------------------------------------------------------
# Found on the evaluation corpus (intake_corpus/)


@pytest.mark.parametrize(
    ("text", "excerpt", "minor"),
    [
        ("the package of up to £75 million, which redirects funds", "£75 million", 75_000_000_00),
        ("Up to £75million in new investment", "£75million", 75_000_000_00),
    ],
)
def test_an_amount_followed_by_a_comma_or_touching_its_multiplier(text, excerpt, minor):
    """Before: “£75 million,” was read as £75, and “£75million” too."""
    (amount,) = find_amounts(text)
    assert (text[amount.start : amount.end], amount.amount_minor) == (excerpt, minor)


@pytest.mark.parametrize(
    ("text", "published_on", "excerpt", "date", "precision"),
    [
        # an April article's “13 December” is the December before
        (
            "signed on 13 December.",
            datetime.date(2023, 4, 26),
            "13 December",
            datetime.date(2022, 12, 13),
            "day",
        ),
        # a Wednesday's “Last Monday” is the Monday of the week before
        (
            "Last Monday (16",
            datetime.date(2019, 9, 25),
            "Last Monday",
            datetime.date(2019, 9, 16),
            "day",
        ),
        (
            "ADDENDUM SEPTEMBER 2019",
            datetime.date(2019, 10, 15),
            "SEPTEMBER 2019",
            datetime.date(2019, 9, 1),
            "month",
        ),
        (
            "dismantled since January,",
            datetime.date(2019, 10, 15),
            "January",
            datetime.date(2019, 1, 1),
            "month",
        ),
        (
            "the first week in April.",
            datetime.date(2023, 4, 26),
            "April",
            datetime.date(2023, 4, 1),
            "month",
        ),
    ],
)
def test_dates_of_the_corpus(text, published_on, excerpt, date, precision):
    (found,) = find_dates(text, published_on, "day")
    assert text[found.start : found.end] == excerpt
    assert (found.date, found.precision) == (date, precision)


def test_quotes_without_marks_after_a_lead_in(lexicon):
    """GOV.UK prints quotes as paragraphs without quotation marks after “X said:”."""
    text = (
        "Steve Dann, Director of Criminal and Financial Investigations, yesterday said:\n\n"
        "The organised crime groups are putting lives in danger.\n\n"
        "We are determined to put a stop to this illegal activity.\n\n"
        "Last Monday, officers arrested a man in Holwell."
    )
    assert speakers(text, lexicon) == [
        ("The organised crime groups are putting lives in danger.", "Steve Dann"),
        ("We are determined to put a stop to this illegal activity.", "Steve Dann"),
    ]


def test_people_smugglers_are_counted_as_smugglers():
    (count,) = find_counts("investigators arrested 4 suspected people smugglers.")
    assert (count.value, count.noun, count.unit) == (4, "suspected people smugglers", "people")
