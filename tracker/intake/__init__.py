"""The intake assistant: what a new article's text mentions that the tracker records.

``find_candidates(article)`` reads a source article's text and proposes, each
at its exact offsets into the text as received (``text[start:end] == excerpt``):
quoted passages with their probable speakers, amounts of money, figures,
countries, dates, and the people, organisations and events the tracker knows.
Rule-based and deterministic: the same text and records give the same
candidates, with no network and no downloaded model.

The admin pages that show them and turn them into draft records are in
``tracker.admin.intake``; matching them with existing records and creating the
drafts is in ``tracker.intake.actions``.
"""

import datetime
import hashlib
from bisect import bisect_left
from dataclasses import replace

from django.core.cache import cache

from tracker.models import DatePrecision, SourceArticle

from .candidates import Candidate, Kind
from .dates import date_candidates
from .entities import entity_candidates, find_mentions, person_mentions
from .figures import figure_candidates
from .lexicon import Lexicon
from .money import money_candidates
from .places import find_countries
from .quotes import quote_candidates

__all__ = ["Candidate", "Kind", "Lexicon", "analysed", "find_candidates", "find_in_text"]

# Seconds an article version's analysis is kept (a day: an editor's session on it).
ANALYSIS_TIMEOUT = 24 * 3600

# Kinds whose candidates become records; the others are context for them.
_RECORD_KINDS = (Kind.QUOTE, Kind.MONEY, Kind.FIGURE)


def find_candidates(article: SourceArticle, lexicon: Lexicon | None = None) -> list[Candidate]:
    """Everything the assistant finds in ``article.text``, in text order."""
    published_on = article.published_on
    if lexicon is None:
        lexicon = Lexicon.build(published_on)
    return find_in_text(
        article.text, lexicon, published_on, article.published_on_precision or DatePrecision.DAY
    )


def analysed(article: SourceArticle) -> list[Candidate]:
    """``find_candidates(article)``, kept in the cache for this version of the article.

    The key holds the article's id, a hash of its text and date, and the lexicon's
    fingerprint: an edited text, a new date or a newly known person reads the text
    again; a page visit or an accepted candidate does not."""
    lexicon = Lexicon.build(article.published_on)
    version = hashlib.sha256()
    for part in (article.published_on, article.published_on_precision, lexicon.fingerprint):
        version.update(f"{part}\n".encode())
    version.update(article.text.encode("utf-8", "surrogatepass"))
    key = f"intake:{article.pk}:{version.hexdigest()}"
    found = cache.get(key)
    if found is None:
        found = find_candidates(article, lexicon)
        cache.set(key, found, ANALYSIS_TIMEOUT)
    return found


def find_in_text(
    text: str,
    lexicon: Lexicon,
    published_on: datetime.date | None = None,
    precision: str = DatePrecision.DAY,
) -> list[Candidate]:
    mentions = find_mentions(text, lexicon)
    entities = entity_candidates(text, mentions)
    countries = find_countries(text, lexicon)
    money = money_candidates(text)
    dates = date_candidates(text, published_on, precision)
    taken = [(c.start, c.end) for c in (*money, *dates)]
    figures = figure_candidates(text, taken)
    quotes = quote_candidates(text, person_mentions(mentions))
    found = [*quotes, *money, *figures, *countries, *dates, *entities]
    passages = _Passages(entities, countries, dates)
    found = [
        passages.with_context(candidate) if candidate.kind in _RECORD_KINDS else candidate
        for candidate in found
    ]
    return sorted(found, key=lambda c: (c.start, Kind.ALL.index(c.kind), c.end))


class _Passages:
    """The countries, organisations, event and day named in the passage a candidate cites.

    The context candidates are sorted once and found by bisection; candidates citing
    the same passage (every amount of one long sentence) share one reading of it."""

    def __init__(self, entities, countries, dates) -> None:
        self._context = sorted([*entities, *countries, *dates], key=lambda c: c.start)
        self._starts = [c.start for c in self._context]
        self._read: dict[tuple[int, int], dict] = {}

    def with_context(self, candidate: Candidate) -> Candidate:
        span = (candidate.cite_start, candidate.cite_end)
        if span not in self._read:
            self._read[span] = self._inside(*span)
        return replace(candidate, **self._read[span])

    def _inside(self, start: int, end: int) -> dict:
        inside = []
        for index in range(bisect_left(self._starts, start), len(self._context)):
            other = self._context[index]
            if other.start >= end:
                break
            if other.end <= end:
                inside.append(other)
        codes = [code for c in inside if c.kind == Kind.COUNTRY for code in c.country_codes]
        organisations = [c.record_id for c in inside if c.kind == Kind.ORGANISATION]
        events = [c.record_id for c in inside if c.kind == Kind.EVENT]
        days = [
            c.date for c in inside if c.kind == Kind.DATE and c.date_precision == DatePrecision.DAY
        ]
        return {
            "country_codes": tuple(dict.fromkeys(codes)),
            "organisation_ids": tuple(dict.fromkeys(organisations)),
            "event_id": events[0] if events else None,
            "said_on": days[0] if len(set(days)) == 1 else None,
        }
