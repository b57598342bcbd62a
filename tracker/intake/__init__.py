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
from dataclasses import replace

from tracker.models import DatePrecision, SourceArticle

from .candidates import Candidate, Kind
from .dates import date_candidates
from .entities import entity_candidates, find_mentions, person_mentions
from .figures import figure_candidates
from .lexicon import Lexicon
from .money import money_candidates
from .places import countries_between, find_countries
from .quotes import quote_candidates

__all__ = ["Candidate", "Kind", "Lexicon", "find_candidates", "find_in_text"]

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
    context = {"entities": entities, "countries": countries, "dates": dates}
    found = [
        _with_context(candidate, **context) if candidate.kind in _RECORD_KINDS else candidate
        for candidate in found
    ]
    return sorted(found, key=lambda c: (c.start, Kind.ALL.index(c.kind), c.end))


def _with_context(candidate: Candidate, entities, countries, dates) -> Candidate:
    """The countries, organisations, event and day named in the passage a candidate cites."""
    start, end = candidate.cite_start, candidate.cite_end

    def inside(other: Candidate) -> bool:
        return start <= other.start and other.end <= end

    organisations = tuple(
        dict.fromkeys(e.record_id for e in entities if e.kind == Kind.ORGANISATION and inside(e))
    )
    events = [e.record_id for e in entities if e.kind == Kind.EVENT and inside(e)]
    days = [d.date for d in dates if d.date_precision == DatePrecision.DAY and inside(d)]
    return replace(
        candidate,
        country_codes=countries_between(countries, start, end),
        organisation_ids=organisations,
        event_id=events[0] if events else None,
        said_on=days[0] if len(set(days)) == 1 else None,
    )
