"""The editors' ways of writing announcements, quotes and their countries (the admin's
forms, import files, restoring a version from history) leave each country row holding its
record's sort keys (tracker/models/country_rows.py, migration 0024): the database copies
them, whatever the form held."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from tests.models.test_country_row_sort_keys import (
    assert_announcement_copies_right,
    assert_quote_copies_right,
    quote_copies,
)
from tracker.models import Announcement, Publication, Quote

from .helpers import admin_url, form_data

pytestmark = pytest.mark.django_db


def edit(client, record, **changes):
    """Open the record's change page as an editor would, change fields, save."""
    page = client.get(admin_url(type(record), "change", record.pk))
    data = form_data(page, f"{record._meta.model_name}_form")
    data.update(changes)
    response = client.post(admin_url(type(record), "change", record.pk), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


def test_an_announcement_edited_in_the_admin_copies_its_keys_to_its_countries(editor_client):
    announcement = factories.AnnouncementFactory(publication=Publication.DRAFT)
    announcement.countries.set(["RS"])
    edit(
        editor_client,
        announcement,
        title="Edited in the admin",
        announced_on="2023-04-05",
        countries=["AL", "XK"],
    )
    assert_announcement_copies_right(announcement, ["AL", "XK"])
    announcement.refresh_from_db()
    assert announcement.title == "Edited in the admin"


def test_a_speaker_renamed_in_the_admin_renames_their_quotes_rows(editor_client):
    quote = factories.QuoteFactory()
    quote.countries.set(["RS"])
    edit(editor_client, quote.speaker, name="Renamed Minister")
    assert quote_copies(quote)["RS"]["quote_speaker_name"] == "Renamed Minister"


def test_an_imported_quote_with_countries_holds_its_keys_in_its_rows(editor_client):
    factories.PersonFactory(slug="yvette-cooper", name="Yvette Cooper")
    content = json.dumps(
        [
            {
                "slug": "imported-words",
                "text": "We will work together against the gangs,",
                "speaker": "yvette-cooper",
                "said_on": "2024-11-07",
                "countries": "serbia|kosovo",
                "publication": "draft",
            }
        ]
    )
    dry_run = editor_client.post(
        admin_url(Quote, "import"),
        {"format": "1", "import_file": SimpleUploadedFile("quotes.json", content.encode())},
    )
    editor_client.post(admin_url(Quote, "process_import"), form_data(dry_run, None, action=True))

    quote = Quote.objects.get(slug="imported-words")
    assert_quote_copies_right(quote, ["RS", "XK"])
    assert quote_copies(quote)["XK"]["quote_said_on"] == datetime.date(2024, 11, 7)
    assert quote_copies(quote)["XK"]["quote_speaker_name"] == "Yvette Cooper"


def test_restoring_an_announcements_version_restores_its_rows_copies(editor_client):
    announcement = factories.AnnouncementFactory(
        title="The first title", publication=Publication.DRAFT
    )
    announcement.countries.set(["RS"])
    first = announcement.history.first()
    edit(editor_client, announcement, title="A wrong title", announced_on="2001-01-01")
    assert_announcement_copies_right(announcement, ["RS"])

    version_page = editor_client.get(
        admin_url(Announcement, "simple_history", announcement.pk, first.pk)
    )
    response = editor_client.post(
        admin_url(Announcement, "simple_history", announcement.pk, first.pk),
        form_data(version_page, "announcement_form"),
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    announcement.refresh_from_db()
    assert announcement.title == "The first title"
    assert_announcement_copies_right(announcement, ["RS"])
