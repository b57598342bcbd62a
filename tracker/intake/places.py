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
