"""The structure of an article's text as received: paragraphs, subheads, lists and tables.

The text is kept exactly as received (citations point into it by offset), so its structure
is derived from it, never from markup: a line is a block; a short line without closing
punctuation followed by more text is a subhead; lines opening with "- ", "• " or "* "
are a list; consecutive lines holding "|" are a table (a line of dashes and bars divides
its header from its rows, and header cells may sit one to a line, as in the seed). Each
piece of a block is an offset range into the text, so highlights keep their places, and
nothing of the text is ever interpreted as HTML.
"""

import re
from dataclasses import dataclass, field

Range = tuple[int, int]

SUBHEAD_MAX_CHARACTERS = 100
# A line ending like this is a sentence or leads into the next line, not a subhead.
SENTENCE_ENDINGS = tuple(".!?:;,\"'”’…)")
LIST_MARKER = re.compile(r"[-•*]\s+")
TABLE_DIVIDER = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*")


@dataclass
class Block:
    """``kind`` is paragraph, subhead, list or table. A paragraph or subhead has one range;
    a list one range per item; a table a header row and body rows of cell ranges."""

    kind: str
    ranges: list[Range] = field(default_factory=list)
    header: list[Range] = field(default_factory=list)
    rows: list[list[Range]] = field(default_factory=list)


def _lines(text: str) -> list[Range]:
    """Each line's range without its line break and surrounding spaces; blank lines too,
    as empty ranges, since they separate blocks."""
    lines = []
    position = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        stripped_left = len(content) - len(content.lstrip())
        start = position + stripped_left
        end = position + len(content.rstrip())
        lines.append((start, max(start, end)))
        position += len(line)
    return lines


def _cells(text: str, line: Range) -> list[Range]:
    """The non-empty cells of a "|"-separated line, each trimmed."""
    cells = []
    start = line[0]
    for piece in text[line[0] : line[1]].split("|"):
        end = start + len(piece)
        left = start + len(piece) - len(piece.lstrip())
        right = end - (len(piece) - len(piece.rstrip()))
        if left < right:
            cells.append((left, right))
        start = end + 1
    return cells


def _is_subhead(text: str, line: Range, following: Range | None) -> bool:
    words = text[line[0] : line[1]]
    return (
        following is not None
        and following[0] < following[1]
        and len(words) <= SUBHEAD_MAX_CHARACTERS
        and not words.endswith(SENTENCE_ENDINGS)
        and "|" not in words
        and not LIST_MARKER.match(words)
    )


def _table(text: str, lines: list[Range]) -> Block:
    divider = next(
        (i for i, line in enumerate(lines) if TABLE_DIVIDER.fullmatch(text[line[0] : line[1]])),
        None,
    )
    if divider is None:
        # No divider: the first line is the header, as in a Markdown table without one.
        header_lines, body_lines = lines[:1], lines[1:]
    else:
        header_lines, body_lines = lines[:divider], lines[divider + 1 :]
    header = [cell for line in header_lines for cell in _cells(text, line)]
    rows = [cells for line in body_lines if (cells := _cells(text, line))]
    return Block("table", header=header, rows=rows)


def blocks(text: str) -> list[Block]:
    """The article's blocks, in order."""
    lines = _lines(text)
    result: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        words = text[line[0] : line[1]]
        if not words:
            i += 1
            continue
        if "|" in words:
            run = i
            while run < len(lines) and "|" in text[lines[run][0] : lines[run][1]]:
                run += 1
            if run - i >= 2:
                result.append(_table(text, lines[i:run]))
                i = run
                continue
        if LIST_MARKER.match(words):
            items = []
            while i < len(lines) and (marker := LIST_MARKER.match(text[lines[i][0] : lines[i][1]])):
                items.append((lines[i][0] + marker.end(), lines[i][1]))
                i += 1
            result.append(Block("list", ranges=items))
            continue
        following = lines[i + 1] if i + 1 < len(lines) else None
        kind = "subhead" if _is_subhead(text, line, following) else "paragraph"
        result.append(Block(kind, ranges=[line]))
        i += 1
    return result
