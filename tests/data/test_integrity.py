"""Issue 12: `verify_citations` (run by `make check`) passes on the seed and fails, naming
the record, on a copy broken so that a published fact shows without a source."""

import io

import pytest
from django.core.management import CommandError, call_command

from tracker.models import Event, Publication, Quote, Role, SourceArticle

pytestmark = pytest.mark.django_db


def verify() -> str:
    """Run the check; return what it reported on stderr, or raise if it passed."""
    errors = io.StringIO()
    with pytest.raises(CommandError, match="without a source"):
        call_command("verify_citations", stdout=io.StringIO(), stderr=errors)
    return errors.getvalue()


def test_passes_on_the_seed(seed_data):
    out = io.StringIO()
    call_command("verify_citations", stdout=out, stderr=io.StringIO())
    assert "every published fact has a source" in out.getvalue()


def test_fails_on_a_role_without_a_source(seed_data):
    Role.objects.filter(title="Home Secretary").update(citation=None, background_reference="")
    assert "Role “Home Secretary, Yvette Cooper”" in verify()


def test_fails_on_a_role_cited_only_from_a_draft_article(seed_data):
    role = Role.objects.get(title="Prime Minister")
    Role.objects.filter(pk=role.pk).update(background_reference="")
    SourceArticle.objects.filter(pk=role.citation.source_id).update(publication=Publication.DRAFT)
    assert "Role “Prime Minister, Keir Starmer”" in verify()


def test_fails_on_a_quote_placed_at_an_event_its_resolution_says_it_preceded(seed_data):
    epc = Event.objects.get(slug="epc-budapest-2024")
    Quote.objects.filter(slug="starmer-criminal-empire").update(event=epc)
    report = verify()
    assert "Quote starmer-criminal-empire names “European Political Community meeting" in report
    assert "“Ahead of the EPC meeting”" in report


def test_fails_on_published_records_whose_sources_are_all_drafts(seed_data):
    SourceArticle.objects.update(publication=Publication.DRAFT)
    report = verify()
    assert "commitment “Border Security Command funding doubled to £150 million”" in report
    assert "quote “Keir Starmer: “There is a criminal empire" in report
    assert report.count("no published article backs it") == 2 + 10 + 6 + 11


def test_a_draft_record_without_sources_is_no_problem(seed_data):
    quote = Quote.objects.get(slug="starmer-backed-by-border-security-command")
    quote.citations.all().delete()
    Quote.objects.filter(pk=quote.pk).update(publication=Publication.DRAFT)
    call_command("verify_citations", stdout=io.StringIO(), stderr=io.StringIO())
