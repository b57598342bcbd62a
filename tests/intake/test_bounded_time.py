"""The intake assistant's work grows linearly with the text, whatever its shape.

The work is counted, not timed: the lines of tracker code run (a tracer) plus
the characters handed to the intake modules' regular expressions (each compiled
pattern wrapped to count the span it is asked to read). A text four times as
long must cost at most about four times as much. Before the sentence index, a
paragraph with hundreds of amounts cost the square of their number (every pair
re-split the paragraph into sentences).

The regular-expression engine's own backtracking is invisible to both counts;
a long word is the shape that once made it quadratic (the splitter's
end-of-text pattern), so for long words the CPU time of n and 4n characters is
compared too: linear work gives a ratio near 4, quadratic near 16.
"""

import datetime
import re
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

import tracker
from tracker.intake import Lexicon, dates, entities, figures, find_in_text, money, quotes, text
from tracker.intake.text import layout

pytestmark = pytest.mark.django_db

TRACKER = str(Path(tracker.__file__).resolve().parent)
PUBLISHED_ON = datetime.date(2024, 11, 7)
# Four times the text may cost four times the work, and a little more for fixed costs.
LINEAR = 4 * 1.25


class _CountingPattern:
    """A compiled pattern that adds the length of every span it reads to ``counter``."""

    def __init__(self, pattern: re.Pattern, counter: list[int]) -> None:
        self._pattern = pattern
        self._counter = counter

    def _read(self, string, pos, endpos) -> None:
        end = len(string) if endpos is None else min(endpos, len(string))
        self._counter[0] += max(end - pos, 0)

    def search(self, string, pos=0, endpos=sys.maxsize):
        self._read(string, pos, endpos)
        return self._pattern.search(string, pos, endpos)

    # An anchored match reads what it matches (and a character to fail), not its whole span.
    def match(self, string, pos=0, endpos=sys.maxsize):
        found = self._pattern.match(string, pos, endpos)
        self._counter[0] += found.end() - pos + 1 if found else 1
        return found

    def fullmatch(self, string, pos=0, endpos=sys.maxsize):
        found = self._pattern.fullmatch(string, pos, endpos)
        self._counter[0] += found.end() - pos + 1 if found else 1
        return found

    def finditer(self, string, pos=0, endpos=sys.maxsize):
        self._read(string, pos, endpos)
        return self._pattern.finditer(string, pos, endpos)

    def findall(self, string, pos=0, endpos=sys.maxsize):
        self._read(string, pos, endpos)
        return self._pattern.findall(string, pos, endpos)


_MODULES: tuple[ModuleType, ...] = (text, money, dates, figures, quotes, entities)


@pytest.fixture
def lexicon(seed_data):
    return Lexicon.build(PUBLISHED_ON)


def work(monkeypatch, lexicon, document: str) -> int:
    """Lines of tracker code run plus characters read by the intake's patterns."""
    layout.cache_clear()
    characters = [0]
    with monkeypatch.context() as patch:
        for module in _MODULES:
            for name, value in vars(module).items():
                if isinstance(value, re.Pattern):
                    patch.setattr(module, name, _CountingPattern(value, characters))
        lines = 0

        def local(frame, event, arg):
            nonlocal lines
            if event == "line":
                lines += 1
            return local

        def tracer(frame, event, arg):
            return local if frame.f_code.co_filename.startswith(TRACKER) else None

        sys.settrace(tracer)
        try:
            find_in_text(document, lexicon, PUBLISHED_ON)
        finally:
            sys.settrace(None)
    return lines + characters[0]


def amounts_paragraph(n: int) -> str:
    """One paragraph, no sentence end: n amounts, bare ones taking the currency before."""
    parts = [
        f"£{i + 1}m, then {i + 2} million and {i + 3} people on {i % 28 + 1} November"
        for i in range(n)
    ]
    return "The UK gave " + ", ".join(parts) + "."


def amounts_in_sentences(n: int) -> str:
    return " ".join(
        f"Serbia got £{i + 1}m and {i + 2} billion more for 40 officers." for i in range(n)
    )


def quotes_paragraph(n: int) -> str:
    return " ".join(
        f"“We will go after the gangs number {i},” Cooper said, and Starmer added: "
        f"“Albania is a partner {i}.”"
        for i in range(n)
    )


def long_words(n: int) -> str:
    return " ".join(f"Word{'x' * 2000}. Mr{'y' * 2000}." for _ in range(n))


def one_long_word(n: int) -> str:
    return "a" * (4000 * n)


SHAPES = {
    "amounts in one paragraph": (amounts_paragraph, 60),
    "amounts in sentences": (amounts_in_sentences, 60),
    "quotes in one paragraph": (quotes_paragraph, 40),
    "long words": (long_words, 10),
    "one long word": (one_long_word, 10),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_work_grows_linearly_with_the_text(monkeypatch, lexicon, shape):
    build, n = SHAPES[shape]
    small, large = build(n), build(4 * n)
    assert 3.5 < len(large) / len(small) < 4.5

    ratio = work(monkeypatch, lexicon, large) / work(monkeypatch, lexicon, small)

    assert ratio < LINEAR, f"{shape}: 4× the text cost {ratio:.1f}× the work"


def test_the_amounts_paragraph_finds_every_amount(lexicon):
    """The shape is not linear because it finds nothing: every amount is read."""
    found = find_in_text(amounts_paragraph(50), lexicon, PUBLISHED_ON)
    assert sum(c.kind == "money" for c in found) == 100
    assert sum(c.kind == "figure" for c in found) == 50
    assert sum(c.kind == "date" for c in found) == 50


def cpu_seconds(lexicon, document: str) -> float:
    best = float("inf")
    for _ in range(3):
        layout.cache_clear()
        started = time.process_time()
        find_in_text(document, lexicon, PUBLISHED_ON)
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("build", [long_words, one_long_word])
def test_long_words_cost_no_more_than_their_length(lexicon, build):
    ratio = cpu_seconds(lexicon, build(40)) / cpu_seconds(lexicon, build(10))
    assert ratio < 8, f"4× the text took {ratio:.1f}× the CPU time"


def test_an_article_version_is_analysed_once(seed_data, monkeypatch, settings):
    """Page visits and accepts look the analysis up; an edited text is read again."""
    from tracker import intake
    from tracker.models import SourceArticle

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    readings = []
    real = intake.find_candidates
    monkeypatch.setattr(intake, "find_candidates", lambda *a: readings.append(1) or real(*a))
    article = SourceArticle.objects.create(
        slug="once", headline="Once", published_on=PUBLISHED_ON, text="The UK gave £5m."
    )

    first = intake.analysed(article)
    assert intake.analysed(article) == first
    assert len(readings) == 1

    article.text = "The UK gave £6m."
    (amount,) = [c for c in intake.analysed(article) if c.kind == "money"]
    assert amount.amount_minor == 6_000_000_00
    assert len(readings) == 2
