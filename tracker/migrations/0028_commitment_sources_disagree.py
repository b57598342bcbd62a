"""Each commitment says whether its sources disagree, in a column the database keeps.

A commitment's sources disagree when some discrepancy has a version citing it: a version
whose citation is one of the commitment's (whatever the discrepancy's status, whichever
article the citation is of), as ``evidence.disputed_row_by_row`` asks. The CSV export
probed that row by row, two citations and their versions per commitment: half the
database's time per row of a filtered export (benchmarks/RESULTS.md, exports7). With
the flag on the row it is read with the row's other columns.

The database keeps it right, whatever writes (the admin, ``QuerySet.update()``, a history
revert, fixtures in any order, bulk inserts, raw SQL), as migrations 0025 and 0026 keep
their counts: the commitment works out its flag whenever it is inserted or its flag is
written (a ``save()`` writes every column, so a flag read before a version was added is
never written back as it was), and a statement that adds, deletes or moves versions or
citations sets the flag again on the commitments it touched, where it changed. On
PostgreSQL a BEFORE trigger on the commitment and statement triggers on the versions and
citations (once per statement, however many rows); on SQLite, AFTER row triggers.

A citation added after versions that cite it (a fixture loaded with its foreign keys
checked at commit) flags its commitment then; a citation deleted before its versions
(in the same transaction, the same) takes its versions out of its commitment's flag then,
as the versions cannot outlive it. Nothing defers this (``defer_counting``): each
statement probes only the commitments it names, by their citations' index.

The column is added with the database's default (false) on both engines, not as Django
adds a column with a default, which on SQLite remakes the table and drops its triggers;
only the commitments some version cites are written when it is filled. On SQLite, a
later migration that remakes any of these tables drops its triggers: create them again
there (``tests/models/test_sources_disagree.py`` fails otherwise).
"""

from django.db import migrations, models

COMMITMENTS = "tracker_commitment"
CITATIONS = "tracker_citation"
VERSIONS = "tracker_discrepancyversion"
FLAG = "sources_disagree"
OWN = f"{COMMITMENTS}_{FLAG}"  # the commitment's own trigger and function


def disputed(key: str) -> str:
    """Whether some version cites one of the citations of the commitment ``key``."""
    return (
        f"EXISTS (SELECT 1 FROM {CITATIONS} dc JOIN {VERSIONS} dv ON dv.citation_id = dc.id "
        f"WHERE dc.commitment_id = {key})"
    )


def _set_again(keys: str, differs: str = "IS DISTINCT FROM") -> str:
    """Set the flag of the commitments ``keys`` selects again, writing those it changes
    (``differs``: the engine's comparison of two values that may be null)."""
    flag = disputed(f"{COMMITMENTS}.id")
    return (
        f"UPDATE {COMMITMENTS} SET {FLAG} = {flag} "
        f"WHERE id IN ({keys}) AND {FLAG} {differs} {flag};"
    )


# The commitments each statement touched, from its transition tables (PostgreSQL).
CITED_BY = f"SELECT c.commitment_id FROM {{rows}} r JOIN {CITATIONS} c ON c.id = r.citation_id"
POSTGRESQL_TOUCHED = {
    VERSIONS: {
        "INSERT": [CITED_BY.format(rows="new_rows")],
        "DELETE": [CITED_BY.format(rows="old_rows")],
        "UPDATE": [
            f"SELECT c.commitment_id FROM old_rows o JOIN new_rows n ON n.id = o.id "
            f"JOIN {CITATIONS} c ON c.id IN (o.citation_id, n.citation_id) "
            "WHERE o.citation_id IS DISTINCT FROM n.citation_id"
        ],
    },
    CITATIONS: {
        # Only a citation that versions cite already (added after them) flags anything.
        "INSERT": [
            f"SELECT n.commitment_id FROM new_rows n WHERE EXISTS "
            f"(SELECT 1 FROM {VERSIONS} v WHERE v.citation_id = n.id)"
        ],
        "DELETE": ["SELECT commitment_id FROM old_rows"],
        "UPDATE": [
            f"SELECT {end}.commitment_id FROM old_rows o JOIN new_rows n ON n.id = o.id "
            "WHERE o.commitment_id IS DISTINCT FROM n.commitment_id"
            for end in ("o", "n")
        ],
    },
}
TRANSITIONS = {
    "INSERT": "NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
}


def _postgresql_install() -> list[str]:
    statements = [
        f"CREATE FUNCTION {OWN}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n    NEW.{FLAG} := {disputed('NEW.id')};\n    RETURN NEW;\nEND $$",
        f"CREATE TRIGGER {OWN} BEFORE INSERT OR UPDATE OF {FLAG} ON {COMMITMENTS} "
        f"FOR EACH ROW EXECUTE FUNCTION {OWN}()",
    ]
    for table, events in POSTGRESQL_TOUCHED.items():
        for event, selects in events.items():
            name = f"{table}_{event.lower()}_sets_{FLAG}"
            keys = " UNION ".join(selects)
            statements += [
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                f"BEGIN\n    {_set_again(keys)}\n    RETURN NULL;\nEND $$",
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"REFERENCING {TRANSITIONS[event]} FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
            ]
    return statements


def _postgresql_remove() -> list[str]:
    statements = []
    for table, events in POSTGRESQL_TOUCHED.items():
        for event in events:
            name = f"{table}_{event.lower()}_sets_{FLAG}"
            statements += [
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"DROP FUNCTION IF EXISTS {name}()",
            ]
    return [
        *statements,
        f"DROP TRIGGER IF EXISTS {OWN} ON {COMMITMENTS}",
        f"DROP FUNCTION IF EXISTS {OWN}()",
    ]


# SQLite: row by row, after the write. An UPDATE made by a trigger does not fire that
# trigger again (recursive triggers are off, SQLite's default). ``IS NOT`` compares values
# that may be null (versions before 3.39 have no ``IS DISTINCT FROM``).
SQLITE_DIFFERS = "IS NOT"


def _sqlite_triggers() -> dict[str, str]:
    """Each trigger's name and the rest of its definition."""

    def cited_by(row: str) -> str:
        return f"SELECT commitment_id FROM {CITATIONS} WHERE id = {row}.citation_id"

    def commitment_of(row: str) -> str:
        return f"SELECT {row}.commitment_id"

    def again(keys: str) -> str:
        return _set_again(keys, SQLITE_DIFFERS)

    return {
        f"{OWN}_insert": f"AFTER INSERT ON {COMMITMENTS} BEGIN {again('SELECT NEW.id')} END",
        f"{OWN}_update": f"AFTER UPDATE OF {FLAG} ON {COMMITMENTS} "
        f"BEGIN {again('SELECT NEW.id')} END",
        f"{VERSIONS}_insert_sets_sources_disagree": f"AFTER INSERT ON {VERSIONS} "
        f"BEGIN {again(cited_by('NEW'))} END",
        f"{VERSIONS}_delete_sets_sources_disagree": f"AFTER DELETE ON {VERSIONS} "
        f"BEGIN {again(cited_by('OLD'))} END",
        f"{VERSIONS}_update_sets_sources_disagree": f"AFTER UPDATE OF citation_id ON {VERSIONS} "
        f"BEGIN {again(cited_by('OLD'))} {again(cited_by('NEW'))} END",
        f"{CITATIONS}_insert_sets_sources_disagree": f"AFTER INSERT ON {CITATIONS} "
        f"BEGIN {again(commitment_of('NEW'))} END",
        f"{CITATIONS}_delete_sets_sources_disagree": f"AFTER DELETE ON {CITATIONS} "
        f"BEGIN {again(commitment_of('OLD'))} END",
        f"{CITATIONS}_update_sets_sources_disagree": f"AFTER UPDATE OF commitment_id "
        f"ON {CITATIONS} BEGIN {again(commitment_of('OLD'))} {again(commitment_of('NEW'))} END",
    }


def _sqlite_install() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} {definition}"
        for name, definition in _sqlite_triggers().items()
    ]


def _sqlite_remove() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in _sqlite_triggers()]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(
        f"ALTER TABLE {COMMITMENTS} ADD COLUMN {FLAG} boolean NOT NULL DEFAULT false"
    )
    for statement in {"postgresql": _postgresql_install, "sqlite": _sqlite_install}[vendor]():
        schema_editor.execute(statement)
    # The commitments some version cites, flagged through the trigger just made.
    differs = SQLITE_DIFFERS if vendor == "sqlite" else "IS DISTINCT FROM"
    schema_editor.execute(_set_again(CITED_BY.format(rows=VERSIONS), differs))


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": _postgresql_remove, "sqlite": _sqlite_remove}[vendor]():
        schema_editor.execute(statement)
    schema_editor.execute(f"ALTER TABLE {COMMITMENTS} DROP COLUMN {FLAG}")


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0027_rows_follow_their_records"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="commitment",
                    name="sources_disagree",
                    field=models.BooleanField(default=False, editable=False, serialize=False),
                ),
            ],
            database_operations=[migrations.RunPython(install, remove)],
        ),
    ]
