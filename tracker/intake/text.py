"""Paragraphs, sentences and names in a text, always as offsets into the text as received."""

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

# Words that end with a full stop without ending a sentence.
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "st", "no", "gen", "lt", "col", "sgt", "prof", "rt", "hon", "rev",
    "gov", "sen", "rep", "jr", "sr", "vs", "etc", "approx",
))  # fmt: skip
_NEWLINE = re.compile("\n")
_SENTENCE_END = re.compile(r"[.!?][\"”’']*(?=\s+[\"“‘'(\[]?[A-Z0-9£$€])")


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of every non-blank line, without surrounding whitespace."""
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped[0])
            yield start, start + len(stripped)
        offset += len(line) + 1


def paragraph_at(text: str, position: int) -> tuple[int, int]:
    return layout(text).paragraph_at(position)


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` (one paragraph), as trimmed spans.

    Linear in the paragraph's length: the word before each full stop is read
    backwards from it, never past the sentence end before it."""
    spans = []
    begin = start
    searched_to = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if (
            match.group(0)[0] == "."
            and _word_before(text, match.start(), searched_to) in _ABBREVIATIONS
        ):
            searched_to = match.end()
            continue
        spans.append(_trim(text, begin, match.end()))
        begin = searched_to = match.end()
    spans.append(_trim(text, begin, end))
    return [(s, e) for s, e in spans if s < e]


def _word_before(text: str, position: int, low: int) -> str:
    """The word ending at ``position`` (before its punctuation), lower case, back to ``low``."""
    end = position
    while end > low and not _is_word_character(text[end - 1]):
        end -= 1
    start = end
    while start > low and _is_word_character(text[start - 1]):
        start -= 1
    return text[start:end].lower()


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


def sentence_at(text: str, position: int) -> tuple[int, int]:
    """The sentence that holds ``position``."""
    return layout(text).sentence_at(position)


class Layout:
    """Where a text's lines and sentences are, found once and then looked up by bisection,
    so that finding the sentence of each of n candidates costs O(log n), not a new split."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0, *(match.end() for match in _NEWLINE.finditer(text))]
        self.sentence_spans = [
            span for start, end in paragraphs(text) for span in sentences(text, start, end)
        ]
        self.sentence_ends = [end for _, end in self.sentence_spans]

    def line_at(self, position: int) -> tuple[int, int]:
        """The untrimmed line that holds ``position``."""
        index = bisect_right(self.line_starts, position) - 1
        start = self.line_starts[index]
        if index + 1 < len(self.line_starts):
            return start, self.line_starts[index + 1] - 1
        return start, len(self.text)

    def paragraph_at(self, position: int) -> tuple[int, int]:
        return _trim(self.text, *self.line_at(position))

    def sentence_at(self, position: int) -> tuple[int, int]:
        para_start, para_end = self.paragraph_at(position)
        index = bisect_right(self.sentence_ends, position)
        if index < len(self.sentence_spans):
            start, end = self.sentence_spans[index]
            if para_start <= start and end <= para_end:
                return start, end
        return para_start, para_end


@lru_cache(maxsize=8)
def layout(text: str) -> Layout:
    """The layout of ``text``, kept for the few texts being read now: every rule asks for
    sentences of the same text, and a string's hash is computed once."""
    return Layout(text)


class Taken:
    """The characters of a text that some candidate already covers.

    Checking a span costs its length, and the spans of one pattern's matches do not
    overlap, so checking every match of a pattern costs the text's length at most."""

    def __init__(self, size: int) -> None:
        self._covered = bytearray(size)

    def add(self, start: int, end: int) -> None:
        self._covered[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self._covered[start:end]


_PHRASE_AFTER = re.compile(r"[^.,;:!?()“”\"\n–—]{0,80}")


def measured_after(text: str, position: int, limit: int) -> str:
    """The words after a number up to the next punctuation (“of cases involving boats”),
    at most eight: what the number measures, read with its noun."""
    phrase = _PHRASE_AFTER.match(text, position, limit).group()
    return " ".join(phrase.split()[:8])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def context(
    text: str, start: int, end: int, width: int = 90, bounds: tuple[int, int] | None = None
) -> tuple[str, str, str]:
    """The words around ``text[start:end]`` within ``bounds`` (its paragraph by default),
    cut at word boundaries: (before, excerpt, after)."""
    low, high = bounds or (paragraph_at(text, start)[0], paragraph_at(text, end - 1)[1])
    left = max(low, start - width)
    if left > low:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    right = min(high, end + width)
    if right < high:
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    before = ("…" if left > low else "") + text[left:start]
    after = text[end:right] + ("…" if right < high else "")
    return before, text[start:end], after


# ---------------------------------------------------------------------------
# Names: a phrase table looked up over the text's words

_WORD = re.compile(r"[^\W_]+")
# What may separate the words of a name: spaces, apostrophes, hyphens, dashes, “&”,
# commas and full stops (“St. Lucia”), but not a line break.
_GAP = re.compile(r"[ \t\u00a0’'\-‐–&,.]*")


@dataclass(frozen=True)
class Entry:
    """A name to look for, and what it stands for."""

    phrase: str
    kind: str
    ref: object
    case_sensitive: bool = True
    label: str = ""


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entry: Entry


class PhraseTable:
    """Finds the longest known phrase at each word of a text, left to right."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._entries: dict[tuple[str, ...], list[tuple[tuple[str, ...], Entry]]] = {}
        # The lengths of the phrases each first word starts, longest first: most words
        # start none, so a text is read in one dictionary look-up per word.
        self._lengths: dict[str, list[int]] = {}
        for entry in entries:
            words = tuple(_WORD.findall(entry.phrase))
            if not words:
                continue
            key = tuple(word.lower() for word in words)
            self._entries.setdefault(key, []).append((words, entry))
            lengths = self._lengths.setdefault(key[0], [])
            if len(key) not in lengths:
                lengths.append(len(key))
                lengths.sort(reverse=True)

    def find(self, text: str) -> list[Mention]:
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        lowered = [word.lower() for _, _, word in words]
        mentions = []
        index = 0
        while index < len(words):
            found = self._longest_at(text, words, lowered, index)
            if found is None:
                index += 1
                continue
            length, entry = found
            mentions.append(Mention(words[index][0], words[index + length - 1][1], entry))
            index += length
        return mentions

    def _longest_at(self, text, words, lowered, index) -> tuple[int, Entry] | None:
        for length in self._lengths.get(lowered[index], ()):
            if index + length > len(words):
                continue
            candidates = self._entries.get(tuple(lowered[index : index + length]))
            span = words[index : index + length]
            if not candidates or not _joined(text, span):
                continue
            as_written = tuple(w for _, _, w in span)
            for phrase_words, entry in candidates:
                if not entry.case_sensitive or phrase_words == as_written:
                    return length, entry
        return None


def _joined(text: str, span) -> bool:
    """Whether only name separators lie between the words of ``span``."""
    return all(
        _GAP.fullmatch(text, left[1], right[0]) is not None for left, right in pairwise(span)
    )
