"""A long export tells the server's worker, chunk by chunk (the CSV) or record by record
(the JSON, whose chunks are megabytes), that it is making progress (tracker.progress), so
that gunicorn's timeout cuts short only a stuck worker."""

import pytest

from tests import factories
from tests.exports.bulk import body, bulk_commitments
from tracker import export_rows, progress


@pytest.fixture
def beats(monkeypatch):
    heard = []
    monkeypatch.setattr(progress, "_heartbeat", lambda: heard.append(len(heard)))
    return heard


@pytest.mark.parametrize(
    "address, chunks",
    [
        ("/commitments/?format=csv", 30),  # 60 rows, 2 a chunk
        ("/commitments/?format=json", 60),  # 60 records, a beat after each
        ("/quotes/?format=csv", 2),  # 3 rows
    ],
)
def test_an_export_beats_after_every_chunk_it_writes(
    client, db, monkeypatch, beats, address, chunks
):
    bulk_commitments()
    factories.QuoteFactory.create_batch(3)
    monkeypatch.setattr(export_rows, "CHUNK", 2)
    response = client.get(address)
    assert beats == []  # nothing yet: the body is written as it is read
    assert body(response)
    assert len(beats) == chunks


def test_without_a_server_to_tell_progress_is_nothing(monkeypatch):
    monkeypatch.setattr(progress, "_heartbeat", None)
    progress.made_progress()  # no error, no effect
