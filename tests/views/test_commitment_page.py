"""A commitment's page reads its discrepancies and its linked money only where its row says
it has some (``Commitment.objects.with_page_flags()``)."""

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factories
from tracker.models import Commitment, Discrepancy, Publication, Quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitments() -> dict[str, Commitment]:
    total = factories.FundingCommitmentFactory(slug="total")
    added = factories.FundingCommitmentFactory(slug="added", adds_to=total)
    factories.FundingCommitmentFactory(slug="inside", included_in=total)
    lone = factories.FundingCommitmentFactory(slug="lone")
    drafted = factories.FundingCommitmentFactory(slug="drafted")
    factories.FundingCommitmentFactory(
        slug="draft-addition", adds_to=drafted, publication=Publication.DRAFT
    )
    disputed = factories.PledgeFactory(slug="disputed")
    factories.DiscrepancyVersionFactory(citation=factories.CitationFactory(commitment=disputed))
    factories.CitationFactory(commitment=lone)  # cited, undisputed
    return {c.slug: c for c in (total, added, lone, drafted, disputed)}


def test_the_flags_say_what_the_queries_would_find(commitments):
    flagged = Commitment.objects.published().with_page_flags()
    assert len(flagged) == 6
    for commitment in flagged:
        linked = Commitment.objects.published().linked_to(commitment).exists()
        assert commitment.has_linked_money == linked, commitment.slug
        found = bool(Discrepancy.objects.about_with_versions(commitment))
        assert commitment.disputed == found, commitment.slug
    assert {c.slug for c in flagged if c.has_linked_money} == {"total"}
    assert {c.slug for c in flagged if c.disputed} == {"disputed"}


def test_each_is_a_query_only_where_there_is_some(client, commitments):
    def queries(slug: str) -> int:
        client.get(f"/commitments/{slug}/")  # what is remembered per data version
        with CaptureQueriesContext(connection) as read:
            assert client.get(f"/commitments/{slug}/").status_code == 200
        return len(read)

    # "total" has linked money, "disputed" a discrepancy (and, a pledge, no money to link);
    # "drafted" has only a draft added to it.
    assert queries("lone") == queries("total") - 1 == queries("drafted")
    assert queries("disputed") == queries("lone") + 1
    html = client.get("/commitments/total/").content.decode()
    assert "Linked money" in html and "/commitments/added/" in html
    assert "Sources disagree" in client.get("/commitments/disputed/").content.decode()
    assert "draft-addition" not in client.get("/commitments/drafted/").content.decode()


def test_each_page_reads_its_own_commitment_and_quotes_drafts_never(editor_client, monkeypatch):
    """The page's query is compiled once per process (``preview.get_by_slug_or_404``) and
    bound to each address: each commitment's page shows its own title and its own
    announcement's quotes; a draft is a 404 to the public, and its editor's preview."""
    pages = {}
    for word in ("Kestrel", "Osprey"):
        said = factories.AnnouncementFactory(title=f"{word} announcement")
        factories.QuoteFactory(text=f"{word} words", announcement=said)
        factories.QuoteFactory(text=f"{word} draft words", announcement=said,
                               publication=Publication.DRAFT)  # fmt: skip
        pages[word] = factories.PledgeFactory(title=f"{word} pledge", announcement=said)
    factories.PledgeFactory(slug="kept-back", title="Kept back", publication=Publication.DRAFT)
    client = Client()  # the public's (``editor_client`` is signed in)
    for word, other in (("Kestrel", "Osprey"), ("Osprey", "Kestrel")):
        html = client.get(pages[word].get_absolute_url()).content.decode()
        assert f"{word} pledge" in html and f"{word} words" in html
        assert other not in html and "draft words" not in html
    assert client.get("/commitments/kept-back/").status_code == 404
    # A third page of the same shape compiles only its prefetches' SQL.
    third = factories.PledgeFactory(announcement=factories.AnnouncementFactory())
    compiled = []
    as_sql = SQLCompiler.as_sql
    monkeypatch.setattr(
        SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(self) or as_sql(self, *a, **k)
    )
    assert client.get(third.get_absolute_url()).status_code == 200
    compiled_models = {compiler.query.model for compiler in compiled}
    assert compiled_models and not compiled_models & {Commitment, Quote}
    monkeypatch.undo()
    assert "Kept back" in editor_client.get("/commitments/kept-back/").content.decode()


def test_a_page_reads_its_relations_by_key_not_by_djangos_prefetch(client, prefetched):
    """Django's prefetch built and compiled each relation's query for every page; the page
    reads a commitment's parties, organisations and status history by key, their SQL
    compiled once per process (``search_related.read_with_related``), and shows them."""
    pages = {}
    for word, country in (("Kestrel", "RS"), ("Osprey", "AL")):
        pledge = factories.PledgeFactory(title=f"{word} pledge")
        factories.CommitmentPartyFactory(commitment=pledge, country_id=country)
        pledge.organisations.add(factories.OrganisationFactory(name=f"{word} Agency"))
        factories.StatusChangeFactory(commitment=pledge, reason=f"{word} reason")
        pages[word] = pledge
    client.get(pages["Kestrel"].get_absolute_url())  # what is remembered per process
    prefetched.clear()
    html = client.get(pages["Osprey"].get_absolute_url()).content.decode()
    assert prefetched == ["citations"]  # filtered to published articles: Django's prefetch
    assert "Osprey Agency" in html and "Albania" in html and "Osprey reason" in html
    assert "Kestrel Agency" not in html and "Kestrel reason" not in html
    assert 'href="/countries/albania/"' in html and 'href="/countries/serbia/"' not in html
