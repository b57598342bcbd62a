"""Paragraphs, sentences and names in a text, always as offsets into the text as received."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

# Words that end with a full stop without ending a sentence.
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "st", "no", "gen", "lt", "col", "sgt", "prof", "rt", "hon", "rev",
    "gov", "sen", "rep", "jr", "sr", "vs", "etc", "approx",
))  # fmt: skip
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
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    end = len(text) if end < 0 else end
    return _trim(text, start, end)


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` (one paragraph), as trimmed spans."""
    spans = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        word = re.search(r"(\w+)\W*$", text[begin : match.start() + 1])
        if word and word.group(1).lower() in _ABBREVIATIONS and match.group(0)[0] == ".":
            continue
        spans.append(_trim(text, begin, match.end()))
        begin = match.end()
    spans.append(_trim(text, begin, end))
    return [(s, e) for s, e in spans if s < e]


def sentence_at(text: str, position: int) -> tuple[int, int]:
    """The sentence that holds ``position``."""
    para_start, para_end = paragraph_at(text, position)
    for start, end in sentences(text, para_start, para_end):
        if position < end:
            return start, end
    return para_start, para_end


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
        self._longest = 0
        for entry in entries:
            words = tuple(_WORD.findall(entry.phrase))
            if not words:
                continue
            key = tuple(word.lower() for word in words)
            self._entries.setdefault(key, []).append((words, entry))
            self._longest = max(self._longest, len(words))

    def find(self, text: str) -> list[Mention]:
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        mentions = []
        index = 0
        while index < len(words):
            found = self._longest_at(text, words, index)
            if found is None:
                index += 1
                continue
            length, entry = found
            mentions.append(Mention(words[index][0], words[index + length - 1][1], entry))
            index += length
        return mentions

    def _longest_at(self, text, words, index) -> tuple[int, Entry] | None:
        for length in range(min(self._longest, len(words) - index), 0, -1):
            span = words[index : index + length]
            candidates = self._entries.get(tuple(w.lower() for _, _, w in span))
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
