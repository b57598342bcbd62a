"""Sources disagree in public only where a discrepancy has a version citing a record's
citation of a published article: a discrepancy that cites a commitment only through a draft
article's citation shows nowhere (its page, its list's tag, the CSV's ``sources_disagree``,
the API's discrepancies), and shows everywhere once that article is published."""

import pytest
from django.core.cache import cache

from tests import factories
from tests.exports.bulk import csv_rows
from tracker.models import Publication, SourceArticle

pytestmark = pytest.mark.django_db

SHOWN = "Sources disagree"


@pytest.fixture
def cited_by_a_draft():
    """A published pledge backed by a published article, and a discrepancy whose one
    version cites it from a draft article."""
    commitment = factories.CitationFactory().commitment
    draft = factories.SourceArticleFactory(publication=Publication.DRAFT)
    version = factories.DiscrepancyVersionFactory(
        citation=factories.CitationFactory(commitment=commitment, source=draft)
    )
    return commitment, draft, version.discrepancy


def public_disagreement(client, commitment) -> dict[str, object]:
    """What each public path says of the commitment's disagreement."""
    page = client.get(commitment.get_absolute_url()).content.decode()
    listed = client.get("/commitments/").content.decode()
    csv_row = next(
        row
        for row in csv_rows(client.get("/commitments/?format=csv"))
        if row["slug"] == commitment.slug
    )
    api = client.get("/api/commitments").json()["results"]
    return {
        "page": SHOWN in page,
        "list": SHOWN in listed,
        "csv": csv_row["sources_disagree"],
        "api": [d["slug"] for r in api if r["slug"] == commitment.slug for d in r["discrepancies"]],
        "api_detail": [
            d["slug"]
            for d in client.get(f"/api/commitments/{commitment.slug}").json()["discrepancies"]
        ],
    }


def test_a_discrepancy_citing_a_commitment_only_from_a_draft_shows_nowhere(
    client, cited_by_a_draft
):
    commitment, draft, discrepancy = cited_by_a_draft
    nowhere = {"page": False, "list": False, "csv": "false", "api": [], "api_detail": []}
    assert public_disagreement(client, commitment) == nowhere

    SourceArticle.objects.filter(pk=draft.pk).update(publication=Publication.PUBLISHED)
    everywhere = {
        "page": True,
        "list": True,
        "csv": "true",
        "api": [discrepancy.slug],
        "api_detail": [discrepancy.slug],
    }
    assert public_disagreement(client, commitment) == everywhere

    draft.publication = Publication.DRAFT  # back to draft, as the admin saves it
    draft.save()
    assert public_disagreement(client, commitment) == nowhere


def test_the_apis_discrepancies_name_none_known_only_from_a_draft(client, cited_by_a_draft):
    """The API's discrepancies list and page, like the commitment's own, say nothing of a
    discrepancy whose only version citing a published record cites it from a draft article
    (its subject and the draft's stated value are the draft article's), until it is published."""
    _, draft, discrepancy = cited_by_a_draft
    listed = [row["slug"] for row in client.get("/api/discrepancies").json()["results"]]
    assert discrepancy.slug not in listed
    assert client.get(f"/api/discrepancies/{discrepancy.slug}").status_code == 404

    SourceArticle.objects.filter(pk=draft.pk).update(publication=Publication.PUBLISHED)
    # A test's writes on PostgreSQL share one data version (its transaction's time): the
    # list's count is forgotten as after an edit.
    cache.clear()
    listed = [row["slug"] for row in client.get("/api/discrepancies").json()["results"]]
    assert listed == [discrepancy.slug]
    assert client.get(f"/api/discrepancies/{discrepancy.slug}").status_code == 200
