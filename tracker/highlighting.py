"""An article's text as the article: its blocks (``tracker.article_layout``), escaped, with
its cited excerpts marked at their stored offsets.

Excerpts may overlap, nest or start at the same place. The text is cut at every
excerpt's start and end, so each piece is covered by a fixed set of excerpts and gets
one ``<mark>`` (no element ever straddles another); the piece says which excerpts cover
it (``data-excerpts``). Every excerpt has its own anchor (``#excerpt-<pk>``) before its
first visible piece, so two excerpts starting at the same place each have one. Marks
are quiet by default; those of the excerpt the reader arrived from (``current``) are
strong; those of an excerpt that sources disagree about carry a link to the disagreement.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Protocol

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from tracker.article_layout import Block, Range, blocks


class Span(Protocol):
    pk: int
    start: int
    end: int


@dataclass
class _Marking:
    """The excerpts of one article and what has been written of them so far."""

    text: str
    spans: list[tuple[Span, int, int]]
    cuts: list[int]
    current: int | None = None
    disputes: Mapping[int, str] = field(default_factory=dict)
    anchored: set[int] = field(default_factory=set)
    flagged: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, text: str, spans: Sequence[Span], **options) -> "_Marking":
        length = len(text)
        bounded = [
            (span, max(0, min(span.start, length)), max(0, min(span.end, length))) for span in spans
        ]
        bounded = sorted(
            ((span, start, end) for span, start, end in bounded if start < end),
            key=lambda item: (item[1], item[2], item[0].pk),
        )
        cuts = sorted({0, length, *(s for _, s, _ in bounded), *(e for *_, e in bounded)})
        return cls(text, bounded, cuts, **options)

    def _anchors(self, covering: list[Span]) -> str:
        """Anchors of the excerpts whose first visible piece this is."""
        new = [span for span in covering if span.pk not in self.anchored]
        self.anchored.update(span.pk for span in new)
        return format_html_join(
            "", '<span class="excerpt-anchor" id="excerpt-{}"></span>', ((s.pk,) for s in new)
        )

    def _flags(self, ended_by: int) -> str:
        """The "disputed" links of disputed excerpts that have ended by ``ended_by``."""
        due = [
            span
            for span, _, end in self.spans
            if span.pk in self.disputes
            and span.pk in self.anchored
            and span.pk not in self.flagged
            and end <= ended_by
        ]
        self.flagged.update(span.pk for span in due)
        return format_html_join(
            "",
            ' <a class="dispute-flag" href="{}#disagreement-heading">disputed</a>',
            ((self.disputes[span.pk],) for span in due),
        )

    def piece(self, left: int, right: int) -> str:
        words = escape(self.text[left:right])
        covering = [span for span, start, end in self.spans if start <= left and right <= end]
        if not covering:
            return words
        classes = ["excerpt-mark"]
        if len(covering) > 1:
            classes.append("excerpt-mark--overlap")
        if any(span.pk == self.current for span in covering):
            classes.append("excerpt-mark--current")
        if any(span.pk in self.disputes for span in covering):
            classes.append("excerpt-mark--disputed")
        return format_html(
            '{}<a class="excerpt-link" href="#citation-{}" data-citations="{}">'
            '<mark class="{}" data-excerpts="{}">{}</mark></a>{}',
            self._anchors(covering),
            covering[0].pk,
            " ".join(f"citation-{span.pk}" for span in covering),
            " ".join(classes),
            " ".join(str(span.pk) for span in covering),
            words,
            self._flags(right),
        )

    def marked(self, left: int, right: int) -> SafeString:
        """``text[left:right]``, escaped and marked."""
        inner = [cut for cut in self.cuts if left < cut < right]
        pieces = [self.piece(a, b) for a, b in pairwise([left, *inner, right])]
        return mark_safe("".join(pieces) + self._flags(right))


def highlight(text: str, spans: Sequence[Span]) -> SafeString:
    """The whole of ``text`` as one run, escaped, every span marked and anchored."""
    return _Marking.of(text, spans).marked(0, len(text))


def _cells(marking: _Marking, ranges: Iterable[Range], tag: str, scope: str = "") -> str:
    return "".join(f"<{tag}{scope}>{marking.marked(start, end)}</{tag}>" for start, end in ranges)


def _render(marking: _Marking, block: Block) -> str:
    if block.kind == "subhead":
        return f"<h3>{marking.marked(*block.ranges[0])}</h3>"
    if block.kind == "paragraph":
        return f"<p>{marking.marked(*block.ranges[0])}</p>"
    if block.kind == "list":
        return f"<ul>{_cells(marking, block.ranges, 'li')}</ul>"
    column = ' scope="col"'
    header = (
        f"<thead><tr>{_cells(marking, block.header, 'th', column)}</tr></thead>"
        if block.header
        else ""
    )
    body = "".join(f"<tr>{_cells(marking, row, 'td')}</tr>" for row in block.rows)
    return f'<div class="table-wrap"><table>{header}<tbody>{body}</tbody></table></div>'


def render_article(
    text: str,
    spans: Sequence[Span],
    *,
    current: int | None = None,
    disputes: Mapping[int, str] | None = None,
) -> SafeString:
    """The article's text as paragraphs, subheads, lists and tables, every excerpt marked.

    ``current`` is the excerpt the reader arrived from; ``disputes`` maps a disputed
    excerpt to the page of the record whose sources disagree about it.
    """
    marking = _Marking.of(text, spans, current=current, disputes=disputes or {})
    return mark_safe("".join(_render(marking, block) for block in blocks(text)))
