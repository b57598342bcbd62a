"""Known people (by name, surname or role), organisations (by name or abbreviation) and events."""

import re
from dataclasses import dataclass

from .candidates import Candidate, Kind
from .lexicon import Lexicon, PersonRef
from .text import Mention, sentence_at

_TITLE_THEN_NAME = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class PersonMention:
    """A person named in the text, or a pronoun (``person`` is None until resolved)."""

    start: int
    end: int
    person: PersonRef | None
    is_pronoun: bool = False


def find_mentions(text: str, lexicon: Lexicon) -> list[Mention]:
    """Every mention of a known person, organisation or event, and every he or she."""
    return _merge_titles(text, lexicon.entities.find(text))


def _merge_titles(text: str, mentions: list[Mention]) -> list[Mention]:
    """“Home Secretary Yvette Cooper”: a title just before its holder's name is one mention."""
    merged: list[Mention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.entry.kind == Kind.PERSON == mention.entry.kind
            and not previous.entry.case_sensitive  # a role title
            and mention.entry.case_sensitive  # a name
            and _TITLE_THEN_NAME.fullmatch(text, previous.end, mention.start)
        ):
            merged[-1] = Mention(previous.start, mention.end, mention.entry)
            continue
        merged.append(mention)
    return merged


def person_mentions(mentions: list[Mention]) -> list[PersonMention]:
    """People and pronouns in text order; a pronoun stands for the last person named before it."""
    people: list[PersonMention] = []
    last: PersonRef | None = None
    for mention in mentions:
        if mention.entry.kind == Kind.PERSON:
            last = mention.entry.ref
            people.append(PersonMention(mention.start, mention.end, last))
        elif mention.entry.kind == "pronoun":
            people.append(PersonMention(mention.start, mention.end, last, is_pronoun=True))
    return people


def entity_candidates(text: str, mentions: list[Mention]) -> list[Candidate]:
    candidates = []
    for mention in mentions:
        kind = mention.entry.kind
        if kind not in (Kind.PERSON, Kind.ORGANISATION, Kind.EVENT):
            continue
        ref = mention.entry.ref
        cite_start, cite_end = sentence_at(text, mention.start)
        candidates.append(
            Candidate(
                kind=kind,
                start=mention.start,
                end=mention.end,
                excerpt=text[mention.start : mention.end],
                cite_start=cite_start,
                cite_end=cite_end,
                label=ref.name if isinstance(ref, PersonRef) else mention.entry.label,
                record_id=ref.pk if isinstance(ref, PersonRef) else ref,
            )
        )
    return candidates
