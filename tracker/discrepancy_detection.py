"""Opening discrepancies where the citations of one record disagree.

Each citation of a record states its fact in its own words. Read with the
intake assistant's rules, the citations of

* a funding commitment, or a figure of money, state an **amount** (integer
  minor units and currency);
* a figure state a **count**;
* any record state a **date**, when its excerpt gives exactly one;
* a quote state its **wording**: the words inside the quotation marks.

When two citations state different values (amounts or counts that are not
equal; dates that differ at the precision both give; quote words of which
neither contains the other, after normalising), the tracker opens a
discrepancy with one version per citation that states a value, unless an
existing discrepancy about the same record and aspect already covers every
one of them (so running it twice opens nothing new). A citation whose value
is not yet in an open discrepancy of that record becomes a new version of it.
Resolving stays the editor's: accept one version and write the resolution.

How a citation states an amount: the record's own amount if its excerpt gives
it; otherwise the one amount in the record's currency, or, among several,
the one with the same digits (“£75 billion” against £75 million). Amounts in
other currencies (a conversion in brackets) are not a disagreement. Counts
are read the same way. An excerpt that states nothing, or nothing clear,
takes no side.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils.text import Truncator, slugify

from tracker.intake import actions
from tracker.intake.dates import find_dates
from tracker.intake.drafting import unique_slug
from tracker.intake.figures import find_counts
from tracker.intake.money import find_amounts
from tracker.intake.quotes import quoted_words
from tracker.models import (
    Citation,
    Discrepancy,
    DiscrepancyStatus,
    DiscrepancyVersion,
    DisputedAspect,
    citation_target,
    cited_models,
)
from tracker.records import record_type

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claim:
    """What one citation says about the disputed fact."""

    citation: Citation
    value: object
    stated: str


@dataclass
class Outcome:
    opened: int = 0
    versions_added: int = 0

    def __iadd__(self, other: "Outcome") -> "Outcome":
        self.opened += other.opened
        self.versions_added += other.versions_added
        return self


# ---------------------------------------------------------------------------
# What each citation states


def _digits(value: Decimal) -> str:
    """The significant digits: 75 for 75 million and 75 billion alike."""
    return str(value.normalize()).replace(".", "").lstrip("0").rstrip("0") or "0"


def _pick(options: list, value_of, expected) -> object | None:
    """The option that states ``expected``, or the only one, or the only one with its digits."""
    for option in options:
        if value_of(option) == expected:
            return option
    if len(options) == 1:
        return options[0]
    same_digits = [
        o for o in options if _digits(Decimal(value_of(o))) == _digits(Decimal(expected))
    ]
    return same_digits[0] if len(same_digits) == 1 else None


def amount_claim(citation: Citation, amount_minor: int, currency: str) -> Claim | None:
    options = [a for a in find_amounts(citation.excerpt) if a.currency == currency]
    found = _pick(options, lambda a: a.amount_minor, amount_minor)
    if found is None:
        return None
    stated = citation.excerpt[found.start : found.end]
    return Claim(citation, (found.amount_minor, currency), stated)


def count_claim(citation: Citation, value: Decimal, unit: str) -> Claim | None:
    counts = find_counts(citation.excerpt)
    same_unit = [c for c in counts if c.unit == unit] or counts
    found = _pick(same_unit, lambda c: c.value, value)
    if found is None:
        return None
    return Claim(citation, found.value, citation.excerpt[found.start : found.end])


def date_claim(citation: Citation) -> Claim | None:
    article = citation.source
    dates = [
        d
        for d in find_dates(citation.excerpt, article.published_on, article.published_on_precision)
        if d.date is not None
    ]
    if len(dates) != 1:
        return None
    (date,) = dates
    return Claim(citation, date, f"{citation.excerpt[date.start : date.end]} ({date.label()})")


def wording_claim(citation: Citation) -> Claim:
    said = quoted_words(citation.excerpt).strip()
    return Claim(citation, tuple(actions.words(said)), f"“{Truncator(said).chars(290)}”")


def _agree(aspect: str, a, b) -> bool:
    if aspect == DisputedAspect.DATE:
        return a.agrees_with(b)
    if aspect == DisputedAspect.WORDING:
        return actions.contains(a, b) or actions.contains(b, a) or a == b
    return a == b


def claims_about(record, citations: list[Citation]) -> dict[str, list[Claim]]:
    """What each citation of ``record`` states, by disputed aspect: what its type's
    registration reads (``claims``: an amount, a count, a quote's wording), and a date."""
    claims: dict[str, list[Claim]] = {}
    claims_of_its_type = record_type(record).claims

    def add(aspect: str, claim: Claim | None) -> None:
        if claim is not None:
            claims.setdefault(aspect, []).append(claim)

    for citation in citations:
        if claims_of_its_type is not None:
            for aspect, claim in claims_of_its_type(record, citation):
                add(aspect, claim)
        add(DisputedAspect.DATE, date_claim(citation))
    return claims


def disagreeing(aspect: str, claims: list[Claim]) -> bool:
    return any(
        not _agree(aspect, a.value, b.value)
        for i, a in enumerate(claims)
        for b in claims[i + 1 :]
        if a.citation.source_id != b.citation.source_id or aspect != DisputedAspect.DATE
    )


# ---------------------------------------------------------------------------
# Opening discrepancies


def detect_for_record(record) -> Outcome:
    """Open (or extend) the discrepancies the citations of ``record`` call for."""
    citations = list(record.citations.select_related("source").order_by("source_id", "start"))
    outcome = Outcome()
    if len(citations) < 2:
        return outcome
    for aspect, claims in claims_about(record, citations).items():
        if len(claims) >= 2 and disagreeing(aspect, claims):
            outcome += _record(record, aspect, claims)
    return outcome


def _record(record, aspect: str, claims: list[Claim]) -> Outcome:
    target = citation_target(record)
    existing = list(
        Discrepancy.objects.filter(aspect=aspect, **{f"versions__citation__{target}": record})
        .distinct()
        .prefetch_related("versions")
    )
    versioned = {v.citation_id for d in existing for v in d.versions.all()}
    known_values = [c.value for c in claims if c.citation.pk in versioned]
    uncovered = [
        claim
        for claim in claims
        if claim.citation.pk not in versioned
        and not any(_agree(aspect, claim.value, value) for value in known_values)
    ]
    if existing and not uncovered:
        return Outcome()
    open_ones = [d for d in existing if d.status == DiscrepancyStatus.OPEN]
    with transaction.atomic():
        if open_ones:
            discrepancy, opened = open_ones[0], 0
            new_claims = [c for c in claims if c.citation.pk not in versioned]
        else:
            discrepancy, opened = _open(record, aspect), 1
            new_claims = claims
        for claim in new_claims:
            DiscrepancyVersion.objects.create(
                discrepancy=discrepancy,
                citation=claim.citation,
                stated_value=Truncator(claim.stated).chars(300),
            )
    return Outcome(opened=opened, versions_added=len(new_claims))


_SUBJECTS = {
    DisputedAspect.AMOUNT: "How much: {record}",
    DisputedAspect.COUNT: "How many: {record}",
    DisputedAspect.DATE: "When: {record}",
    DisputedAspect.WORDING: "The words of {record}",
}


def _open(record, aspect: str) -> Discrepancy:
    name = Truncator(str(record)).chars(240)
    subject = _SUBJECTS[aspect].format(record=f"“{name}”")
    base = slugify(f"{aspect} {getattr(record, 'slug', '') or name}")[:180].strip("-")
    slug = unique_slug(Discrepancy, base or aspect)
    return Discrepancy.objects.create(
        slug=slug, subject=subject, aspect=aspect, status=DiscrepancyStatus.OPEN
    )


def records_with_citations() -> Iterable:
    """Every record with at least two citations, a few hundred at a time."""
    for model in cited_models():
        target = citation_target(model)
        ids = sorted(
            Citation.objects.filter(**{f"{target}__isnull": False})
            .order_by()
            .values(target)
            .annotate(n=Count("pk"))
            .filter(n__gte=2)
            .values_list(target, flat=True)
        )
        for start in range(0, len(ids), 500):
            yield from model.objects.filter(pk__in=ids[start : start + 500]).order_by("pk")


def detect_all() -> tuple[int, Outcome]:
    """Check every record with two or more citations; return how many, and what was opened."""
    checked, outcome = 0, Outcome()
    for record in records_with_citations():
        checked += 1
        outcome += detect_for_record(record)
    return checked, outcome


# ---------------------------------------------------------------------------
# When a citation is saved


def citation_saved(sender, instance: Citation, raw: bool = False, **kwargs) -> None:
    """``post_save`` of Citation: check the record the citation supports.

    Not for fixtures (``raw``): they carry their own discrepancies. A failure
    here must not lose the editor's citation, so it is logged, and its
    database work is undone on its own savepoint.
    """
    if raw:
        return
    record = instance.target
    if record is None:
        return
    try:
        with transaction.atomic():
            detect_for_record(record)
    except Exception:
        logger.exception(
            "Discrepancy detection failed for %s %s", citation_target(record), record.pk
        )
