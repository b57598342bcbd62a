"""Each row tying an announcement or a quote to a country holds a copy of its record's sort
keys, and a country's published announcements and quotes are indexed in the order of each
sort of their lists (tracker/models/country_rows.py).

The rows are the tables of ``Announcement.countries`` and ``Quote.countries``, which Django
created and writes; ``AnnouncementCountry`` and ``QuoteCountry`` are unmanaged models of
them, so this migration adds the columns and indexes itself.

The database keeps the copies right, whatever writes (the admin, ``add()``/``set()``,
``QuerySet.update()``, a history revert, fixtures, imports, raw SQL): a row takes its
record's keys when it is written, and a record that changes a key writes its rows again (a
person renamed, the rows of their quotes). On PostgreSQL a BEFORE trigger on the row sets
them and AFTER UPDATE triggers on the record (and the person) touch its rows; on SQLite
(which cannot set a row's values before writing it) AFTER triggers copy them into the
written row. Existing rows are filled here.

On SQLite, a later migration that remakes one of these tables, or the records' or people's,
drops its triggers (and remaking a row table drops the copies' columns, which Django does
not know of): create them again there, as migration 0016 does for the data-version
triggers (``test_country_row_sort_keys.py`` fails otherwise).
"""

from dataclasses import dataclass

from django.db import migrations, models

import tracker.models.publishing


@dataclass(frozen=True)
class Copied:
    """The rows of ``table`` (``key``: their record's column) and what they copy."""

    table: str
    key: str
    record: str
    # The record ``r`` (and whatever it is joined to) the values are read from.
    source: str
    # Each copied column and what it copies.
    copies: dict
    # The record's columns the copies come from.
    sources: tuple

    @property
    def columns(self) -> str:
        return ", ".join(self.copies)

    @property
    def values(self) -> str:
        return ", ".join(self.copies.values())

    def changed(self, differs: str) -> str:
        """Whether any source column changed, NULLs compared as values."""
        return " OR ".join(f"OLD.{column} {differs} NEW.{column}" for column in self.sources)


ANNOUNCEMENTS = Copied(
    table="tracker_announcement_countries",
    key="announcement_id",
    record="tracker_announcement",
    source="tracker_announcement r",
    copies={
        "announcement_published": "r.publication = 'published'",
        "announcement_announced_on": "r.announced_on",
        "announcement_title": "r.title",
    },
    sources=("publication", "announced_on", "title"),
)
QUOTES = Copied(
    table="tracker_quote_countries",
    key="quote_id",
    record="tracker_quote",
    source="tracker_quote r JOIN tracker_person s ON s.id = r.speaker_id",
    copies={
        "quote_published": "r.publication = 'published'",
        "quote_said_on": "r.said_on",
        "quote_speaker_name": "s.name",
    },
    sources=("publication", "said_on", "speaker_id"),
)
# A quote's rows copy its speaker's name: the rows of a renamed person's quotes.
OF_A_SPEAKER = "quote_id IN (SELECT id FROM tracker_quote WHERE speaker_id = NEW.id)"


def postgresql_install(copied: Copied) -> str:
    return f"""
CREATE FUNCTION {copied.table}_copy_sort_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT {copied.values} INTO {", ".join(f"NEW.{column}" for column in copied.copies)}
    FROM {copied.source} WHERE r.id = NEW.{copied.key};
    RETURN NEW;
END $$;
CREATE TRIGGER {copied.table}_sort_keys
    BEFORE INSERT OR UPDATE ON {copied.table}
    FOR EACH ROW EXECUTE FUNCTION {copied.table}_copy_sort_keys();
CREATE FUNCTION {copied.record}_share_country_sort_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Written again, each row copies the keys (its trigger above).
    UPDATE {copied.table} SET {copied.key} = NEW.id WHERE {copied.key} = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER {copied.record}_country_sort_keys
    AFTER UPDATE OF {", ".join(copied.sources)} ON {copied.record}
    FOR EACH ROW WHEN ({copied.changed("IS DISTINCT FROM")})
    EXECUTE FUNCTION {copied.record}_share_country_sort_keys();
"""


def postgresql_remove(copied: Copied) -> str:
    return f"""
DROP TRIGGER IF EXISTS {copied.record}_country_sort_keys ON {copied.record};
DROP FUNCTION IF EXISTS {copied.record}_share_country_sort_keys();
DROP TRIGGER IF EXISTS {copied.table}_sort_keys ON {copied.table};
DROP FUNCTION IF EXISTS {copied.table}_copy_sort_keys();
"""


POSTGRESQL_SPEAKER_INSTALL = f"""
CREATE FUNCTION tracker_person_share_quote_sort_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tracker_quote_countries SET quote_id = quote_id WHERE {OF_A_SPEAKER};
    RETURN NULL;
END $$;
CREATE TRIGGER tracker_person_quote_sort_keys
    AFTER UPDATE OF name ON tracker_person
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION tracker_person_share_quote_sort_keys();
"""
POSTGRESQL_SPEAKER_REMOVE = """
DROP TRIGGER IF EXISTS tracker_person_quote_sort_keys ON tracker_person;
DROP FUNCTION IF EXISTS tracker_person_share_quote_sort_keys();
"""


def _sqlite_copy(copied: Copied, which: str) -> str:
    return (
        f"UPDATE {copied.table} SET ({copied.columns}) = "
        f"(SELECT {copied.values} FROM {copied.source} WHERE r.id = {copied.table}.{copied.key}) "
        f"WHERE {which};"
    )


# SQLite: the written row is updated after it is written. An UPDATE made by a trigger does
# not fire that trigger again (recursive triggers are off, SQLite's default).
def sqlite_install(copied: Copied) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {copied.table}_sort_keys_insert "
        f"AFTER INSERT ON {copied.table} BEGIN {_sqlite_copy(copied, 'id = NEW.id')} END",
        f"CREATE TRIGGER IF NOT EXISTS {copied.table}_sort_keys_update "
        f"AFTER UPDATE ON {copied.table} BEGIN {_sqlite_copy(copied, 'id = NEW.id')} END",
        f"CREATE TRIGGER IF NOT EXISTS {copied.record}_country_sort_keys "
        f"AFTER UPDATE OF {', '.join(copied.sources)} ON {copied.record} "
        f"WHEN {copied.changed('IS NOT')} BEGIN "
        f"{_sqlite_copy(copied, f'{copied.key} = NEW.id')} END",
    ]


def sqlite_remove(copied: Copied) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {copied.table}_sort_keys_insert",
        f"DROP TRIGGER IF EXISTS {copied.table}_sort_keys_update",
        f"DROP TRIGGER IF EXISTS {copied.record}_country_sort_keys",
    ]


SQLITE_SPEAKER_INSTALL = (
    "CREATE TRIGGER IF NOT EXISTS tracker_person_quote_sort_keys "
    "AFTER UPDATE OF name ON tracker_person WHEN OLD.name IS NOT NEW.name BEGIN "
    f"{_sqlite_copy(QUOTES, OF_A_SPEAKER)} END"
)
SQLITE_SPEAKER_REMOVE = "DROP TRIGGER IF EXISTS tracker_person_quote_sort_keys"


def postgresql_fill(copied: Copied) -> str:
    """Existing rows in one statement: a join, where a trigger or a subquery per row take
    far longer at 1,000,000 commitments."""
    return (
        f"UPDATE {copied.table} x SET ({copied.columns}) = ({copied.values}) "
        f"FROM {copied.source} WHERE r.id = x.{copied.key}"
    )


def sort_index(name, record, *keys):
    return tracker.models.publishing.SortIndex(
        models.F("country"),
        *keys,
        models.F(record),
        condition=models.Q((f"{record}_published", True)),
        name=name,
    )


INDEXES = {
    "AnnouncementCountry": [
        sort_index(
            "announcementcountry_newest_idx",
            "announcement",
            models.OrderBy(models.F("announcement_announced_on"), descending=True, nulls_last=True),
            models.F("announcement_title"),
        ),
        sort_index(
            "announcementcountry_oldest_idx",
            "announcement",
            models.OrderBy(models.F("announcement_announced_on"), nulls_last=True),
            models.F("announcement_title"),
        ),
        sort_index(
            "announcementcountry_title_idx", "announcement", models.F("announcement_title")
        ),
    ],
    "QuoteCountry": [
        sort_index(
            "quotecountry_newest_idx",
            "quote",
            models.OrderBy(models.F("quote_said_on"), descending=True, nulls_last=True),
            models.F("quote_speaker_name"),
        ),
        sort_index(
            "quotecountry_oldest_idx",
            "quote",
            models.OrderBy(models.F("quote_said_on"), nulls_last=True),
            models.F("quote_speaker_name"),
        ),
    ],
}
COPIED = {"AnnouncementCountry": ANNOUNCEMENTS, "QuoteCountry": QUOTES}


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, copied in COPIED.items():
        model = apps.get_model("tracker", name)
        for column in copied.copies:
            schema_editor.add_field(model, model._meta.get_field(column))
        if vendor == "postgresql":
            schema_editor.execute(postgresql_fill(copied))
        else:
            schema_editor.execute(_sqlite_copy(copied, "TRUE"))
    if vendor == "postgresql":
        # The fill's deferred data-version triggers run now: an index cannot be built on
        # a table with trigger events pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")
        for copied in COPIED.values():
            schema_editor.execute(postgresql_install(copied))
        schema_editor.execute(POSTGRESQL_SPEAKER_INSTALL)
    else:
        for copied in COPIED.values():
            for statement in sqlite_install(copied):
                schema_editor.execute(statement)
        schema_editor.execute(SQLITE_SPEAKER_INSTALL)
    # Built once the rows are filled: faster than updating them row by row.
    for name, indexes in INDEXES.items():
        for index in indexes:
            schema_editor.add_index(apps.get_model("tracker", name), index)
    if vendor == "postgresql":
        # The planner's statistics of the new columns, or it misjudges how many rows a
        # country has until autovacuum comes by.
        schema_editor.execute(f"ANALYZE {', '.join(copied.table for copied in COPIED.values())}")


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_SPEAKER_REMOVE)
        for copied in COPIED.values():
            schema_editor.execute(postgresql_remove(copied))
    else:
        schema_editor.execute(SQLITE_SPEAKER_REMOVE)
        for copied in COPIED.values():
            for statement in sqlite_remove(copied):
                schema_editor.execute(statement)
    for name, copied in COPIED.items():
        model = apps.get_model("tracker", name)
        for index in INDEXES[name]:
            schema_editor.remove_index(model, index)
        for column in copied.copies:
            schema_editor.remove_field(model, model._meta.get_field(column))


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0023_party_copies_wait_for_commitment_writes"),
    ]

    operations = [
        # Unmanaged: Django creates nothing for these, the tables being the countries'
        # many-to-many tables it made in 0001.
        migrations.CreateModel(
            name="AnnouncementCountry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "announcement",
                    models.ForeignKey(
                        on_delete=models.DO_NOTHING,
                        related_name="country_rows",
                        to="tracker.announcement",
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        on_delete=models.DO_NOTHING, related_name="+", to="tracker.country"
                    ),
                ),
                ("announcement_published", models.BooleanField(null=True)),
                ("announcement_announced_on", models.DateField(null=True)),
                ("announcement_title", models.CharField(max_length=300, null=True)),
            ],
            options={"db_table": "tracker_announcement_countries", "managed": False},
        ),
        migrations.CreateModel(
            name="QuoteCountry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "quote",
                    models.ForeignKey(
                        on_delete=models.DO_NOTHING,
                        related_name="country_rows",
                        to="tracker.quote",
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        on_delete=models.DO_NOTHING, related_name="+", to="tracker.country"
                    ),
                ),
                ("quote_published", models.BooleanField(null=True)),
                ("quote_said_on", models.DateField(null=True)),
                ("quote_speaker_name", models.CharField(max_length=200, null=True)),
            ],
            options={"db_table": "tracker_quote_countries", "managed": False},
        ),
        migrations.RunPython(install, remove),
    ]
