"""Finding an editor's excerpt in an article's text.

Editors paste excerpts from browsers and word processors, which turn quotes
curly, dashes long and line breaks into spaces. An excerpt matches the text
when both agree after normalising whitespace, quotes and dashes; the stored
offsets always point into the article's text exactly as received.
"""

from collections.abc import Callable

from diff_match_patch import diff_match_patch

_EQUIVALENT_CHARACTERS = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)


def _normalise_with_positions(text: str) -> tuple[str, list[int]]:
    """Return the normalised text and, for each of its characters, its index in ``text``.

    Every equivalent character maps one to one, so only collapsing runs of
    whitespace changes lengths; the positions list undoes that.
    """
    characters: list[str] = []
    positions: list[int] = []
    in_whitespace = False
    for index, character in enumerate(text.translate(_EQUIVALENT_CHARACTERS)):
        if character.isspace():
            if in_whitespace:
                continue
            character = " "
            in_whitespace = True
        else:
            in_whitespace = False
        characters.append(character)
        positions.append(index)
    return "".join(characters), positions


def normalise(text: str) -> str:
    """The form in which excerpts and texts are compared."""
    return _normalise_with_positions(text)[0].strip()


def occurs_at(excerpt: str, text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the excerpt, once both are normalised."""
    if not 0 <= start < end <= len(text):
        return False
    return normalise(text[start:end]) == normalise(excerpt)


def locate(excerpt: str, text: str) -> tuple[int, int] | None:
    """The offsets of the excerpt's first occurrence in ``text``, or None if it does not occur."""
    needle = normalise(excerpt)
    if not needle:
        return None
    haystack, positions = _normalise_with_positions(text)
    found = haystack.find(needle)
    if found < 0:
        return None
    return positions[found], positions[found + len(needle) - 1] + 1


def places_after_edit(old: str, new: str) -> Callable[[int, int], tuple[int, int]]:
    """Where a span of ``old`` (its start and end offsets) is in ``new``, the same text
    edited: a citation followed through the edit keeps its own place among words the text
    says twice, where finding its excerpt again gives every one the first place. A span the
    edit changed comes out wrong, and is found again by its words (``locate``)."""
    differ = diff_match_patch()
    edits = differ.diff_main(old, new)

    def place(start: int, end: int) -> tuple[int, int]:
        # The end by its last character: an insertion right after the span stays outside.
        return differ.diff_xIndex(edits, start), differ.diff_xIndex(edits, end - 1) + 1

    return place
