"""What an import file may hold: no lone surrogates or control characters, no uncited
record published; and what the admin's export writes: no formula a spreadsheet would run."""

import csv
import io
import json
import time

import pytest

from tests import factories
from tracker.models import Commitment, Publication, Quote

from .helpers import admin_url, form_data
from .test_import_export import CSV, FUNDING, JSON, confirm, report, rows_as_csv, upload, world

pytestmark = pytest.mark.django_db

__all__ = ["world"]  # the fixture, used by name


def test_a_lone_surrogate_in_a_json_file_is_refused_with_a_clear_message(editor_client, world):
    # What json.dumps writes for a string cut in the middle of an emoji: valid JSON, no text.
    content = '[{"slug": "q", "text": "x\\ud800", "speaker": "yvette-cooper"}]'

    response = upload(editor_client, Quote, content, fmt=JSON, name="quotes.json")

    assert response.status_code == 400
    (message,) = response.context["form"].errors["import_file"]
    assert "Row 1, column “text”" in message
    assert "\\ud800" in message and "Nothing was imported" in message
    assert not Quote.objects.filter(slug="q").exists()


def test_control_characters_in_a_file_are_cleaned_as_it_is_read(editor_client, world):
    content = rows_as_csv(
        {"slug": "soft-break", "text": "We will smash\x0bthe gangs\x01", "speaker": "yvette-cooper"}
    )

    dry_run = upload(editor_client, Quote, content)
    assert dry_run.status_code == 200, report(dry_run)
    confirm(editor_client, Quote, dry_run)

    assert Quote.objects.get(slug="soft-break").text == "We will smash\nthe gangs"


def test_an_import_publishes_no_record_that_nothing_cites(editor_client, world):
    cited = factories.PledgeFactory(slug="cited-pledge", publication=Publication.DRAFT)
    factories.CitationFactory(source=world, commitment=cited)
    factories.PledgeFactory(slug="uncited-pledge", publication=Publication.DRAFT)
    pledge = {"kind": "pledge", "title": "A pledge", "summary": "Words."}
    pledge["publication"] = "published"
    content = rows_as_csv(
        {**FUNDING, "publication": "published"},  # new: nothing can cite it yet
        {**pledge, "slug": "uncited-pledge"},
        {**pledge, "slug": "cited-pledge"},
    )

    response = upload(editor_client, Commitment, content)

    problems = {
        row.number: [str(e) for e in row.error_dict.get("publication", [])]
        for row in response.context["result"].invalid_rows
    }
    assert set(problems) == {1, 2}, report(response)
    for number in (1, 2):
        assert problems[number] == [
            "A published record cites at least one source article, and nothing cites this "
            "one yet: import it as a draft, then its citations, then publish it."
        ]
    assert response.context.get("confirm_form") is None
    assert not Commitment.objects.filter(slug="border-security-fund").exists()
    assert set(Commitment.objects.published().values_list("slug", flat=True)) == set()


def test_an_import_publishes_a_record_already_cited(editor_client, world):
    cited = factories.QuoteFactory(slug="cited-quote", publication=Publication.DRAFT)
    factories.CitationFactory(source=world, commitment=None, quote=cited)
    content = rows_as_csv(
        {
            "slug": "cited-quote",
            "text": cited.text,
            "speaker": cited.speaker.slug,
            "publication": "published",
        }
    )

    confirm(editor_client, Quote, upload(editor_client, Quote, content))

    assert Quote.objects.get(slug="cited-quote").publication == Publication.PUBLISHED


def test_the_admins_csv_export_neutralises_spreadsheet_formulas(editor_client, world):
    factories.QuoteFactory(slug="formula", text='=HYPERLINK("http://evil.example","Click")')
    factories.QuoteFactory(slug="at-sign", text="@SUM(1+1)*cmd|' /C calc'!A0")
    page = editor_client.get(admin_url(Quote, "export"))
    data = {**form_data(page, None, action=True), "format": CSV}

    exported = editor_client.post(admin_url(Quote, "export"), data)

    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")))}
    assert rows["formula"]["text"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert rows["at-sign"]["text"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    as_json = editor_client.post(admin_url(Quote, "export"), {**data, "format": JSON})
    texts = {row["slug"]: row["text"] for row in json.loads(as_json.content)}
    assert texts["formula"].startswith("=HYPERLINK")  # JSON is data, not a spreadsheet


def test_the_databases_checks_are_reported_row_by_row_with_their_own_messages(editor_client, world):
    funding = {**FUNDING, "period_start": "", "period_end": ""}
    content = rows_as_csv(
        funding,
        {**FUNDING, "slug": "no-currency", "currency": ""},
        {**FUNDING, "slug": "pledge-with-money", "kind": "pledge"},
        {**FUNDING, "slug": "ends-early", "period_start": "2025-01-01", "period_end": "2024-01-01"},
        {**FUNDING, "slug": "fine-too"},
    )

    response = upload(editor_client, Commitment, content)

    problems = {
        row.number: [str(e) for errors in row.error_dict.values() for e in errors]
        for row in response.context["result"].invalid_rows
    }
    assert problems == {
        2: ["A funding commitment needs an amount, a currency and a funding type."],
        3: ["Only a funding commitment has an amount."],
        4: ["The period cannot end before it starts."],
    }, report(response)
    assert response.context["result"].totals["new"] == 2  # the other rows, tried and kept apart
    assert not Commitment.objects.exists()


def test_a_job_that_died_with_its_worker_says_so_and_imported_nothing(editor_client, editor):
    from tracker.admin.import_jobs import STALLED_SECONDS, Job

    job = Job("0" * 32)
    long_ago = time.time() - STALLED_SECONDS - 1
    job.write(user=editor.pk, title="Importing quotes", rows=300, started=long_ago, done=False)

    response = editor_client.get(admin_url(Quote, "import_job", job.id), follow=True)

    assert response.redirect_chain[-1][0] == admin_url(Quote, "import")
    assert "The import stopped before it finished" in response.text
    assert not job.state_file.exists()
    assert editor_client.get(admin_url(Quote, "import_job", "not-a-job")).status_code == 404
