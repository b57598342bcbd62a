"""Finding an editor's excerpt in an article, whatever the quotes, dashes and spacing."""

import pytest

from tracker.excerpts import locate, normalise, occurs_at, places_after_edit

TEXT = (
    "LONDON —  The Home Secretary said:\n"
    "“We will smash the gangs.”\n\n"
    "The plan – agreed in Budapest – costs £10\u00a0million. The plan – agreed in Budapest."
)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("  two\n\n\tlines  ", "two lines"),
        ("“double” ‘single’ „low” «guillemets»", '"double" \'single\' "low" "guillemets"'),
        ("en – em — minus − hyphen ‐", "en - em - minus - hyphen -"),
        ("it’s", "it's"),
        ("£10\u00a0million", "£10 million"),
        ("Unchanged, Case And All.", "Unchanged, Case And All."),
    ],
)
def test_normalise(raw, normalised):
    assert normalise(raw) == normalised


def test_offsets_point_into_the_text_as_received():
    start, end = locate('"We will smash the gangs."', TEXT)
    assert (start, end) == (35, 61)
    assert TEXT[start:end] == "“We will smash the gangs.”"


def test_offsets_span_collapsed_whitespace_and_line_breaks():
    start, end = locate("said: “We will", TEXT)
    assert TEXT[start:end] == "said:\n“We will"

    start, end = locate("LONDON - The Home", TEXT)
    assert (start, end) == (0, 18)
    assert TEXT[start:end] == "LONDON —  The Home"


def test_offsets_across_a_paragraph_break():
    start, end = locate('gangs." The plan', TEXT)
    assert TEXT[start:end] == "gangs.”\n\nThe plan"


def test_spaces_around_the_excerpt_do_not_count():
    assert locate("  \n smash the gangs \n", TEXT) == locate("smash the gangs", TEXT)


def test_a_no_break_space_matches_a_space():
    start, end = locate("£10 million", TEXT)
    assert TEXT[start:end] == "£10\u00a0million"


def test_the_first_occurrence_is_found():
    start, _ = locate("The plan - agreed in Budapest", TEXT)
    assert start == TEXT.index("The plan")


def test_the_excerpt_at_the_very_end():
    start, end = locate("in Budapest.", TEXT)
    assert end == len(TEXT)
    assert TEXT[start:end] == "in Budapest."


@pytest.mark.parametrize(
    "excerpt",
    ["We will stop the boats.", "the home secretary", "", "   \n", "smash  the  gangs!"],
)
def test_words_that_do_not_occur_are_not_found(excerpt):
    assert locate(excerpt, TEXT) is None


def test_occurs_at_the_located_offsets_only():
    start, end = locate("smash the gangs", TEXT)
    assert occurs_at("smash the gangs", TEXT, start, end)
    assert occurs_at("smash  the\ngangs", TEXT, start, end)
    assert not occurs_at("smash the gangs", TEXT, start + 1, end + 1)
    assert not occurs_at("smash the", TEXT, start, end)


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (6, 5), (0, len(TEXT) + 1)])
def test_occurs_at_refuses_offsets_outside_the_text(start, end):
    assert not occurs_at(TEXT[max(start, 0) : end], TEXT, start, end)


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        ("Intro. we act; we act.", [(7, 13), (15, 21)]),  # before both
        ("we act, now; we act.", [(0, 6), (13, 19)]),  # right after the first: outside it
        ("we act; so we act.", [(0, 6), (11, 17)]),  # between them
    ],
)
def test_a_span_follows_its_words_through_an_edit(new, expected):
    """Each of two places of the same words keeps its own place after an edit (an
    article's citations: ``SourceArticle.citations_follow_text``)."""
    place = places_after_edit("we act; we act.", new)
    moved = [place(0, 6), place(8, 14)]
    assert moved == expected
    assert all(new[start:end] == "we act" for start, end in moved)
