"""A discrepancy's version from a draft article is not public: what the draft states shows
on no public path (the record's page, its embed card, its JSON export, the API), even where
the discrepancy itself is public through a published article's version. Editors still see it
in the admin and when previewing a draft record."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests import factories
from tracker.models import Publication

pytestmark = pytest.mark.django_db

PUBLISHED_VALUE = "GBP 10 million"
DRAFTS_VALUE = "Xyzzy GBP 99 million"
NOT_YET_PUBLISHED = "According to a source not yet published here"
SHOWN_ON_CARDS = "Sources disagree"


def disputed(record, field: str, publication=Publication.PUBLISHED):
    """``record`` (a commitment's or a quote's ``field``), cited by a published article and a
    draft one, and a discrepancy with a version from each."""
    other = {"commitment": None, "quote": None, field: record}
    published = factories.CitationFactory(**other)
    draft = factories.CitationFactory(
        **other, source=factories.SourceArticleFactory(publication=Publication.DRAFT)
    )
    discrepancy = factories.DiscrepancyFactory()
    factories.DiscrepancyVersionFactory(
        discrepancy=discrepancy, citation=published, stated_value=PUBLISHED_VALUE
    )
    factories.DiscrepancyVersionFactory(
        discrepancy=discrepancy, citation=draft, stated_value=DRAFTS_VALUE
    )
    record.publication = publication
    record.save()
    return discrepancy


@pytest.fixture
def commitment():
    record = factories.PledgeFactory(publication=Publication.DRAFT)
    return record, disputed(record, "commitment")


@pytest.fixture
def quote():
    record = factories.QuoteFactory(publication=Publication.DRAFT)
    return record, disputed(record, "quote")


def public_paths(commitment, quote, discrepancy) -> dict[str, str]:
    return {
        "commitment page": commitment.get_absolute_url(),
        "quote page": quote.get_absolute_url(),
        "commitment embed": reverse("commitment-embed", args=[commitment.slug]),
        "quote embed": reverse("quote-embed", args=[quote.slug]),
        "commitment JSON": f"{commitment.get_absolute_url()}?format=json",
        "quote JSON": f"{quote.get_absolute_url()}?format=json",
        "commitments JSON": "/commitments/?format=json",
        "quotes JSON": "/quotes/?format=json",
        "API commitments": "/api/commitments",
        "API commitment": f"/api/commitments/{commitment.slug}",
        "API quotes": "/api/quotes",
        "API quote": f"/api/quotes/{quote.slug}",
        "API discrepancies": "/api/discrepancies",
        "API discrepancy": f"/api/discrepancies/{discrepancy.slug}",
    }


def test_a_draft_articles_version_shows_on_no_public_path(client, commitment, quote):
    cache.clear()
    (pledge, about_it), (said, _) = commitment, quote
    for path, url in public_paths(pledge, said, about_it).items():
        response = client.get(url)
        assert response.status_code == 200, path
        text = b"".join(
            response.streaming_content if response.streaming else [response.content]
        ).decode()
        # The discrepancy is public (an embed card says so, and links to the page).
        assert (SHOWN_ON_CARDS if "embed" in path else PUBLISHED_VALUE) in text, path
        assert DRAFTS_VALUE not in text, path
        assert NOT_YET_PUBLISHED not in text, path


def test_editors_see_it_in_the_admin_and_in_a_drafts_preview(editor_client):
    draft = factories.PledgeFactory(publication=Publication.DRAFT)
    discrepancy = disputed(draft, "commitment", publication=Publication.DRAFT)

    preview = editor_client.get(draft.get_absolute_url()).content.decode()
    assert PUBLISHED_VALUE in preview
    assert DRAFTS_VALUE in preview
    assert NOT_YET_PUBLISHED in preview
    admin = editor_client.get(reverse("admin:tracker_discrepancy_change", args=[discrepancy.pk]))
    assert DRAFTS_VALUE in admin.content.decode()
