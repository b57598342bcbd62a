"""The words a search matched, marked in the titles and excerpts of its results.

The text is marked first with two private-use characters (``START``, ``STOP``), by
PostgreSQL's ``ts_headline`` where the full-text search found the record, by
``mark_words`` otherwise (SQLite, and names, which are matched by their letters). Only
then is it escaped, and only the markers become ``<mark>``: a record's own markup
stays text. The markers are taken out of the stored text before it is marked, so a
record cannot mark anything itself.
"""

import re
from dataclasses import dataclass
from html import escape

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import F, Model, Value
from django.db.models.functions import Replace
from django.utils.safestring import SafeString, mark_safe

START = "\ue000"
STOP = "\ue001"
_MARKERS = re.compile(f"([{START}{STOP}])")

# An excerpt of a long text: about this many words around the first match.
EXCERPT_WORDS = 35
# Of which this many before it, so the match reads in its sentence.
WORDS_BEFORE = 10
ELLIPSIS = "…"


@dataclass(frozen=True)
class Shown:
    """The fields a result shows of a record: its title, shown whole, and a text that
    an excerpt around the match stands for (none if the row shows no such text)."""

    title: str
    excerpt: str | None = None


# Markers that open and close in turn, each stretch closed: most texts, which are then
# escaped whole and their markers replaced, where escaping each piece apart cost ~1,400
# calls a page of results (benchmarks/RESULTS.md, search9).
_IN_TURN = re.compile(f"[^{START}{STOP}]*(?:{START}[^{START}{STOP}]*{STOP}[^{START}{STOP}]*)*")


def as_html(marked: str) -> SafeString:
    """``marked`` escaped, its marked stretches in ``<mark>``: always well formed, whatever
    order the markers come in."""
    if _IN_TURN.fullmatch(marked):
        # Safe: the text is escaped whole (the markers are not characters escape changes),
        # and the markers become whole, balanced <mark> tags.
        return mark_safe(escape(marked).replace(START, "<mark>").replace(STOP, "</mark>"))
    return _piece_by_piece(marked)


def _piece_by_piece(marked: str) -> SafeString:
    """``as_html()`` of any order of markers: a marker that opens an open stretch or closes
    none is dropped, and a stretch left open is closed at the end."""
    parts, open_mark = [], False
    for piece in _MARKERS.split(marked):
        if piece == START:
            if not open_mark:
                parts.append("<mark>")
            open_mark = True
        elif piece == STOP:
            if open_mark:
                parts.append("</mark>")
            open_mark = False
        else:
            # Python's own escape, as Django's, without its lazy-string wrapper (1,400
            # pieces a page of results).
            parts.append(escape(piece))
    if open_mark:
        parts.append("</mark>")
    # Safe: every piece of text was escaped, and the rest are whole <mark> tags.
    return mark_safe("".join(parts))


def _unmarked(text: str) -> str:
    return text.replace(START, "").replace(STOP, "")


def _words_pattern(words: str) -> re.Pattern | None:
    # Longest first, so that "border" is marked whole where "bord" is also a word.
    unique = sorted({word.casefold() for word in words.split()}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile("|".join(re.escape(word) for word in unique), re.IGNORECASE)


def _excerpt(text: str, pattern: re.Pattern | None) -> str:
    """About ``EXCERPT_WORDS`` words of ``text`` around its first match (its start if none)."""
    spans = [match.span() for match in re.finditer(r"\S+", text)]
    if len(spans) <= EXCERPT_WORDS:
        return text
    found = pattern.search(text) if pattern else None
    at = next((i for i, (_, end) in enumerate(spans) if found and end > found.start()), 0)
    first = max(0, min(at - WORDS_BEFORE, len(spans) - EXCERPT_WORDS))
    last = first + EXCERPT_WORDS - 1
    cut = text[spans[first][0] : spans[last][1]]
    return (ELLIPSIS if first else "") + cut + (ELLIPSIS if last < len(spans) - 1 else "")


def mark_words(text: str, words: str, *, excerpt: bool = False) -> str:
    """``text`` (or an excerpt of it) with every occurrence of each word marked, in any case:
    the SQLite search's own match, and the names'."""
    text = _unmarked(text or "")
    pattern = _words_pattern(words)
    if excerpt:
        text = _excerpt(text, pattern)
    if pattern is None:
        return text
    return pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", text)


def headline(field: str, query: SearchQuery, config: str, *, excerpt: bool) -> SearchHeadline:
    """PostgreSQL's ``ts_headline`` of ``field``: the whole text with every match marked, or
    (``excerpt``) the fragments where the query matches best."""
    text = Replace(Replace(F(field), Value(START), Value("")), Value(STOP), Value(""))
    if excerpt:
        return SearchHeadline(
            text,
            query,
            config=config,
            start_sel=START,
            stop_sel=STOP,
            max_words=EXCERPT_WORDS,
            min_words=EXCERPT_WORDS // 2,
            max_fragments=2,
            fragment_delimiter=f" {ELLIPSIS} ",
        )
    return SearchHeadline(
        text, query, config=config, start_sel=START, stop_sel=STOP, highlight_all=True
    )


def headlines(shown: Shown, query: SearchQuery, config: str) -> dict:
    """The annotations ``mark()`` reads on PostgreSQL, computed only for the rows read."""
    marked = {"title_headline": headline(shown.title, query, config, excerpt=False)}
    if shown.excerpt:
        marked["excerpt_headline"] = headline(shown.excerpt, query, config, excerpt=True)
    return marked


def mark(records: list[Model], shown: Shown, words: str) -> None:
    """Give each record ``marked_title`` and ``marked_excerpt`` (HTML), from its headlines
    where ``headlines()`` annotated them, else by marking the words."""
    for record in records:
        title = getattr(record, "title_headline", None)
        if title is None:
            title = mark_words(getattr(record, shown.title), words)
        record.marked_title = as_html(title)
        if shown.excerpt:
            excerpt = getattr(record, "excerpt_headline", None)
            if excerpt is None:
                excerpt = mark_words(getattr(record, shown.excerpt), words, excerpt=True)
            record.marked_excerpt = as_html(excerpt)
