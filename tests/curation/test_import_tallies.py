"""An import adds its commitments' tally differences once, at its end (``defer_tallies``):
on PostgreSQL the tallies stay as they were until the import's last step, then equal those
counted afresh; SQLite counts row by row."""

import pytest
from django.db import connection

from tests import factories
from tests.models.test_commitment_tallies_deferred import (
    assert_kept_as_counted_afresh,
    every_kept_row,
)
from tracker.models import Commitment
from tracker.resources import base

from .test_import_export import confirm, rows_as_csv, upload


@pytest.mark.django_db
def test_an_import_adds_its_tallies_at_its_end(editor_client, monkeypatch):
    published = [factories.CitationFactory().commitment for _ in range(3)]
    before = every_kept_row()
    rows = [
        {
            "slug": commitment.slug,
            "kind": "pledge",
            "title": commitment.title,
            "summary": commitment.summary,
            "announced_on": "2023-03-05",
            "publication": "published",
        }
        for commitment in published
    ]
    at_the_last_step = []
    add_deferred_tallies = base.add_deferred_tallies

    def adding():
        at_the_last_step.append(every_kept_row() == before)
        add_deferred_tallies()

    monkeypatch.setattr(base, "add_deferred_tallies", adding)
    preview = upload(editor_client, Commitment, rows_as_csv(*rows))
    assert confirm(editor_client, Commitment, preview).status_code == 302

    # The preview's (rolled back), then the import's.
    assert at_the_last_step == [connection.vendor == "postgresql"] * 2
    assert Commitment.objects.filter(announced_on__year=2023).count() == 3
    assert every_kept_row() != before
    assert_kept_as_counted_afresh()
