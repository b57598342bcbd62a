"""A large file is checked and imported in the background, with a progress page; a file of
10,000 records completes, all or nothing, with the editor's name in the history."""

import os
import threading
import time

import pytest
from django.test import Client

from tests import factories
from tests.parallel import in_parallel
from tests.plans import postgresql_only
from tracker.models import Commitment, Publication, Quote

from .helpers import admin_url, form_data, make_editor
from .test_import_export import report, rows_as_csv, upload

# The job runs in a thread with a connection of its own: it sees only committed data.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROWS = int(os.environ.get("IMPORT_ROWS", "10000"))
# How long a test waits for a job: 10,000 funding rows took over ten minutes on a
# loaded two-core machine (PostgreSQL).
JOB_TIMEOUT = 3600


def funding_rows(count: int) -> str:
    return rows_as_csv(
        *(
            {
                "slug": f"imported-fund-{i:05d}",
                "kind": "funding",
                "title": f"£{i} million for border security",
                "summary": "Money for border security over two years.",
                "amount_minor": str(100_000_000 * (i + 1)),
                "currency": "GBP",
                "funding_type": "new",
                "funder": "home-office",
                "organisations": "home-office|border-force",
                "announcement": "budapest-package",
                "publication": "draft",
            }
            for i in range(count)
        )
    )


def quote_rows(count: int) -> str:
    return rows_as_csv(
        *(
            {
                "slug": f"imported-quote-{i:05d}",
                "text": f"We will smash the gangs, number {i}.",
                "speaker": "yvette-cooper",
                "said_on": "2024-11-07",
                "countries": "serbia|kosovo",
                "publication": "draft",
            }
            for i in range(count)
        )
    )


@pytest.fixture
def named(db):
    factories.PersonFactory(slug="yvette-cooper", name="Yvette Cooper")
    factories.OrganisationFactory(slug="home-office", name="Home Office")
    factories.OrganisationFactory(slug="border-force", name="Border Force")
    factories.AnnouncementFactory(slug="budapest-package")


def finished(client, started):
    """The job's page once its thread is done (the test waits instead of reloading)."""
    assert started.status_code == 302, report(started)
    follow = started["Location"]
    assert "/import/job/" in follow
    for thread in threading.enumerate():
        if thread.name.startswith("import-"):
            thread.join(JOB_TIMEOUT)
    return client.get(follow)


def confirm_in_background(client, model, preview):
    """Press “Confirm import” on a preview that a job produced (a stored page)."""
    assert "Confirm import" in preview.text, preview.text[-3000:]
    data = form_data(preview, None, action=True)
    return finished(client, client.post(admin_url(model, "process_import"), data))


def test_a_large_file_is_checked_then_imported_in_the_background(
    editor_client, editor, named, settings
):
    settings.IMPORT_IN_BACKGROUND_BYTES = 0  # every file counts as large here

    started = upload(editor_client, Quote, quote_rows(3))
    preview = finished(editor_client, started)

    assert preview.status_code == 200
    assert "Preview: nothing has been saved yet" in preview.text
    assert "3 to add" in preview.text
    assert not Quote.objects.filter(slug__startswith="imported-").exists()

    done = confirm_in_background(editor_client, Quote, preview)

    assert done.status_code == 302 and done["Location"] == admin_url(Quote, "changelist")
    listing = editor_client.get(done["Location"])
    assert "Imported quotes: 3 added." in listing.text
    assert Quote.objects.filter(slug__startswith="imported-").count() == 3
    assert Quote.history.filter(slug="imported-quote-00000").get().history_user == editor


def test_a_job_shows_its_progress_and_is_only_for_its_editor(
    editor_client, named, settings, django_user_model
):
    settings.IMPORT_IN_BACKGROUND_BYTES = 0
    hold = threading.Event()
    from tracker.admin import import_jobs

    real_init = import_jobs.Progress.__init__

    def held_init(progress, *args):
        real_init(progress, *args)
        # Before the job touches the database: SQLite's in-memory test database locks
        # whole tables between connections, which a file in WAL mode does not.
        hold.wait(30)

    import_jobs.Progress.__init__ = held_init
    try:
        started = upload(editor_client, Quote, quote_rows(2))
        progress = editor_client.get(started["Location"])
        other = Client()
        other.force_login(make_editor(django_user_model, "other"))
        strangers = other.get(started["Location"]).status_code
    finally:
        hold.set()
        import_jobs.Progress.__init__ = real_init
    result = finished(editor_client, started)

    assert progress.status_code == 200 and progress["Refresh"]
    assert "done so far" in progress.text
    assert strangers == 404
    assert result.status_code == 200 and "2 to add" in result.text
    assert editor_client.get(started["Location"]).status_code == 404  # shown once


@pytest.mark.slow
@pytest.mark.parametrize(
    ("model", "rows"), [(Commitment, funding_rows), (Quote, quote_rows)], ids=["funding", "quotes"]
)
def test_ten_thousand_rows_are_previewed_and_imported(editor_client, editor, named, model, rows):
    content = rows(ROWS)

    began = time.perf_counter()
    started = upload(editor_client, model, content)
    answered = time.perf_counter() - began
    preview = finished(editor_client, started)
    previewed = time.perf_counter()
    assert preview.status_code == 200
    assert f"{ROWS} to add" in preview.text
    done = confirm_in_background(editor_client, model, preview)
    imported = time.perf_counter()

    assert done.status_code == 302 and done["Location"] == admin_url(model, "changelist")
    assert model.objects.filter(slug__startswith="imported-").count() == ROWS
    latest = model.history.filter(slug__startswith="imported-").first()
    assert latest.history_user == editor
    assert answered < 5  # the upload's own request answers at once
    print(
        f"\n{model.__name__} × {ROWS}: preview {previewed - began:.1f} s, "
        f"import {imported - previewed:.1f} s"
    )


@pytest.mark.parametrize("withdrawn_first", [False, True], ids=["import-first", "withdrawn-first"])
def test_a_file_counting_at_its_end_while_an_editor_withdraws_its_record_counts_right(
    editor, monkeypatch, withdrawn_first
):
    """PostgreSQL, two connections: a file that counts at its end (its rows' links take no
    lock, migration 0027) adds an organisation to a published commitment while an editor
    withdraws that commitment, in either order. The file saves the commitment it links,
    holding it, so the one waits for the other and the organisation counts the commitment
    exactly when it is published and names it."""
    postgresql_only()
    monkeypatch.setattr("tracker.resources.base.COUNT_AT_THE_END_ABOVE", 2)
    agency = factories.OrganisationFactory(slug="agency")
    commitment = factories.CitationFactory().commitment  # published, with its source
    rows = [
        {
            "slug": slug,
            "kind": "pledge",
            "title": f"Pledge {slug}",
            "summary": "Words.",
            "organisations": "agency",
            "publication": "draft",
        }
        for slug in ("other-1", "other-2")
    ]
    rows.append({**rows[0], "slug": commitment.slug, "publication": "published"})
    importing = Client()
    importing.force_login(editor)

    def import_the_file():
        preview = upload(importing, Commitment, rows_as_csv(*rows))
        assert preview.context.get("confirm_form") is not None, report(preview)
        importing.post(
            admin_url(Commitment, "process_import"), form_data(preview, None, action=True)
        )

    def withdraw():
        Commitment.objects.filter(pk=commitment.pk).update(publication=Publication.DRAFT)

    in_parallel(*((withdraw, import_the_file) if withdrawn_first else (import_the_file, withdraw)))
    agency.refresh_from_db()
    named = Commitment.objects.filter(organisations=agency, publication=Publication.PUBLISHED)
    assert agency.commitment_count == named.count()
    assert Commitment.objects.get(pk=commitment.pk).organisations.get() == agency
