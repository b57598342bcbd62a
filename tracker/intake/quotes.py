"""Quoted passages and who probably said them.

Quotes may be straight or curly, or, as GOV.UK prints them, paragraphs without
marks after a lead-in such as “The Minister, Jane Doe, said:” (paragraphs in
the first person, up to the next lead-in or narrative paragraph). A quote with
no closing mark ends with its paragraph; when the next paragraph opens with a
quotation mark, the quote runs on there (the newspaper convention), and that
paragraph's passage is offered as its own candidate, with the same speaker,
because sources often report only part of a long quote.

The speaker comes from an attribution next to the quote: after it (“…,” he
added; “…,” Cooper said; said Cooper; according to the PM), or before it in
the same sentence (Cooper continued: “…”; Starmer said ahead of the meeting,
“…”), or at the end of the paragraph before it (“According to the PM,”). A
pronoun stands for the last person named before it; a person may be named by
name, surname or role. A quote with no attribution of its own continues the
speaker of the quote it runs on from, or of the quote before it in its paragraph.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from .candidates import Candidate, Kind
from .entities import PersonMention
from .lexicon import PersonRef
from .text import layout, paragraphs

_CLOSERS = {'"': '"”', "“": '”"', "„": "“”", "«": "»", "‘": "’"}
SPEECH_VERBS = (
    "said", "says", "added", "adds", "continued", "continues", "told", "tells", "stated",
    "explained", "warned", "insisted", "argued", "noted", "urged", "declared", "announced",
    "remarked", "stressed", "emphasised", "emphasized", "wrote", "asked", "replied",
    "commented", "concluded", "acknowledged", "admitted", "claimed", "confirmed", "pledged",
    "promised", "vowed",
)  # fmt: skip
_VERB = re.compile(r"\b(?:" + "|".join(SPEECH_VERBS) + r"|according to)\b", re.IGNORECASE)
_BEFORE_VERB = re.compile(r"\s+(?:(?:also|then|later|again)\s+)?")
_AFTER_VERB = re.compile(r",?\s+(?:the\s+)?")
_TAIL_START = re.compile(r"[\s,]*")
_ARTICLE = re.compile(r"[Tt]he\s+")
_MIN_WORDS = 3


@dataclass(frozen=True)
class Quoted:
    """A quoted passage: its words at ``[start, end)``, its marks at ``[open, close]``."""

    open: int
    close: int | None  # None: no closing mark before the end of the paragraph
    start: int
    end: int
    paragraph: tuple[int, int]
    continues: bool = False


def find_quoted(text: str) -> list[Quoted]:
    """Every quoted passage, in text order."""
    found: list[Quoted] = []
    previous_unclosed = False
    for para_start, para_end in paragraphs(text):
        opened_at = None
        opener = ""
        starts_with_quote = text[para_start] in _CLOSERS
        passages: list[Quoted] = []
        for index in range(para_start, para_end):
            character = text[index]
            if opened_at is None:
                if _opens(text, index, para_start):
                    opened_at, opener = index, character
            elif character in _CLOSERS[opener] and _closes(text, index, para_end, opener):
                passages.append(_passage(text, opened_at, index, (para_start, para_end)))
                opened_at = None
        if opened_at is not None:
            passages.append(_passage(text, opened_at, None, (para_start, para_end)))
        if passages and starts_with_quote and previous_unclosed and passages[0].open == para_start:
            passages[0] = replace(passages[0], continues=True)
        previous_unclosed = opened_at is not None
        found.extend(p for p in passages if p.start < p.end)
    return found


def _opens(text: str, index: int, para_start: int) -> bool:
    character = text[index]
    if character == "‘":  # only at a word's start: ‘…’ is also an apostrophe's shape
        before = text[index - 1] if index > para_start else " "
        return (before.isspace() or before in "(—–-") and text[index + 1 : index + 2].isalnum()
    return character in _CLOSERS and character != "’"


def _closes(text: str, index: int, para_end: int, opener: str) -> bool:
    if opener != "‘":
        return True
    after = text[index + 1] if index + 1 < para_end else " "
    return not text[index - 1].isspace() and not after.isalnum()


def _passage(text: str, opened: int, closed: int | None, paragraph) -> Quoted:
    start, end = opened + 1, closed if closed is not None else paragraph[1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return Quoted(opened, closed, start, end, paragraph)


def quoted_words(text: str) -> str:
    """The words inside the quotation marks of ``text``, or all of it if it quotes nothing."""
    passages = find_quoted(text)
    if not passages:
        return text
    return " ".join(text[p.start : p.end] for p in passages)


# ---------------------------------------------------------------------------
# Speakers


@dataclass(frozen=True)
class Attribution:
    person: PersonRef | None
    start: int  # where the cited passage starts
    end: int  # and ends


class People:
    """The people and pronouns of a text, looked up by where they start or end."""

    def __init__(self, mentions: list[PersonMention]) -> None:
        self.mentions = mentions
        self._by_start = {mention.start: mention for mention in mentions}
        self._ends = [mention.end for mention in mentions]

    def starting_at(self, position: int) -> PersonMention | None:
        return self._by_start.get(position)

    def last_ending_by(self, position: int) -> PersonMention | None:
        index = bisect_right(self._ends, position)
        return self.mentions[index - 1] if index else None


def attribute(text: str, quote: Quoted, people: People, after: int = 0) -> Attribution | None:
    """The speaker an attribution next to the quote names, and the extent to cite.

    A lead-in is looked for from the start of the quote's sentence, but not before
    ``after`` (the end of the quote before it in the paragraph), so each part of the
    text is read for one quote only."""
    para_start, para_end = quote.paragraph
    sentences = layout(text)
    if quote.close is not None:
        ended = text[quote.close - 1] in ".!?"
        tail = _tail(text, quote.close + 1, para_end, people, ended)
        if tail is not None:
            return tail
    lead_start = max(sentences.sentence_at(quote.open)[0], para_start, after)
    lead_start = min(lead_start, quote.open)
    found = _lead_in(text, lead_start, quote.open, people)
    if found is None and quote.open == para_start:
        previous = text[:para_start].rstrip()
        if previous.endswith((":", ",")):  # “According to the PM,” on a line of its own
            lead_start = sentences.sentence_at(len(previous) - 1)[0]
            found = _lead_in(text, lead_start, len(previous), people)
    if found is None:
        return None
    end = quote.close + 1 if quote.close is not None else para_end
    return Attribution(found, lead_start, end)


def _tail(
    text: str, position: int, para_end: int, people: People, ended: bool
) -> Attribution | None:
    """“…,” Cooper said / said Cooper / the Home Secretary said / said Jane Doe.

    When the quote ended its own sentence (“…act.” Cooper said the plan…), a name and
    verb after it open the next sentence, about something else: they attribute the
    quote only if the attribution ends there too (“…act.” she said.)."""
    position = _TAIL_START.match(text, position, para_end).end()
    article = _ARTICLE.match(text, position, para_end)  # “…,” the Home Secretary said
    found = _person_then_verb(text, article.end() if article else position, people)
    if found is None:
        verb = _VERB.match(text, position, para_end)
        if verb is not None:
            found = _person_after(text, verb.end(), people, para_end)
    if found is None:
        return None
    person, clause_end = found
    if ended and not _CLAUSE_ENDS.match(text, clause_end, para_end):
        return None
    sentence_end = layout(text).sentence_at(min(position, para_end - 1))[1]
    return Attribution(person, -1, min(sentence_end, para_end))


_CLAUSE_ENDS = re.compile(r"\s*(?:[.,;:!?]|$)")


def _lead_in(text: str, start: int, end: int, people: People) -> PersonRef | None:
    for verb in reversed(list(_VERB.finditer(text, start, end))):
        mention = people.last_ending_by(verb.start())
        if (
            mention is not None
            and mention.start >= start
            and _BEFORE_VERB.fullmatch(text, mention.end, verb.start())
        ):
            return mention.person
        found = _person_after(text, verb.end(), people, end)
        if found is not None:
            return found[0]
        name = _name_before(text, max(start, verb.start() - _NAME_WINDOW), verb.start())
        if name:
            return PersonRef(None, name)
    return None


def _person_then_verb(text: str, position: int, people: People):
    """The person named at ``position`` and followed by a speech verb, and where the verb ends."""
    mention = people.starting_at(position)
    name_end = mention.end if mention is not None else None
    person = mention.person if mention is not None else None
    if mention is None:
        name = _NAME.match(text, position)
        if name is None:
            return None
        name_end, person = name.end(), PersonRef(None, _clean_name(name.group()))
    gap = _BEFORE_VERB.match(text, name_end)
    verb = _VERB.match(text, gap.end())
    if verb is None:
        return None
    return person, verb.end()


def _person_after(text: str, position: int, people: People, limit: int):
    """The person named just after a speech verb (“said Cooper”), and where the name ends."""
    gap = _AFTER_VERB.match(text, position)
    if gap is None:
        return None
    mention = people.starting_at(gap.end())
    if mention is not None and mention.end <= limit:
        return mention.person, mention.end
    name = _NAME.match(text, gap.end(), limit)
    if name is not None:
        return PersonRef(None, _clean_name(name.group())), name.end()
    return None


# A name the tracker does not know: two to six capitalised words (“Dame Angela Eagle”,
# “Valdecy Urquiza”), perhaps with particles (“Ursula von der Leyen”).
_NAME_WORD = r"(?:[A-Z][\w’'\-]+|[A-Z]\.)"
_NAME = re.compile(
    rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|de|van|von|der|bin|al|da|di|du|la|le)){{1,5}}(?!\w)"
)
_NAME_PART = re.compile(rf"{_NAME_WORD}|de|van|von|der|bin|al|da|di|du|la|le")
_NAME_WINDOW = 160  # characters read back from a verb for a name before it
_PRONOUN_OR_ARTICLE = {"He", "She", "They", "It", "The", "This", "That", "We", "But", "And"}


def _name_before(text: str, start: int, end: int) -> str:
    """The name that ends just before a speech verb, perhaps after or before its role:
    a comma-separated piece that is all name (“Steve Dann, Director of …, said”), or
    else the capitalised words that end the last piece (“Home Secretary Yvette Cooper said”)."""
    pieces = [piece.split() for piece in text[start:end].rstrip(" \t,").split(",")][-3:]
    pieces = [words[1:] if words and words[0] in _PRONOUN_OR_ARTICLE else words for words in pieces]
    for words in reversed(pieces):
        if len(words) >= 2 and all(_NAME_PART.fullmatch(word) for word in words):
            return " ".join(words)
    tail: list[str] = []
    for word in reversed(pieces[-1] if pieces else []):
        if not _NAME_PART.fullmatch(word):
            break
        tail.insert(0, word)
    return " ".join(tail) if len(tail) >= 2 else ""


def _clean_name(name: str) -> str:
    words = name.split()
    while words and words[0] in _PRONOUN_OR_ARTICLE:
        words = words[1:]
    return " ".join(words)


# GOV.UK's convention: “Name, role, said:” and then the words, a paragraph or more,
# with no quotation marks. After the first, speech is told from narrative by its
# first person.
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My|me)\b|\b(?:I|We|we)[’']")
_MOST_UNMARKED_PARAGRAPHS = 6


def unmarked_quotes(text: str, marked: list[Quoted]) -> list[Quoted]:
    """The paragraphs quoted without marks after a lead-in that ends with a colon."""
    with_marks = {quote.paragraph for quote in marked}
    found: list[Quoted] = []
    lines = list(paragraphs(text))
    for index, (start, end) in enumerate(lines[:-1]):
        if text[end - 1] != ":" or _VERB.search(text, start, end) is None:
            continue
        for offset, paragraph in enumerate(
            lines[index + 1 : index + 1 + _MOST_UNMARKED_PARAGRAPHS]
        ):
            para_start, para_end = paragraph
            if (
                paragraph in with_marks
                or text[para_start] in _CLOSERS
                or text[para_end - 1] == ":"
                # the colon promises the first paragraph; the next ones speak in the first person
                or (offset > 0 and _FIRST_PERSON.search(text, para_start, para_end) is None)
            ):
                break
            found.append(
                Quoted(para_start, None, para_start, para_end, paragraph, continues=offset > 0)
            )
    return found


def quote_candidates(text: str, people: list[PersonMention]) -> list[Candidate]:
    candidates: list[Candidate] = []
    previous: Candidate | None = None
    known = People(people)
    read_to = 0  # the end of the quote before, in the same paragraph
    marked = find_quoted(text)
    for quote in sorted([*marked, *unmarked_quotes(text, marked)], key=lambda q: q.start):
        if read_to < quote.paragraph[0]:
            read_to = 0
        attribution = attribute(text, quote, known, read_to)
        read_to = quote.close + 1 if quote.close is not None else quote.paragraph[1]
        cite_start = quote.open
        cite_end = quote.close + 1 if quote.close is not None else quote.paragraph[1]
        speaker = None
        if attribution is not None:
            speaker = attribution.person
            cite_start = attribution.start if attribution.start >= 0 else cite_start
            cite_end = max(cite_end, attribution.end)
        elif previous is not None and (
            quote.continues or previous.start >= quote.paragraph[0]
        ):  # runs on from the quote before, or follows it in the same paragraph
            speaker = PersonRef(previous.speaker_id, previous.speaker_name)
            if not previous.speaker_name:
                speaker = None
        words = text[quote.start : quote.end]
        said_after = attribution is not None and attribution.start < 0
        if len(words.split()) < _MIN_WORDS and not said_after:
            continue  # a term in quotation marks (“at source”), not something said
        candidate = Candidate(
            kind=Kind.QUOTE,
            start=quote.start,
            end=quote.end,
            excerpt=words,
            cite_start=cite_start,
            cite_end=cite_end,
            label=speaker.name if speaker else "speaker not known",
            speaker_id=speaker.pk if speaker else None,
            speaker_name=speaker.name if speaker else "",
            continues=quote.continues,
        )
        candidates.append(candidate)
        previous = candidate
    return candidates
