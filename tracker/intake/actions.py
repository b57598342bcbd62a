"""From a candidate to a record: match it with what the tracker has, or draft a new one.

Each candidate of a quote, an amount, a figure or a country has one action:

* **cited**: this article already cites the record at that place; nothing to do;
* **cite**: an existing record matches (the same quote words from another
  article, one extent containing the other; the same amount and currency on a
  funding commitment or money figure; the same figure): add a citation of this
  article to it;
* **draft**: create a draft quote, funding commitment, figure or partnership,
  prefilled from the candidate, already citing the passage (``drafting``).

A cite whose record has the same number but not the words of what the passage
measures carries a warning, and the editor may draft a new record instead. A
country offers a partnership only in a sentence about an agreement or working
together.
"""

import re
from dataclasses import dataclass, replace

from django.db.models import Q

from tracker import excerpts, money
from tracker.models import (
    Citation,
    CommitmentKind,
    Figure,
    FundingCommitment,
    Partnership,
    Quote,
    SourceArticle,
)

from .candidates import Candidate, Kind
from .quotes import quoted_words

MODEL_OF_KIND = {
    Kind.QUOTE: Quote,
    Kind.MONEY: FundingCommitment,
    Kind.FIGURE: Figure,
    Kind.COUNTRY: Partnership,
}
_MIN_SHARED_WORDS = 4


@dataclass(frozen=True)
class Plan:
    """What accepting a candidate does: ``draft``, ``cite`` or nothing (``cited``)."""

    candidate: Candidate
    action: str
    model: type
    record: object | None = None
    # several records match: none is cited for the editor, but they are shown
    similar: tuple = ()
    # the record has the same number but seems to measure something else: the editor
    # is offered “draft a new record instead” beside “cite”
    warning: str = ""

    DRAFT = "draft"
    CITE = "cite"
    CITED = "cited"

    def instead(self) -> "Plan":
        """The plan that drafts a new record rather than citing the matching one."""
        model = MODEL_OF_KIND[self.candidate.kind]
        return replace(self, action=Plan.DRAFT, model=model, record=None)


# A hyphen between letters joins a word (“counter-terrorism” is “counterterrorism”).
_JOINING_HYPHEN = re.compile(r"(?<=[^\W\d_])[-‐‑](?=[^\W\d_])")
_WORDS = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of ``text`` as quotes are compared: lower case, without punctuation."""
    return _WORDS.findall(_JOINING_HYPHEN.sub("", excerpts.normalise(text).lower()))


def contains(longer: list[str], shorter: list[str]) -> bool:
    """Whether ``shorter`` occurs in ``longer`` as a run of consecutive words."""
    if not shorter or len(shorter) > len(longer):
        return False
    first = shorter[0]
    return any(
        longer[i] == first and longer[i : i + len(shorter)] == shorter
        for i in range(len(longer) - len(shorter) + 1)
    )


def same_quote(a: list[str], b: list[str]) -> bool:
    """The same quote, perhaps in different extents: one's words contain the other's."""
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) < _MIN_SHARED_WORDS and shorter != longer:
        return False
    return contains(longer, shorter)


# A sentence that names a country and one of these may record a partnership with it.
_PARTNERSHIP_WORDS = re.compile(
    r"\b(?:agree\w*|partner\w*|deals?|sign\w*|memorand\w*|cooperat\w*|co-operat\w*"
    r"|collaborat\w*|pacts?|accords?|treat\w*|alliances?|joint|together|work(?:s|ing)? with)\b",
    re.IGNORECASE,
)
# Words that say nothing about what a number measures.
_FILLER = frozenset((
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "from",
    "as", "was", "were", "is", "are", "be", "been", "this", "that", "these", "those", "its",
    "their", "his", "her", "our", "more", "than", "over", "under", "per", "into", "about",
    "some", "which", "who", "will", "would", "has", "have", "had", "not", "also", "last",
    "next", "year", "years", "month", "months",
))  # fmt: skip


class Planner:
    """Plans the action of each candidate of one article.

    Everything it compares with is read in a few queries when it is made (the
    article's citations with their records; the funding, figures and quotes that
    share a value or a distinctive word with any candidate), so that planning a
    page of candidates costs the same number of queries however many there are."""

    def __init__(self, article: SourceArticle, candidates: list[Candidate] = ()) -> None:
        self.article = article
        self.citations = list(
            Citation.objects.filter(source=article)
            .select_related("quote", "commitment", "figure", "announcement")
            .prefetch_related("commitment__parties")
        )
        self._partnerships = Partnership.objects.in_bulk(
            [c.commitment_id for c in self.citations if c.commitment_id]
        )
        amounts = [c for c in candidates if c.kind == Kind.MONEY]
        counts = [c for c in candidates if c.kind == Kind.FIGURE]
        self._funding = _grouped(
            FundingCommitment.objects.filter(
                amount_minor__in={c.amount_minor for c in amounts},
                currency__in={c.currency for c in amounts},
            ).prefetch_related("citations"),
            lambda f: (f.amount_minor, f.currency),
        )
        self._figures = _grouped(
            Figure.objects.filter(
                value__in={money.to_major(c.amount_minor, c.currency) for c in amounts}
                | {c.value for c in counts}
            ).prefetch_related("citations"),
            lambda f: (f.value, f.currency, "" if f.currency else f.unit),
        )
        self._quotes = QuoteIndex([c.excerpt for c in candidates if c.kind == Kind.QUOTE])

    def plan(self, candidate: Candidate) -> Plan | None:
        model = MODEL_OF_KIND.get(candidate.kind)
        if model is None:
            return None
        cited = self._cited_here(candidate)
        if cited is not None:
            return Plan(candidate, Plan.CITED, model, cited)
        if candidate.kind == Kind.COUNTRY and not _PARTNERSHIP_WORDS.search(
            self.article.text, candidate.cite_start, candidate.cite_end
        ):
            return None  # a country named in passing: nothing to draft from it
        matches = self._matches(candidate)
        if len(matches) == 1:
            (record,) = matches
            warning = _measures_else(candidate, record)
            return Plan(candidate, Plan.CITE, type(record), record, warning=warning)
        return Plan(candidate, Plan.DRAFT, model, similar=tuple(matches))

    def _cited_here(self, candidate: Candidate):
        """The record of this kind this article already cites over the candidate's words;
        for an amount or a number, only a record that states it (another number of the
        same sentence is cited for its own record, or not yet)."""
        cited = [
            citation.target
            for citation in self.citations
            if citation.start < candidate.end
            and candidate.start < citation.end
            and _supports(citation, candidate)
        ]
        if candidate.kind in (Kind.MONEY, Kind.FIGURE):
            cited = [record for record in cited if _states(record, candidate)]
        if not cited:
            return None
        if candidate.kind == Kind.COUNTRY:
            return self._partnerships[cited[0].pk]
        return cited[0]

    def _matches(self, candidate: Candidate) -> list:
        """The records the candidate matches (up to a few): cited when there is exactly one."""
        if candidate.kind == Kind.QUOTE:
            quote = self._quotes.matching(candidate.excerpt)
            return [quote] if quote else []
        if candidate.kind == Kind.MONEY:
            funding = self._funding.get((candidate.amount_minor, candidate.currency), [])
            major = money.to_major(candidate.amount_minor, candidate.currency)
            figures = self._figures.get((major, candidate.currency, ""), [])
            return funding[:3] or figures[:3]
        if candidate.kind == Kind.FIGURE:
            return self._figures.get((candidate.value, "", candidate.unit), [])[:3]
        return []


def _grouped(queryset, key) -> dict:
    groups: dict = {}
    for record in queryset.order_by("pk"):
        groups.setdefault(key(record), []).append(record)
    return groups


def _measures_else(candidate: Candidate, record) -> str:
    """A warning when ``record`` has the candidate's number but not what it measures:
    a word of the candidate's phrase (“9% of cases involving boats”) that neither the
    record nor any passage citing it uses."""
    if candidate.kind not in (Kind.MONEY, Kind.FIGURE):
        return ""
    wanted = _content_words(candidate.measures)
    if not wanted:
        return ""
    said = [getattr(record, field, "") or "" for field in ("label", "title", "purpose", "summary")]
    said += [citation.excerpt for citation in record.citations.all()]
    missing = sorted(wanted - _content_words(" ".join(said)))
    if not missing:
        return ""
    return (
        f"Same number, different thing? Here it measures “{candidate.measures}”; "
        f"the record never mentions {', '.join(f'“{w}…”' for w in missing[:3])}."
    )


def _content_words(text: str) -> set[str]:
    """Words that say what is measured, cut to five letters so that plurals meet."""
    return {w[:5] for w in words(text) if w.isalpha() and len(w) > 2 and w not in _FILLER}


def _supports(citation: Citation, candidate: Candidate) -> bool:
    """Whether the citation supports a record of the kind the candidate would make."""
    target = citation.target
    if candidate.kind == Kind.QUOTE:
        return citation.quote_id is not None
    if candidate.kind == Kind.MONEY:
        if citation.commitment_id:
            return target.kind == CommitmentKind.FUNDING
        return citation.figure_id is not None and bool(target.currency)
    if candidate.kind == Kind.FIGURE:
        return citation.figure_id is not None and not target.currency
    if candidate.kind == Kind.COUNTRY:
        return (
            citation.commitment_id is not None
            and target.kind == CommitmentKind.PARTNERSHIP
            and any(p.country_id in candidate.country_codes for p in target.parties.all())
        )
    return False


def _states(record, candidate: Candidate) -> bool:
    """Whether ``record`` holds the candidate's amount or number."""
    if candidate.kind == Kind.MONEY:
        if isinstance(record, Figure):
            major = money.to_major(candidate.amount_minor, candidate.currency)
            return record.currency == candidate.currency and record.value == major
        stated = (record.amount_minor, record.currency)
        return stated == (candidate.amount_minor, candidate.currency)
    if candidate.kind == Kind.FIGURE:
        return record.value == candidate.value
    return False


class QuoteIndex:
    """Recorded quotes that share a distinctive word with any of some texts, read in one query."""

    def __init__(self, texts: list[str]) -> None:
        self._quotes: list[tuple[Quote, list[list[str]]]] = []
        wanted = {_distinctive(words(text)) for text in texts} - {""}
        if not wanted:
            return
        condition = Q()
        for word in wanted:
            condition |= Q(text__icontains=word) | Q(citations__excerpt__icontains=word)
        found = Quote.objects.filter(condition).distinct().order_by("pk")
        for quote in found.prefetch_related("citations"):
            versions = [quote.text, *(quoted_words(c.excerpt) for c in quote.citations.all())]
            self._quotes.append((quote, [words(version) for version in versions]))

    def matching(self, text: str) -> Quote | None:
        mine = words(text)
        if not _distinctive(mine):
            return None
        for quote, versions in self._quotes:
            if any(same_quote(mine, version) for version in versions):
                return quote
        return None


def _distinctive(text_words: list[str]) -> str:
    """The longest word: the one most likely to find the quote by a text search."""
    return max((w for w in text_words if w.isalpha()), key=len, default="")
