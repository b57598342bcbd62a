"""From a candidate to a record: match it with what the tracker has, or draft a new one.

Each candidate of a quote, an amount, a figure or a country has one action:

* **cited**: this article already cites the record at that place; nothing to do;
* **cite**: an existing record matches (the same quote words from another
  article, one extent containing the other; the same amount and currency on a
  funding commitment or money figure; the same figure): add a citation of this
  article to it;
* **draft**: create a draft quote, funding commitment, figure or partnership,
  prefilled from the candidate, already citing the passage.
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.text import Truncator, slugify

from tracker import excerpts, money
from tracker.models import (
    Citation,
    Commitment,
    CommitmentKind,
    CommitmentParty,
    Country,
    Figure,
    FundingCommitment,
    FundingType,
    Organisation,
    Partnership,
    PartnershipNovelty,
    PartyRole,
    Person,
    Publication,
    Quote,
    SourceArticle,
)

from .candidates import Candidate, Kind
from .dates import find_dates
from .quotes import quoted_words

MODEL_OF_KIND = {
    Kind.QUOTE: Quote,
    Kind.MONEY: FundingCommitment,
    Kind.FIGURE: Figure,
    Kind.COUNTRY: Partnership,
}
# The country whose government spends a currency, to name it as the funder.
HOME_OF_CURRENCY = {
    "GBP": "GB", "USD": "US", "RSD": "RS", "MKD": "MK", "ALL": "AL", "JPY": "JP",
    "CHF": "CH", "AUD": "AU", "CAD": "CA", "NZD": "NZ", "INR": "IN",
}  # fmt: skip
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

    DRAFT = "draft"
    CITE = "cite"
    CITED = "cited"


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


class Planner:
    """Plans the action of each candidate of one article."""

    def __init__(self, article: SourceArticle) -> None:
        self.article = article
        self.citations = list(
            Citation.objects.filter(source=article).select_related(
                "quote", "commitment", "figure", "announcement"
            )
        )

    def plan(self, candidate: Candidate) -> Plan | None:
        model = MODEL_OF_KIND.get(candidate.kind)
        if model is None:
            return None
        cited = self._cited_here(candidate)
        if cited is not None:
            return Plan(candidate, Plan.CITED, model, cited)
        matches = self._matches(candidate)
        if len(matches) == 1:
            return Plan(candidate, Plan.CITE, type(matches[0]), matches[0])
        return Plan(candidate, Plan.DRAFT, model, similar=tuple(matches))

    def _cited_here(self, candidate: Candidate):
        """The record of this kind this article already cites over the candidate's words;
        of several, the one that states the candidate's amount or number."""
        cited = [
            citation.target
            for citation in self.citations
            if citation.start < candidate.end
            and candidate.start < citation.end
            and _supports(citation, candidate)
        ]
        if not cited:
            return None
        record = next((r for r in cited if _states(r, candidate)), cited[0])
        if candidate.kind == Kind.COUNTRY:
            return Partnership.objects.get(pk=record.pk)
        return record

    def _matches(self, candidate: Candidate) -> list:
        """The records the candidate matches (up to a few): cited when there is exactly one."""
        if candidate.kind == Kind.QUOTE:
            quote = matching_quote(candidate.excerpt)
            return [quote] if quote else []
        if candidate.kind == Kind.MONEY:
            funding = FundingCommitment.objects.filter(
                amount_minor=candidate.amount_minor, currency=candidate.currency
            )
            figures = Figure.objects.filter(
                currency=candidate.currency,
                value=money.to_major(candidate.amount_minor, candidate.currency),
            )
            return list(funding.order_by("pk")[:3]) or list(figures.order_by("pk")[:3])
        if candidate.kind == Kind.FIGURE:
            figures = Figure.objects.filter(value=candidate.value, currency="", unit=candidate.unit)
            return list(figures.order_by("pk")[:3])
        return []


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
            and target.parties.filter(country_id__in=candidate.country_codes).exists()
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


def matching_quote(text: str) -> Quote | None:
    """A recorded quote with the same words as ``text`` (one extent containing the other)."""
    mine = words(text)
    distinctive = sorted((w for w in mine if w.isalpha()), key=len, reverse=True)[:1]
    if not distinctive:
        return None
    found = (
        Quote.objects.filter(
            Q(text__icontains=distinctive[0]) | Q(citations__excerpt__icontains=distinctive[0])
        )
        .distinct()
        .order_by("pk")
        .prefetch_related("citations")
    )
    for quote in found:
        versions = [quote.text, *(quoted_words(c.excerpt) for c in quote.citations.all())]
        if any(same_quote(mine, words(version)) for version in versions):
            return quote
    return None


# ---------------------------------------------------------------------------
# Accepting


def accept(plan: Plan, article: SourceArticle, speaker: Person | None = None):
    """Carry out ``plan``: return the record, new or existing, and whether it was created."""
    candidate = plan.candidate
    with transaction.atomic():
        if plan.action == Plan.CITE:
            record = plan.record
            _extend_quote(record, candidate)
            _cite(record, article, candidate)
            return record, False
        record = _draft(candidate, article, speaker)
        _cite(record, article, candidate)
        return record, True


def _cite(record, article: SourceArticle, candidate: Candidate) -> Citation:
    target = "commitment" if isinstance(record, Commitment) else record._meta.model_name
    citation = Citation(
        source=article,
        excerpt=article.text[candidate.cite_start : candidate.cite_end],
        start=candidate.cite_start,
        end=candidate.cite_end,
        **{target: record},
    )
    citation.save()
    return citation


def _extend_quote(record, candidate: Candidate) -> None:
    """A quote's text is the fullest extent any source gives."""
    if isinstance(record, Quote) and len(words(candidate.excerpt)) > len(words(record.text)):
        record.text = candidate.excerpt
        record.save(update_fields=["text", "updated_at"])


def _draft(candidate: Candidate, article: SourceArticle, speaker: Person | None):
    sentence = article.text[candidate.cite_start : candidate.cite_end]
    if candidate.kind == Kind.QUOTE:
        return _draft_quote(candidate, speaker)
    if candidate.kind == Kind.MONEY:
        return _draft_funding(candidate, article, sentence)
    if candidate.kind == Kind.FIGURE:
        return _draft_figure(candidate, article, sentence)
    return _draft_partnership(candidate, sentence)


def _draft_quote(candidate: Candidate, speaker: Person | None) -> Quote:
    if speaker is None:
        raise ValueError("A quote needs a speaker.")
    surname = speaker.name.split()[-1]
    quote = Quote.objects.create(
        text=candidate.excerpt,
        slug=unique_slug(Quote, f"{surname} {Truncator(candidate.excerpt).words(6, '')}"),
        speaker=speaker,
        said_on=candidate.said_on,
        event_id=candidate.event_id,
        publication=Publication.DRAFT,
    )
    quote.countries.set(candidate.country_codes)
    return quote


# “… £12 million over three years for joint operations with Albania.”: what it pays for
_PAYS_FOR = re.compile(
    r"\bfor\s+(?!the next\b|a period\b)([^.,;:!?()–—]{3,80}?)\s*(?:[.,;:!?()–—]|$)"
)


def _draft_funding(candidate: Candidate, article: SourceArticle, sentence: str):
    organisations = candidate.organisation_ids
    after = article.text[candidate.end : candidate.cite_end]
    pays_for = _PAYS_FOR.search(after)
    purpose = pays_for.group(1).strip() if pays_for else ""
    if purpose:
        title = f"{candidate.excerpt} for {purpose}"
    elif organisations:
        title = f"{candidate.excerpt} for {Organisation.objects.get(pk=organisations[0]).name}"
    else:
        title = f"{candidate.excerpt}: {Truncator(sentence).words(10)}"
    lowered = sentence.lower()
    if any(word in lowered for word in ("additional", "extra", "a further", "top-up")):
        funding_type = FundingType.ADDITIONAL
    elif any(word in lowered for word in ("in total", "a total", "doubled to", "total of")):
        funding_type = FundingType.TOTAL
    else:
        funding_type = FundingType.NEW
    commitment = FundingCommitment.objects.create(
        title=Truncator(title).chars(300),
        slug=unique_slug(Commitment, title),
        summary=sentence,
        amount_minor=candidate.amount_minor,
        currency=candidate.currency,
        funding_type=funding_type,
        purpose=purpose,
        announced_on=candidate.said_on,
        publication=Publication.DRAFT,
    )
    commitment.organisations.set(organisations)
    home = HOME_OF_CURRENCY.get(candidate.currency)
    for code in candidate.country_codes:
        role = PartyRole.FUNDER if code == home else PartyRole.CONCERNED
        CommitmentParty.objects.create(commitment=commitment, country_id=code, role=role)
    return commitment


def _draft_figure(candidate: Candidate, article: SourceArticle, sentence: str) -> Figure:
    period = [
        d
        for d in find_dates(sentence, article.published_on, article.published_on_precision)
        if d.date is not None
    ]
    label = candidate.excerpt[0].upper() + candidate.excerpt[1:]
    figure = Figure(
        label=Truncator(label).chars(300),
        slug=unique_slug(Figure, label),
        value=candidate.value,
        unit=candidate.unit,
        qualifier=candidate.qualifier,
        note=f"Drafted from “{Truncator(sentence).words(30)}”",
        publication=Publication.DRAFT,
    )
    if len(period) == 1 and period[0].precision == "year":
        year = period[0].date.year
        figure.period_start = period[0].date
        figure.period_end = period[0].date.replace(month=12, day=31)
        figure.period_label = f"{sentence[period[0].start : period[0].end]} ({year})"
    figure.save()
    figure.countries.set(candidate.country_codes)
    return figure


def _draft_partnership(candidate: Candidate, sentence: str) -> Partnership:
    (code,) = candidate.country_codes
    country = Country.objects.get(code=code)
    title = f"Partnership with {country.name}"
    existing = "existing" in sentence.lower()  # “Albania (existing)”
    partnership = Partnership.objects.create(
        title=title,
        slug=unique_slug(Commitment, title),
        summary=sentence,
        novelty=PartnershipNovelty.EXISTING if existing else PartnershipNovelty.NEW,
        publication=Publication.DRAFT,
    )
    CommitmentParty.objects.create(commitment=partnership, country=country, role=PartyRole.PARTNER)
    return partnership


def unique_slug(model, text: str) -> str:
    """A slug from ``text`` that no ``model`` record has yet: ``…``, ``…-2``, ``…-3``."""
    base = slugify(text)[:180].strip("-") or model._meta.model_name
    taken = set(model._base_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
