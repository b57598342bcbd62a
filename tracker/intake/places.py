"""Countries: their names (the Country table's, and “the UK”, “Britain”…) and adjectives."""

from .candidates import Candidate, Kind
from .lexicon import Lexicon
from .text import sentence_at


def find_countries(text: str, lexicon: Lexicon) -> list[Candidate]:
    candidates = []
    for mention in lexicon.countries.find(text):
        code = mention.entry.ref
        cite_start, cite_end = sentence_at(text, mention.start)
        candidates.append(
            Candidate(
                kind=Kind.COUNTRY,
                start=mention.start,
                end=mention.end,
                excerpt=text[mention.start : mention.end],
                cite_start=cite_start,
                cite_end=cite_end,
                label=mention.entry.label,
                country_codes=(code,),
            )
        )
    return candidates


def countries_between(countries: list[Candidate], start: int, end: int) -> tuple[str, ...]:
    """The codes of the countries mentioned in ``[start, end)``, once each, in text order."""
    codes: list[str] = []
    for candidate in countries:
        if start <= candidate.start and candidate.end <= end:
            for code in candidate.country_codes:
                if code not in codes:
                    codes.append(code)
    return tuple(codes)
