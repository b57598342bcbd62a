"""A commitment's ``sources_disagree`` (migrations 0028 and 0029) counts only versions that
cite one of its citations of a published article, and follows the articles' publication.

Published means published everywhere: a discrepancy that cited a commitment only through a
draft article's citation flagged it, and the CSV said its sources disagree and the API
listed the discrepancy, before the article was public. Its page, its list's tag and the
API now read the same rule (``evidence.disputed_row_by_row``, ``Discrepancy.objects.about``).

So the flag is set again also where a statement moves a citation to another article or
changes an article's publication: on PostgreSQL a statement trigger on the articles (it
locks every commitment citing the articles whose publication changed, as migration 0029's
triggers lock theirs, so an editor adding a version meanwhile waits for the change, or the
change for the version), and the citations' update trigger reads a move between articles
too; on SQLite, row triggers. The flags are then set again as this rule says.
"""

import importlib

from django.db import migrations

FLAGGED = importlib.import_module("tracker.migrations.0028_commitment_sources_disagree")
WAITING = importlib.import_module("tracker.migrations.0029_sources_disagree_waits")

COMMITMENTS, CITATIONS, VERSIONS = FLAGGED.COMMITMENTS, FLAGGED.CITATIONS, FLAGGED.VERSIONS
FLAG, OWN = FLAGGED.FLAG, FLAGGED.OWN
ARTICLES = "tracker_sourcearticle"
PUBLISHED = "published"
ARTICLE_TRIGGER = f"{ARTICLES}_update_sets_{FLAG}"


def disputed(key: str) -> str:
    """Whether some version cites one of the commitment ``key``'s citations of a published
    article."""
    return (
        f"EXISTS (SELECT 1 FROM {CITATIONS} dc JOIN {VERSIONS} dv ON dv.citation_id = dc.id "
        f"JOIN {ARTICLES} da ON da.id = dc.source_id AND da.publication = '{PUBLISHED}' "
        f"WHERE dc.commitment_id = {key})"
    )


def set_again(keys: str, differs: str = "IS DISTINCT FROM") -> str:
    flag = disputed(f"{COMMITMENTS}.id")
    return (
        f"UPDATE {COMMITMENTS} SET {FLAG} = {flag} "
        f"WHERE id IN ({keys}) AND {FLAG} {differs} {flag};"
    )


def _locked_set_again(keys: str) -> str:
    return (
        f"PERFORM 1 FROM {COMMITMENTS} WHERE id IN ({keys}) ORDER BY id FOR NO KEY UPDATE;\n"
        f"    {set_again(keys)}"
    )


# What each statement touched (PostgreSQL): migration 0028's, but a citation's update
# touches its commitment when it moves to another article too; and an article's update
# every commitment citing it, when its publication changed.
POSTGRESQL_TOUCHED = {
    **FLAGGED.POSTGRESQL_TOUCHED,
    CITATIONS: {
        **FLAGGED.POSTGRESQL_TOUCHED[CITATIONS],
        "UPDATE": [
            f"SELECT {end}.commitment_id FROM old_rows o JOIN new_rows n ON n.id = o.id "
            "WHERE o.commitment_id IS DISTINCT FROM n.commitment_id "
            "OR o.source_id IS DISTINCT FROM n.source_id"
            for end in ("o", "n")
        ],
    },
    ARTICLES: {
        "UPDATE": [
            f"SELECT c.commitment_id FROM old_rows o JOIN new_rows n ON n.id = o.id "
            f"JOIN {CITATIONS} c ON c.source_id = n.id "
            "WHERE o.publication IS DISTINCT FROM n.publication"
        ],
    },
}


def _function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n    {body}\n    RETURN NULL;\nEND $$"
    )


def _postgresql_install() -> list[str]:
    statements = [
        f"CREATE OR REPLACE FUNCTION {OWN}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n    NEW.{FLAG} := {disputed('NEW.id')};\n    RETURN NEW;\nEND $$",
    ]
    for table, events in POSTGRESQL_TOUCHED.items():
        for event, selects in events.items():
            name = f"{table}_{event.lower()}_sets_{FLAG}"
            statements.append(_function(name, _locked_set_again(" UNION ".join(selects))))
    statements.append(
        f"CREATE TRIGGER {ARTICLE_TRIGGER} AFTER UPDATE ON {ARTICLES} "
        f"REFERENCING {FLAGGED.TRANSITIONS['UPDATE']} FOR EACH STATEMENT "
        f"EXECUTE FUNCTION {ARTICLE_TRIGGER}()"
    )
    return statements


def _postgresql_remove() -> list[str]:
    own = FLAGGED._postgresql_install()[0].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    return [
        f"DROP TRIGGER IF EXISTS {ARTICLE_TRIGGER} ON {ARTICLES}",
        f"DROP FUNCTION IF EXISTS {ARTICLE_TRIGGER}()",
        own,
        *WAITING._functions(lock=True),
    ]


SQLITE_DIFFERS = FLAGGED.SQLITE_DIFFERS


def _sqlite_triggers() -> dict[str, str]:
    """Migration 0028's triggers with this rule, a citation's move to another article,
    and an article's change of publication."""

    def again(keys: str) -> str:
        return set_again(keys, SQLITE_DIFFERS)

    def commitment_of(row: str) -> str:
        return f"SELECT {row}.commitment_id"

    cited_by = {
        row: f"SELECT commitment_id FROM {CITATIONS} WHERE id = {row}.citation_id"
        for row in ("NEW", "OLD")
    }
    return {
        f"{OWN}_insert": f"AFTER INSERT ON {COMMITMENTS} BEGIN {again('SELECT NEW.id')} END",
        f"{OWN}_update": f"AFTER UPDATE OF {FLAG} ON {COMMITMENTS} "
        f"BEGIN {again('SELECT NEW.id')} END",
        f"{VERSIONS}_insert_sets_{FLAG}": f"AFTER INSERT ON {VERSIONS} "
        f"BEGIN {again(cited_by['NEW'])} END",
        f"{VERSIONS}_delete_sets_{FLAG}": f"AFTER DELETE ON {VERSIONS} "
        f"BEGIN {again(cited_by['OLD'])} END",
        f"{VERSIONS}_update_sets_{FLAG}": f"AFTER UPDATE OF citation_id ON {VERSIONS} "
        f"BEGIN {again(cited_by['OLD'])} {again(cited_by['NEW'])} END",
        f"{CITATIONS}_insert_sets_{FLAG}": f"AFTER INSERT ON {CITATIONS} "
        f"BEGIN {again(commitment_of('NEW'))} END",
        f"{CITATIONS}_delete_sets_{FLAG}": f"AFTER DELETE ON {CITATIONS} "
        f"BEGIN {again(commitment_of('OLD'))} END",
        f"{CITATIONS}_update_sets_{FLAG}": f"AFTER UPDATE OF commitment_id, source_id "
        f"ON {CITATIONS} BEGIN {again(commitment_of('OLD'))} {again(commitment_of('NEW'))} END",
        ARTICLE_TRIGGER: f"AFTER UPDATE OF publication ON {ARTICLES} "
        "WHEN OLD.publication IS NOT NEW.publication "
        f"BEGIN {again(f'SELECT commitment_id FROM {CITATIONS} WHERE source_id = NEW.id')} END",
    }


def _sqlite_install() -> list[str]:
    return [
        *FLAGGED._sqlite_remove(),
        *(f"CREATE TRIGGER {name} {definition}" for name, definition in _sqlite_triggers().items()),
    ]


def _sqlite_remove() -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {name}" for name in _sqlite_triggers()),
        *FLAGGED._sqlite_install(),
    ]


# The commitments whose flag either rule may set: those some version's citation cites.
VERSIONED = FLAGGED.CITED_BY.format(rows=VERSIONS)


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": _postgresql_install, "sqlite": _sqlite_install}[vendor]():
        schema_editor.execute(statement)
    differs = SQLITE_DIFFERS if vendor == "sqlite" else "IS DISTINCT FROM"
    schema_editor.execute(set_again(VERSIONED, differs))


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": _postgresql_remove, "sqlite": _sqlite_remove}[vendor]():
        schema_editor.execute(statement)
    differs = SQLITE_DIFFERS if vendor == "sqlite" else "IS DISTINCT FROM"
    schema_editor.execute(FLAGGED._set_again(VERSIONED, differs))


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0029_sources_disagree_waits"),
    ]

    operations = [migrations.RunPython(install, remove)]
