"""``published()`` drops joined relations to drafts as it builds each record, and no more."""

import pytest

from tests.publication.conftest import HIDDEN, Leaky
from tracker.models import Commitment, Publication, Quote

pytestmark = pytest.mark.django_db


def test_published_reads_joined_drafts_as_none_and_keeps_their_keys(leaky: Leaky):
    funding = Commitment.objects.published().for_detail().get(pk=leaky.funding.pk)
    assert (funding.announcement, funding.included_in) == (None, None)
    assert funding.announcement_id == leaky.draft_announcement.pk
    assert funding.included_in_id == leaky.draft_total.pk


def test_a_record_read_for_the_public_and_saved_keeps_its_links(leaky: Leaky):
    """Only the cached object is dropped: a save must not unlink the draft."""
    quote = Quote.objects.published().for_detail().get(pk=leaky.quote.pk)
    quote.context = "ahead of the meeting"
    quote.save()
    assert Quote.objects.get(pk=leaky.quote.pk).announcement == leaky.draft_announcement


def test_published_relations_are_kept_and_other_querysets_see_drafts(leaky: Leaky):
    leaky.draft_announcement.publication = Publication.PUBLISHED
    leaky.draft_announcement.save()
    funding = Commitment.objects.published().for_detail().get(pk=leaky.funding.pk)
    assert funding.announcement == leaky.draft_announcement
    assert funding.announcement.event.slug == f"{HIDDEN}-summit"
    assert funding.included_in is None  # still a draft
    assert Commitment.objects.for_detail().get(pk=leaky.funding.pk).included_in is not None


def test_values_are_left_as_they_are(leaky: Leaky):
    row = Commitment.objects.published().values("slug", "included_in").get(pk=leaky.funding.pk)
    assert row == {"slug": leaky.funding.slug, "included_in": leaky.draft_total.pk}


def test_an_editor_sees_a_published_page_as_the_public_does(editor_client, leaky: Leaky):
    """The page may be kept for everyone: an editor's view of it shows no draft either."""
    html = editor_client.get(leaky.funding.get_absolute_url()).content.decode()
    assert HIDDEN not in html.lower()
