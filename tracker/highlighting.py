"""An article's text with its cited excerpts marked, escaped, at their stored offsets.

Excerpts may overlap or nest. The text is cut at every excerpt's start and end,
so each piece is covered by a fixed set of excerpts and gets one ``<mark>`` (no
element ever straddles another); each excerpt's first piece carries an anchor.
"""

from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


class Span(Protocol):
    pk: int
    start: int
    end: int


def highlight(text: str, spans: Sequence[Span]) -> SafeString:
    """``text`` escaped, with ``<mark>`` around every span, linked to ``#citation-<pk>``."""
    length = len(text)
    bounded = [
        (span, max(0, min(span.start, length)), max(0, min(span.end, length))) for span in spans
    ]
    bounded = [(span, start, end) for span, start, end in bounded if start < end]
    cuts = sorted({0, length, *(start for _, start, _ in bounded), *(end for *_, end in bounded)})
    pieces: list[str] = []
    for left, right in pairwise(cuts):
        words = escape(text[left:right])
        covering = [span for span, start, end in bounded if start <= left and right <= end]
        if not covering:
            pieces.append(words)
            continue
        anchors = "".join(
            format_html('<span class="excerpt-anchor" id="excerpt-{}"></span>', span.pk)
            for span, start, _ in bounded
            if start == left
        )
        cited_by = " ".join(f"citation-{span.pk}" for span in covering)
        pieces.append(
            format_html(
                '{}<a class="excerpt-link" href="#citation-{}" data-citations="{}">'
                '<mark class="excerpt-mark{}">{}</mark></a>',
                mark_safe(anchors),
                covering[0].pk,
                cited_by,
                " excerpt-mark--overlap" if len(covering) > 1 else "",
                words,
            )
        )
    return mark_safe("".join(pieces))
