"""What the intake assistant drafts from real articles of the evaluation corpus
(intake_corpus/): a summary without the list marker its passage starts with, a status
with its entry in the status history citing the passage, and a partnership the passage
speaks of as under way, or one the tracker records already, drafted as existing."""

import datetime

import pytest

from tracker.intake import Kind, find_candidates
from tracker.intake.actions import Plan, Planner
from tracker.intake.drafting import accept
from tracker.intake.evaluation import articles
from tracker.models import (
    Commitment,
    CommitmentStatus,
    PartnershipNovelty,
    Publication,
    SourceArticle,
)

pytestmark = pytest.mark.django_db


def corpus_article(slug: str) -> SourceArticle:
    (found,) = [article for article in articles() if article.slug == slug]
    return SourceArticle.objects.create(
        slug=slug,
        headline=found.gold["title"],
        text=found.text,
        published_on=found.published_on,
        publication=Publication.DRAFT,
    )


def drafted(article: SourceArticle, kind: str, excerpt: str, passage_has: str) -> Commitment:
    """Accept the plan of the candidate ``excerpt`` whose passage has ``passage_has``."""
    candidates = find_candidates(article)
    (candidate,) = [
        c
        for c in candidates
        if c.kind == kind
        and c.excerpt == excerpt
        and passage_has in article.text[c.cite_start : c.cite_end]
    ]
    plan = Planner(article, candidates).plan(candidate)
    assert plan.action == Plan.DRAFT
    record, created = accept(plan, article)
    assert created
    return Commitment.objects.get(pk=record.pk)


def the_status_entry(commitment: Commitment):
    (entry,) = commitment.status_history.all()
    assert entry.status == commitment.status
    assert entry.citation.commitment_id == commitment.pk
    return entry


def test_a_funding_drafted_from_a_list_item_drops_its_marker(db):
    article = corpus_article("iraq-border-security-agreement-2024")

    funding = drafted(article, Kind.MONEY, "£200,000", "- announced support")

    assert article.text[funding.citations.get().start] == "-"  # the excerpt is the article's
    assert funding.summary.startswith("announced support for further border security projects")
    assert funding.title == (
        "£200,000: announced support for further border security projects: the UK government…"
    )


def test_a_drafted_funding_is_announced_with_its_entry_citing_the_passage(db):
    article = corpus_article("iraq-border-security-agreement-2024")

    funding = drafted(article, Kind.MONEY, "£300,000", "- committed to providing")

    assert funding.summary.startswith("committed to providing up to £300,000")
    assert funding.status == CommitmentStatus.ANNOUNCED
    entry = the_status_entry(funding)
    assert (entry.changed_on, entry.changed_on_precision) == (datetime.date(2024, 11, 28), "day")
    assert entry.reason == f"Announced, as reported in “{article}”."
    assert entry.citation == funding.citations.get()


def test_a_partnership_the_passage_calls_under_way_is_existing_and_in_progress(db):
    article = corpus_article("albania-returns-milestone-2023")

    partnership = drafted(article, Kind.COUNTRY, "Albanian", "have been working together")

    assert partnership.novelty == PartnershipNovelty.EXISTING
    assert partnership.status == CommitmentStatus.IN_PROGRESS
    entry = the_status_entry(partnership)
    assert entry.changed_on == datetime.date(2023, 4, 26)
    assert entry.reason == f"Under way already, as reported in “{article}”."


def test_a_partnership_the_tracker_records_already_is_not_drafted_as_new(seed_data):
    article = corpus_article("albania-returns-milestone-2023")
    passage = "have been returned since the UK-Albania joint communiqué"

    partnership = drafted(article, Kind.COUNTRY, "Albania", passage)

    # the seed records the UK–Albania partnership; the passage says nothing of a new one
    assert partnership.novelty == PartnershipNovelty.EXISTING
    assert the_status_entry(partnership).status == CommitmentStatus.IN_PROGRESS


def test_the_same_passage_without_a_recorded_partnership_is_a_new_one(db):
    article = corpus_article("albania-returns-milestone-2023")
    passage = "have been returned since the UK-Albania joint communiqué"

    partnership = drafted(article, Kind.COUNTRY, "Albania", passage)

    assert partnership.novelty == PartnershipNovelty.NEW
    assert the_status_entry(partnership).status == CommitmentStatus.ANNOUNCED


def test_a_partnership_the_passage_calls_new_is_new_though_one_is_recorded(seed_data):
    article = corpus_article("western-balkans-lammy-2025")

    partnership = drafted(article, Kind.COUNTRY, "Serbia", "New cooperation agreement")

    assert partnership.summary.startswith("New cooperation agreement with Serbia")
    assert partnership.novelty == PartnershipNovelty.NEW
    assert the_status_entry(partnership).status == CommitmentStatus.ANNOUNCED
