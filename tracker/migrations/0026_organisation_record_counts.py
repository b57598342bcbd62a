"""Each organisation counts its published commitments (among their organisations, as funder
or as recipient, each commitment once) and announcements, in columns the database keeps;
the organisations index is indexed by the most commitments.

The index's counts were grouped queries over every commitment, remembered per data
version: after each edit the first request read every published commitment (132 ms at
100,000 commitments, ten times that at 1,000,000), and whether an organisation was public
was four correlated EXISTS. With the counts on the row both are read off it.

As migration 0025 does for people and events: a BEFORE trigger on the organisation counts
whenever the row is written, and the writes that can change a count write again the
organisations they touch: a commitment added, deleted, published or withdrawn, or given
another funder or recipient; an organisation added to or taken from a commitment's or an
announcement's organisations; an announcement published or withdrawn. On PostgreSQL once
per statement; on SQLite (AFTER triggers) row by row.

On SQLite, a later migration that remakes any of these tables drops its triggers: create
them again there (``test_organisation_counts.py`` fails otherwise).
"""

from django.db import migrations, models

COMMITMENTS = "tracker_commitment"
ANNOUNCEMENTS = "tracker_announcement"
LISTED = {  # each record's organisations: the table, its record's column
    COMMITMENTS: ("tracker_commitment_organisations", "commitment_id"),
    ANNOUNCEMENTS: ("tracker_announcement_organisations", "announcement_id"),
}
NAMED_BY = ("funder_id", "recipient_id")  # a commitment's other ways of naming one
# A bulk load defers the counting to its end, as in migration 0025.
UNLESS_DEFERRED = (
    "    IF current_setting('tracker.defer_counts', true) = 'on' THEN RETURN NULL; END IF;\n"
)


def _commitment_count(key: str) -> str:
    published = "c.publication = 'published'"
    listing, record = LISTED[COMMITMENTS]
    ways = [
        f"SELECT l.{record} FROM {listing} l JOIN {COMMITMENTS} c ON c.id = l.{record} "
        f"WHERE l.organisation_id = {key} AND {published}",
        *(
            f"SELECT c.id FROM {COMMITMENTS} c WHERE c.{column} = {key} AND {published}"
            for column in NAMED_BY
        ),
    ]
    return f"(SELECT count(*) FROM ({' UNION '.join(ways)}) named)"


def _announcement_count(key: str) -> str:
    listing, record = LISTED[ANNOUNCEMENTS]
    return (
        f"(SELECT count(*) FROM {listing} l JOIN {ANNOUNCEMENTS} a ON a.id = l.{record} "
        f"WHERE l.organisation_id = {key} AND a.publication = 'published')"
    )


def _touch(keys: str) -> str:
    """Write the organisations ``keys`` selects again, so that each counts (its trigger)."""
    return f"UPDATE tracker_organisation SET id = id WHERE id IN ({keys});"


def _listed_by(table: str, rows: str) -> str:
    """The organisations among the ``rows`` (their keys) of ``table``'s records."""
    listing, record = LISTED[table]
    return f"SELECT organisation_id FROM {listing} WHERE {record} IN ({rows})"


def _named_in(rows: str) -> str:
    return " UNION ".join(f"SELECT {column} FROM {rows}" for column in NAMED_BY)


def _changed(old: str, new: str, differs: str = "IS DISTINCT FROM") -> str:
    """Whether the commitment's publication, funder or recipient changed."""
    return " OR ".join(f"{old}.{c} {differs} {new}.{c}" for c in ("publication", *NAMED_BY))


# PostgreSQL: each statement trigger's event, transition tables, and what it touches.
_CHANGED = f"old_rows o JOIN new_rows n ON n.id = o.id WHERE {_changed('o', 'n')}"
POSTGRESQL_TOUCHES = {
    (COMMITMENTS, "inserted"): (
        "INSERT",
        "NEW TABLE AS new_rows",
        [_touch(_named_in("new_rows WHERE publication = 'published'"))],
    ),
    (COMMITMENTS, "deleted"): (
        "DELETE",
        "OLD TABLE AS old_rows",
        [_touch(_named_in("old_rows WHERE publication = 'published'"))],
    ),
    (COMMITMENTS, "updated"): (
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        [
            # One statement, so an organisation both named and listed counts once.
            _touch(
                " UNION ".join(
                    [
                        *(
                            f"SELECT {side}.{column} FROM {_CHANGED}"
                            for side in ("o", "n")
                            for column in NAMED_BY
                        ),
                        _listed_by(COMMITMENTS, f"SELECT n.id FROM {_CHANGED}"),
                    ]
                )
            ),
        ],
    ),
    (ANNOUNCEMENTS, "updated"): (
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        [
            _touch(
                _listed_by(
                    ANNOUNCEMENTS,
                    "SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id "
                    "WHERE o.publication IS DISTINCT FROM n.publication",
                )
            )
        ],
    ),
}
for _records, (_listing, _record) in LISTED.items():
    # Listed on a draft, or taken from one, an organisation's counts do not change.
    POSTGRESQL_TOUCHES[(_listing, "inserted")] = (
        "INSERT",
        "NEW TABLE AS new_rows",
        [
            _touch(
                f"SELECT l.organisation_id FROM new_rows l JOIN {_records} r "
                f"ON r.id = l.{_record} WHERE r.publication = 'published'"
            )
        ],
    )
    POSTGRESQL_TOUCHES[(_listing, "deleted")] = (
        "DELETE",
        "OLD TABLE AS old_rows",
        [
            _touch(
                f"SELECT l.organisation_id FROM old_rows l JOIN {_records} r "
                f"ON r.id = l.{_record} WHERE r.publication = 'published'"
            )
        ],
    )
    POSTGRESQL_TOUCHES[(_listing, "updated")] = (
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        [_touch("SELECT organisation_id FROM old_rows UNION SELECT organisation_id FROM new_rows")],
    )


def _postgresql_install() -> list[str]:
    statements = [
        "CREATE FUNCTION tracker_organisation_count_records() RETURNS trigger "
        "LANGUAGE plpgsql AS $$\nBEGIN\n"
        f"    NEW.commitment_count := {_commitment_count('NEW.id')};\n"
        f"    NEW.announcement_count := {_announcement_count('NEW.id')};\n"
        "    RETURN NEW;\nEND $$",
        "CREATE TRIGGER tracker_organisation_record_counts BEFORE INSERT OR UPDATE "
        "ON tracker_organisation FOR EACH ROW "
        "EXECUTE FUNCTION tracker_organisation_count_records()",
    ]
    for (table, name), (event, transition, touches) in POSTGRESQL_TOUCHES.items():
        function = f"{table}_{name}_organisations_recount"
        body = "".join(f"    {touch}\n" for touch in touches)
        statements += [
            f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n{UNLESS_DEFERRED}{body}    RETURN NULL;\nEND $$",
            f"CREATE TRIGGER {function} AFTER {event} ON {table} REFERENCING {transition} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return statements


def _postgresql_remove() -> list[str]:
    statements = []
    for table, name in POSTGRESQL_TOUCHES:
        function = f"{table}_{name}_organisations_recount"
        statements += [
            f"DROP TRIGGER IF EXISTS {function} ON {table}",
            f"DROP FUNCTION IF EXISTS {function}()",
        ]
    return [
        *statements,
        "DROP TRIGGER IF EXISTS tracker_organisation_record_counts ON tracker_organisation",
        "DROP FUNCTION IF EXISTS tracker_organisation_count_records()",
    ]


# SQLite: row triggers, named by table and event; an organisation counts after it is
# written (an UPDATE made by a trigger does not fire that trigger again).
_COUNT = (
    "UPDATE tracker_organisation SET (commitment_count, announcement_count) = "
    f"({_commitment_count('NEW.id')}, {_announcement_count('NEW.id')}) WHERE id = NEW.id;"
)


def _sqlite_named(row: str) -> str:
    return _touch(" UNION ".join(f"SELECT {row}.{column}" for column in NAMED_BY))


SQLITE_TRIGGERS = {
    "tracker_organisation_record_counts_insert": (
        f"AFTER INSERT ON tracker_organisation BEGIN {_COUNT} END"
    ),
    "tracker_organisation_record_counts_update": (
        f"AFTER UPDATE ON tracker_organisation BEGIN {_COUNT} END"
    ),
    f"{COMMITMENTS}_inserted_organisations_recount": (
        f"AFTER INSERT ON {COMMITMENTS} WHEN NEW.publication = 'published' "
        f"BEGIN {_sqlite_named('NEW')} END"
    ),
    f"{COMMITMENTS}_deleted_organisations_recount": (
        f"AFTER DELETE ON {COMMITMENTS} WHEN OLD.publication = 'published' "
        f"BEGIN {_sqlite_named('OLD')} END"
    ),
    f"{COMMITMENTS}_updated_organisations_recount": (
        f"AFTER UPDATE OF publication, {', '.join(NAMED_BY)} ON {COMMITMENTS} "
        f"WHEN {_changed('OLD', 'NEW', 'IS NOT')} "
        f"BEGIN {_sqlite_named('OLD')} {_sqlite_named('NEW')} "
        f"{_touch(_listed_by(COMMITMENTS, 'NEW.id'))} END"
    ),
    f"{ANNOUNCEMENTS}_updated_organisations_recount": (
        f"AFTER UPDATE OF publication ON {ANNOUNCEMENTS} "
        "WHEN OLD.publication IS NOT NEW.publication "
        f"BEGIN {_touch(_listed_by(ANNOUNCEMENTS, 'NEW.id'))} END"
    ),
}
for _listing, _ in LISTED.values():
    SQLITE_TRIGGERS[f"{_listing}_inserted_recount"] = (
        f"AFTER INSERT ON {_listing} BEGIN {_touch('NEW.organisation_id')} END"
    )
    SQLITE_TRIGGERS[f"{_listing}_deleted_recount"] = (
        f"AFTER DELETE ON {_listing} BEGIN {_touch('OLD.organisation_id')} END"
    )
    SQLITE_TRIGGERS[f"{_listing}_updated_recount"] = (
        f"AFTER UPDATE ON {_listing} BEGIN {_touch('OLD.organisation_id, NEW.organisation_id')} END"
    )


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in _postgresql_install():
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        for name, definition in SQLITE_TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {definition}")
    # Every existing organisation counts, through the trigger just made.
    schema_editor.execute("UPDATE tracker_organisation SET id = id")
    if vendor == "postgresql":
        # The fill's deferred data-version trigger runs now: an index cannot be built on
        # a table with trigger events pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in _postgresql_remove():
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0025_people_and_events_record_counts"),
    ]

    operations = [
        # What the counting reads of a commitment's funder and recipient, from the index
        # alone (``published_by_index``).
        *(
            migrations.AddIndex(
                model_name="commitment",
                index=models.Index(
                    condition=models.Q(("publication", "published")),
                    fields=[column, "id"],
                    name=f"commitment_{column}_pub_idx",
                ),
            )
            for column in ("funder", "recipient")
        ),
        *(
            migrations.AddField(
                model_name="organisation",
                name=name,
                field=models.IntegerField(editable=False, null=True, serialize=False),
            )
            for name in ("commitment_count", "announcement_count")
        ),
        migrations.RunPython(install, remove),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(
                models.OrderBy(models.F("commitment_count"), descending=True),
                models.F("name"),
                models.F("slug"),
                condition=models.Q(
                    ("commitment_count__gt", 0), ("announcement_count__gt", 0), _connector="OR"
                ),
                name="organisation_most_named_idx",
            ),
        ),
    ]
