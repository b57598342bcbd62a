"""On PostgreSQL a quote's statement holds its speaker before it writes the quote's country
rows, as a speaker's rename does: quote, then speaker, then rows, whoever writes.

A quote whose copied keys changed (published, its date, its speaker) wrote its country rows
again (migration 0024's row trigger), then, at the statement's end, counted its speaker's
quotes again (migration 0025), holding the speaker. A rename held the speaker first, then
wrote the rows of the speaker's quotes. Two editors at once each waited for the other, and
PostgreSQL aborted one of them. The quote's row trigger now locks its speakers (before and
after, in key order, ``FOR NO KEY UPDATE`` as the count's own update does) first.

And a country row inserted reads its quote's speaker ``FOR SHARE`` (as it reads the quote,
migration 0027), so a rename meanwhile waits for it, or it for the rename, and the row copies
the name as committed: it kept the old name, which the rename's trigger could not see to
write again (the ties of the country's quotes sorted by speaker are ordered by it).
SQLite writes one transaction at a time: nothing to do there.
"""

import importlib

from django.db import migrations

COUNTRY_ROWS = importlib.import_module("tracker.migrations.0024_country_rows_sort_keys")
ROWS_FOLLOW = importlib.import_module("tracker.migrations.0027_rows_follow_their_records")
QUOTES = COUNTRY_ROWS.QUOTES

SHARE_FUNCTION = f"{QUOTES.record}_share_country_sort_keys"


def _share_function(hold_speakers: bool) -> str:
    """Migration 0024's row trigger function of the quotes, holding their speakers first."""
    holds = (
        "    PERFORM 1 FROM tracker_person WHERE id IN (OLD.speaker_id, NEW.speaker_id) "
        "ORDER BY id FOR NO KEY UPDATE;\n"
        if hold_speakers
        else ""
    )
    return f"""
CREATE OR REPLACE FUNCTION {SHARE_FUNCTION}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
{holds}    -- Written again, each row copies the keys (its trigger above).
    UPDATE {QUOTES.table} SET {QUOTES.key} = NEW.id WHERE {QUOTES.key} = NEW.id;
    RETURN NULL;
END $$;
"""


def _copy_function() -> str:
    """Migration 0027's copy of a quote's keys into its row, reading the quote's speaker
    ``FOR SHARE`` after the quote when the row is inserted."""
    return f"""
CREATE OR REPLACE FUNCTION {QUOTES.table}_copy_sort_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM 1 FROM {QUOTES.record} WHERE id = NEW.{QUOTES.key} FOR SHARE;
        PERFORM 1 FROM tracker_person
        WHERE id = (SELECT speaker_id FROM {QUOTES.record} WHERE id = NEW.{QUOTES.key})
        FOR SHARE;
    END IF;
    SELECT {QUOTES.values} INTO {", ".join(f"NEW.{column}" for column in QUOTES.copies)}
    FROM {QUOTES.source} WHERE r.id = NEW.{QUOTES.key};
    RETURN NEW;
END $$;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_share_function(hold_speakers=True))
        schema_editor.execute(_copy_function())


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_share_function(hold_speakers=False))
        schema_editor.execute(ROWS_FOLLOW._copy_function(QUOTES, lock=True))


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0030_sources_disagree_in_public"),
    ]

    operations = [migrations.RunPython(install, remove)]
