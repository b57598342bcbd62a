"""Accepting a plan: cite the matching record, or draft a new one already citing the passage.

Drafts are prefilled from the candidate and its passage, and left as drafts for
the editor to complete; nothing here publishes. A drafted commitment's status comes with
its entry in the status history, citing the passage; a summary or title drops the list
marker a passage starts with (“- signed a joint statement…”); a partnership the passage
speaks of as under way, or one the tracker records already and the passage does not call
new, is drafted as existing and in progress, not as new and announced.
"""

import re

from django.db import transaction
from django.utils.text import Truncator, slugify

from tracker.models import (
    Citation,
    Commitment,
    CommitmentParty,
    CommitmentStatus,
    Country,
    DatePrecision,
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
    StatusChange,
    citation_target,
)

from .actions import Plan, words
from .candidates import Candidate, Kind
from .dates import find_dates

# The country whose government spends a currency, to name it as the funder.
HOME_OF_CURRENCY = {
    "GBP": "GB", "USD": "US", "RSD": "RS", "MKD": "MK", "ALL": "AL", "JPY": "JP",
    "CHF": "CH", "AUD": "AU", "CAD": "CA", "NZD": "NZ", "INR": "IN",
}  # fmt: skip


def accept(
    plan: Plan,
    article: SourceArticle,
    speaker: Person | None = None,
    event_id: int | None = None,
):
    """Carry out ``plan``: return the record, new or existing, and whether it was created.

    ``event_id`` is the event the article is about (the one it names), for a quote
    whose own passage names none."""
    candidate = plan.candidate
    with transaction.atomic():
        if plan.action == Plan.CITE:
            record = plan.record
            _extend_quote(record, candidate)
            _cite(record, article, candidate)
            return record, False
        record = _draft(candidate, article, speaker, event_id)
        citation = _cite(record, article, candidate)
        if isinstance(record, Commitment):
            _record_status(record, citation, article)
        return record, True


# A list item's marker, copied with its passage: “- ”, “• ”, “1. ”, “(a) ”.
_LIST_MARKER = re.compile(r"^\s*(?:[-–—•*·▪●]|\(?(?:\d{1,2}|[a-z])[.)])\s+")


def without_list_marker(passage: str) -> str:
    """The passage as a summary says it: without the list marker it starts with."""
    return _LIST_MARKER.sub("", passage, count=1)


def _record_status(commitment: Commitment, citation: Citation, article: SourceArticle) -> None:
    """The drafted commitment's status as the first entry of its status history, dated as
    it was announced, or else as the article is, citing the passage it was drafted from.
    With no date at all, no entry: the editor dates it (the history's dates are required)."""
    changed_on = commitment.announced_on or article.published_on
    if changed_on is None:
        return
    precision = (
        commitment.announced_on_precision
        if commitment.announced_on
        else article.published_on_precision or DatePrecision.DAY
    )
    reported = f"as reported in “{article}”"
    reason = (
        f"Under way already, {reported}."
        if commitment.status == CommitmentStatus.IN_PROGRESS
        else f"Announced, {reported}."
    )
    StatusChange.objects.create(
        commitment=commitment,
        status=commitment.status,
        changed_on=changed_on,
        changed_on_precision=precision,
        reason=reason,
        citation=citation,
    )


def _cite(record, article: SourceArticle, candidate: Candidate) -> Citation:
    target = citation_target(record)
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


def _draft(candidate: Candidate, article: SourceArticle, speaker: Person | None, event_id):
    sentence = without_list_marker(article.text[candidate.cite_start : candidate.cite_end])
    if candidate.kind == Kind.QUOTE:
        return _draft_quote(candidate, article, speaker, event_id)
    if candidate.kind == Kind.MONEY:
        return _draft_funding(candidate, article, sentence)
    if candidate.kind == Kind.FIGURE:
        return _draft_figure(candidate, article, sentence)
    return _draft_partnership(candidate, sentence)


def _draft_quote(candidate: Candidate, article: SourceArticle, speaker, event_id) -> Quote:
    """A quote said on the day its passage names, or else on the article's date (at its
    precision: reported speech is dated by its report), at the event it names or the
    article's event."""
    if speaker is None:
        raise ValueError("A quote needs a speaker.")
    surname = speaker.name.split()[-1]
    if candidate.said_on is not None:
        said_on, precision = candidate.said_on, DatePrecision.DAY
    else:
        said_on = article.published_on
        precision = article.published_on_precision or DatePrecision.DAY
    quote = Quote.objects.create(
        text=candidate.excerpt,
        slug=unique_slug(Quote, f"{surname} {Truncator(candidate.excerpt).words(6, '')}"),
        speaker=speaker,
        said_on=said_on,
        said_on_precision=precision,
        event_id=candidate.event_id or event_id,
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
    label = figure_label(candidate)
    figure = Figure(
        label=Truncator(label).chars(300),
        slug=unique_slug(Figure, label),
        value=candidate.value,
        unit=candidate.unit,
        qualifier=candidate.qualifier,
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


def figure_label(candidate: Candidate) -> str:
    """What a figure counts, in a phrase from the text: “Share of cases involving boats”
    for “9% of cases involving boats”, “Albanian nationals returned” for a count."""
    phrase = candidate.measures
    if candidate.unit == "percent":
        phrase = f"Share {phrase}" if phrase.startswith("of ") else phrase or "Percentage"
    phrase = phrase or candidate.excerpt
    return phrase[0].upper() + phrase[1:]


# A passage about a partnership under way: “Albania (existing)”, “have been working
# together”, “continue to”, “under the joint communiqué”.
_UNDER_WAY = re.compile(
    r"\b(?:existing|already|ongoing|long-?standing|continu\w*|ha(?:ve|s) been working|"
    r"working hand in hand|builds? on|building on|under the)\b",
    re.IGNORECASE,
)
# A passage about a partnership made now: “a new cooperation agreement”, “world-first”.
_MADE_NOW = re.compile(
    r"\b(?:new|first|world-first|first-of-its-kind)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:agreements?|partnerships?|co-?operation|deals?|pacts?|statements?|declarations?|"
    r"memorand\w+|plans?|communiqu\w+)\b",
    re.IGNORECASE,
)


def partnership_novelty(sentence: str, country: Country) -> PartnershipNovelty:
    """New only when the passage says it is made now, or the tracker records no partnership
    with the country and the passage does not speak of one under way."""
    if _UNDER_WAY.search(sentence):
        return PartnershipNovelty.EXISTING
    if _MADE_NOW.search(sentence):
        return PartnershipNovelty.NEW
    recorded = Partnership.objects.filter(parties__country=country).exists()
    return PartnershipNovelty.EXISTING if recorded else PartnershipNovelty.NEW


def _draft_partnership(candidate: Candidate, sentence: str) -> Partnership:
    (code,) = candidate.country_codes
    country = Country.objects.get(code=code)
    title = f"Partnership with {country.name}"
    novelty = partnership_novelty(sentence, country)
    partnership = Partnership.objects.create(
        title=title,
        slug=unique_slug(Commitment, title),
        summary=sentence,
        novelty=novelty,
        # “An existing partnership is a partnership in progress, not announced” (README)
        status=(
            CommitmentStatus.IN_PROGRESS
            if novelty == PartnershipNovelty.EXISTING
            else CommitmentStatus.ANNOUNCED
        ),
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
