"""The database keeps the commitments' tallies (``tracker.models.tallies``): a row per scope
(every commitment, or a country's), kind, status, currency and month, which triggers change
by each write's difference, on both engines.

A commitment counts in the scope of every commitment and in each of its parties'
countries, where it is published: once, with its money counted where it is funding that no
published total includes (``included_in``), else inside. So a write changes the tallies
where it changes a commitment's tallied columns (its publication, kind, status, currency,
amount, date or total), its parties, or the publication of a total others are inside: each
commitment it touched, and each published funding inside a total it touched, takes away
what it counted before and adds what it counts now. The difference is summed per row,
added to the rows in their keys' order (an INSERT ... ON CONFLICT), and rows left counting
nothing are deleted.

On PostgreSQL statement triggers read the statement's transition tables, so a bulk insert
(``generate_synthetic``'s 2,000 commitments a statement) adds its differences once. Before
reading, a trigger holds what it reads ``FOR SHARE``: the totals of the commitments it
wrote, and for a party the commitment and its total. An editor publishing a total while
another moved money into it, deleted it, or added a party to it, would otherwise each read
the other's rows as they were before, and the tallies keep the count neither committed
(the locks of migrations 0023, 0027 and 0029, for the same reason). The tally rows
themselves are held by their upsert until the transaction ends: editors changing
commitments with the same keys take turns there, and a bulk load holds the rows it touched
until it commits (migration 0034: a bulk load adds its differences at its end).

On SQLite row triggers apply each row's difference as it is written (one transaction at a
time: no locks). A later migration that remakes the commitments' or the parties' table on
SQLite drops these triggers: create them again there (``test_commitment_tallies.py``
fails otherwise), as migration 0016 does for the data-version triggers.

Fixtures: the table is unmanaged (``tracker.routers``), never dumped nor loaded; the
commitments and parties ``loaddata`` writes, in any order, make its rows (a party written
before its commitment adds nothing, the commitment written after adds its parties' too).
"""

import importlib

from django.db import migrations, models

DATA_VERSION = importlib.import_module("tracker.migrations.0006_search_vectors_and_data_version")

TABLE = "tracker_commitmenttally"
COMMITMENTS = "tracker_commitment"
PARTIES = "tracker_commitmentparty"
KEYS = ("scope", "kind", "status", "currency", "month")
COUNTS = ("commitments", "amount", "counted", "priced", "inside")
# The commitment's columns the tallies read (and ``id``).
TALLIED = (
    "publication", "kind", "status", "currency", "amount_minor", "announced_on",
    "included_in_id",
)  # fmt: skip
COLUMNS = ("id", *TALLIED)
UNDATED = "'0001-01-01'"
EVERY_MONTH = "'0001-01-02'"
MONTH = {
    "postgresql": f"COALESCE(date_trunc('month', c.announced_on)::date, DATE {UNDATED})",
    "sqlite": f"COALESCE(substr(c.announced_on, 1, 7) || '-01', {UNDATED})",
}


def _with_total(rows: str, changed: str | None = None, changed_rows: str | None = None) -> str:
    """The published commitments among ``rows``, each with ``in_total``: 1 where its total
    is published, else 0. Read among ``changed_rows`` (the statement's old or new rows;
    None: there were none) where the statement wrote the total (``changed``), else in the
    table, which it did not change: by a join, which a bulk insert's 2,000 rows probe by
    key (a subquery was planned as a hash of every published commitment, 8 times)."""
    written = ""
    if changed:
        among_changed = (
            f"CASE WHEN EXISTS (SELECT 1 FROM {changed_rows} w WHERE w.id = r.included_in_id "
            "AND w.publication = 'published') THEN 1 ELSE 0 END"
            if changed_rows
            else "0"
        )
        written = f"WHEN r.included_in_id IN ({changed}) THEN {among_changed} "
    in_total = (
        f"CASE WHEN r.included_in_id IS NULL THEN 0 {written}"
        "WHEN t.id IS NOT NULL THEN 1 ELSE 0 END"
    )
    return (
        f"(SELECT {_columns('r')}, {in_total} AS in_total FROM {rows} r "
        f"LEFT JOIN {COMMITMENTS} t ON t.id = r.included_in_id AND t.publication = 'published' "
        "WHERE r.publication = 'published')"
    )


def _counts(vendor: str, sign: str) -> str:
    """A commitment ``c``'s keys (but the scope) and counts, each times ``sign``."""
    counted = "c.kind = 'funding' AND c.in_total = 0"
    return (
        f"c.kind, c.status, c.currency, {MONTH[vendor]} AS month, {sign} AS commitments, "
        f"{sign} * CASE WHEN {counted} THEN COALESCE(c.amount_minor, 0) ELSE 0 END AS amount, "
        f"{sign} * CASE WHEN {counted} THEN 1 ELSE 0 END AS counted, "
        f"{sign} * CASE WHEN {counted} AND c.amount_minor IS NOT NULL THEN 1 ELSE 0 END "
        "AS priced, "
        f"{sign} * CASE WHEN c.kind = 'funding' AND c.in_total = 1 THEN 1 ELSE 0 END AS inside"
    )


def _commitments_count(vendor: str, rows: str, sign: str) -> str:
    """What ``rows`` (``_with_total``) count, in every scope they are in."""
    counts = _counts(vendor, sign)
    return (
        f"SELECT '' AS scope, {counts} FROM {rows} c "
        f"UNION ALL SELECT p.country_id AS scope, {counts} FROM {rows} c "
        f"JOIN {PARTIES} p ON p.commitment_id = c.id"
    )


def _parties_count(vendor: str, parties: str, sign: str) -> str:
    """What ``parties`` (rows of the parties' table) count in their countries' scopes."""
    return (
        f"SELECT p.country_id AS scope, {_counts(vendor, sign)} FROM {parties} p "
        f"JOIN {_with_total(COMMITMENTS)} c ON c.id = p.commitment_id"
    )


def _apply(differences: str, cte: str = "") -> list[str]:
    """Add ``differences`` (rows of keys and signed counts) to the tallies, row by row in
    their keys' order, and delete the rows left counting nothing."""
    keys = ", ".join(KEYS)
    sums = ", ".join(f"SUM({count})" for count in COUNTS)
    any_change = " OR ".join(f"SUM({count}) <> 0" for count in COUNTS)
    added = ", ".join(f"{count} = {TABLE}.{count} + excluded.{count}" for count in COUNTS)
    # Each difference counts in its month and in every month (EVERY_MONTH): the pages
    # that count no months (the home page, the countries index) read a row per status,
    # currency and kind, not a country's hundreds of months.
    in_both = (
        "SELECT d.scope, d.kind, d.status, d.currency, "
        f"CASE WHEN m.every = 1 THEN {EVERY_MONTH} ELSE d.month END AS month, "
        f"{', '.join(f'd.{count}' for count in COUNTS)} FROM ({differences}) d "
        "CROSS JOIN (SELECT 0 AS every UNION ALL SELECT 1) m"
    )
    return [
        f"{cte}INSERT INTO {TABLE} ({keys}, {', '.join(COUNTS)}) "
        f"SELECT {keys}, {sums} FROM ({in_both}) e WHERE true GROUP BY {keys} "
        f"HAVING {any_change} ORDER BY {keys} "
        f"ON CONFLICT ({keys}) DO UPDATE SET {added}",
        f"DELETE FROM {TABLE} WHERE commitments = 0",
    ]


def _columns(rows: str) -> str:
    return ", ".join(f"{rows}.{column}" for column in COLUMNS)


def _inside(changed: str) -> str:
    """The published funding, not among ``changed``, inside the commitments ``changed``."""
    return (
        f"SELECT {_columns('d')} FROM {COMMITMENTS} d WHERE d.included_in_id IN ({changed}) "
        f"AND d.id NOT IN ({changed}) AND d.publication = 'published' AND d.kind = 'funding'"
    )


# On PostgreSQL, read once a statement by the index of ``included_in`` (an array of keys
# probes it; ``IN`` a CTE was planned as a walk of every published commitment, 9 s a bulk
# insert of 2,000).
PG_INSIDE = (
    f"inside_them AS MATERIALIZED (SELECT {_columns('d')} FROM {COMMITMENTS} d "
    "WHERE d.included_in_id = ANY (ARRAY(SELECT id FROM changed)) "
    "AND d.publication = 'published' AND d.kind = 'funding' "
    "AND NOT d.id = ANY (ARRAY(SELECT id FROM changed)))"
)


def _commitment_differences(
    vendor: str,
    changed: str,
    old_rows: str | None,
    new_rows: str | None,
    inside_them: str | None = None,
) -> str:
    """What the commitments ``changed`` (their keys, a subquery) took away and added, and
    the published funding inside them where they are totals (``inside_them``: a query of
    them, by default ``_inside(changed)``); ``old_rows`` and ``new_rows`` are the changed
    rows before and after (None: there were none)."""
    inside_them = inside_them or _inside(changed)

    def rows(changed_rows: str | None) -> str:
        written = (
            f"SELECT {_columns('w')} FROM {changed_rows} w WHERE w.id IN ({changed}) UNION ALL "
            if changed_rows
            else ""
        )
        return f"({written}{inside_them})"

    before = _commitments_count(vendor, _with_total(rows(old_rows), changed, old_rows), "-1")
    after = _commitments_count(vendor, _with_total(rows(new_rows), changed, new_rows), "1")
    return f"{before} UNION ALL {after}"


# PostgreSQL: statement triggers with transition tables.
PG_EVENTS = {
    # event: (transition tables, changed keys, old rows, new rows)
    "insert": ("NEW TABLE AS new_rows", "SELECT id FROM new_rows", None, "new_rows"),
    "delete": ("OLD TABLE AS old_rows", "SELECT id FROM old_rows", "old_rows", None),
    "update": (
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE "
        f"({', '.join(f'o.{column}' for column in TALLIED)}) IS DISTINCT FROM "
        f"({', '.join(f'n.{column}' for column in TALLIED)})",
        "old_rows",
        "new_rows",
    ),
}
PG_PARTY_EVENTS = {
    "insert": ("NEW TABLE AS new_rows", None, "new_rows"),
    "delete": ("OLD TABLE AS old_rows", "old_rows", None),
    "update": ("OLD TABLE AS old_rows NEW TABLE AS new_rows", "old_rows", "new_rows"),
}
PARTY_MOVED = "(o.commitment_id, o.country_id) IS DISTINCT FROM (n.commitment_id, n.country_id)"


def _plpgsql(name: str, statements: list[str]) -> str:
    body = "".join(f"    {statement};\n" for statement in statements)
    return (
        # Not compiled: a bulk statement's estimates made PostgreSQL compile each of its
        # statements (3.7 s for a query of 4,000 rows).
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql SET jit = off "
        "AS $$\n"
        f"BEGIN\n{body}    RETURN NULL;\nEND $$"
    )


def _emptied(rows: str) -> list[str]:
    """What TRUNCATE of a table leaves: the kept ``rows`` (a condition) deleted."""
    return [f"DELETE FROM {TABLE} WHERE {rows}"]


def _postgresql_install(apply=_apply, emptied=_emptied) -> list[str]:
    """The triggers' functions and the triggers; ``apply`` writes a statement's
    differences, ``emptied`` what a TRUNCATE leaves (migration 0034 replaces both)."""
    statements = []
    for event, (transition, changed_keys, old_rows, new_rows) in PG_EVENTS.items():
        name = f"{COMMITMENTS}_{event}_tallies"
        # The totals of the commitments it wrote, before and after.
        totals = " UNION ALL ".join(
            f"SELECT included_in_id FROM {rows} WHERE id IN ({changed_keys})"
            for rows in (old_rows, new_rows)
            if rows
        )
        cte = f"WITH changed AS MATERIALIZED ({changed_keys}), {PG_INSIDE} "
        holds = f"PERFORM 1 FROM {COMMITMENTS} WHERE id IN ({totals}) ORDER BY id FOR SHARE"
        differences = _commitment_differences(
            "postgresql", "SELECT id FROM changed", old_rows, new_rows, "SELECT * FROM inside_them"
        )
        statements += [
            _plpgsql(name, [holds, *apply(differences, cte)]),
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON {COMMITMENTS} "
            f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    for event, (transition, old_rows, new_rows) in PG_PARTY_EVENTS.items():
        name = f"{PARTIES}_{event}_tallies"
        if event == "update":
            moved = (
                "SELECT {rows}.* FROM old_rows o JOIN new_rows n ON n.id = o.id "
                f"WHERE {PARTY_MOVED}"
            )
            old_rows, new_rows = (
                f"({moved.format(rows='o')})",
                f"({moved.format(rows='n')})",
            )
        sources = [rows for rows in (old_rows, new_rows) if rows]
        commitments = " UNION ALL ".join(f"SELECT commitment_id FROM {rows} r" for rows in sources)
        differences = " UNION ALL ".join(
            _parties_count("postgresql", rows, sign)
            for rows, sign in ((old_rows, "-1"), (new_rows, "1"))
            if rows
        )
        statements += [
            _plpgsql(
                name,
                [
                    f"PERFORM 1 FROM {COMMITMENTS} WHERE id IN ({commitments}) "
                    "ORDER BY id FOR SHARE",
                    f"PERFORM 1 FROM {COMMITMENTS} WHERE id IN (SELECT included_in_id FROM "
                    f"{COMMITMENTS} WHERE id IN ({commitments})) ORDER BY id FOR SHARE",
                    *apply(differences),
                ],
            ),
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON {PARTIES} "
            f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    # TRUNCATE fires no row's trigger: the commitments emptied leave nothing to count, the
    # parties emptied no country's (Django's ``flush``, which the transactional tests run
    # between tests, truncates every managed table, never this one).
    left = {COMMITMENTS: "true", PARTIES: "scope <> ''"}
    for table, rows in left.items():
        name = f"{table}_truncate_tallies"
        statements += [
            _plpgsql(name, emptied(rows)),
            f"CREATE TRIGGER {name} AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    return statements


def _postgresql_remove() -> list[str]:
    statements = []
    for table in (COMMITMENTS, PARTIES):
        for event in ("insert", "delete", "update", "truncate"):
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_{event}_tallies ON {table}",
                f"DROP FUNCTION IF EXISTS {table}_{event}_tallies()",
            ]
    return statements


# SQLite: row triggers, each row's difference as it is written (no WITH in a trigger).
def _row(row: str, columns) -> str:
    return "(SELECT " + ", ".join(f"{row}.{column} AS {column}" for column in columns) + ")"


def _sqlite_trigger(name: str, event: str, table: str, when: str, statements: list[str]) -> str:
    body = "".join(f"{statement}; " for statement in statements)
    return f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} {when}BEGIN {body}END"


def _sqlite_install() -> list[str]:
    old, new = _row("OLD", COLUMNS), _row("NEW", COLUMNS)
    changed_columns = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in TALLIED)
    commitment_events = {
        "insert": ("INSERT", "", "NEW.id", None, new),
        "delete": ("DELETE", "", "OLD.id", old, None),
        "update": ("UPDATE", f"WHEN {changed_columns} ", "NEW.id", old, new),
    }
    statements = []
    for event, (sql_event, when, changed, old_rows, new_rows) in commitment_events.items():
        differences = _commitment_differences("sqlite", changed, old_rows, new_rows)
        statements.append(
            _sqlite_trigger(
                f"{COMMITMENTS}_{event}_tallies", sql_event, COMMITMENTS, when, _apply(differences)
            )
        )
    party_columns = ("commitment_id", "country_id")
    old, new = _row("OLD", party_columns), _row("NEW", party_columns)
    moved = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in party_columns)
    party_events = {
        "insert": ("INSERT", "", [(new, "1")]),
        "delete": ("DELETE", "", [(old, "-1")]),
        "update": ("UPDATE", f"WHEN {moved} ", [(old, "-1"), (new, "1")]),
    }
    for event, (sql_event, when, parts) in party_events.items():
        differences = " UNION ALL ".join(
            _parties_count("sqlite", rows, sign) for rows, sign in parts
        )
        statements.append(
            _sqlite_trigger(
                f"{PARTIES}_{event}_tallies", sql_event, PARTIES, when, _apply(differences)
            )
        )
    return statements


def _sqlite_remove() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_{event}_tallies"
        for table in (COMMITMENTS, PARTIES)
        for event in ("insert", "delete", "update")
    ]


def _create_table(vendor: str) -> list[str]:
    key = (
        "id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        if vendor == "postgresql"
        else "id integer PRIMARY KEY AUTOINCREMENT"
    )
    counts = ", ".join(f"{count} bigint NOT NULL" for count in COUNTS)
    return [
        f"CREATE TABLE {TABLE} ({key}, scope varchar(2) NOT NULL, kind varchar(12) NOT NULL, "
        "status varchar(12) NOT NULL, currency varchar(3) NOT NULL, month date NOT NULL, "
        f"{counts})",
        f"CREATE UNIQUE INDEX commitmenttally_keys ON {TABLE} ({', '.join(KEYS)})",
        # The countries' rows of every month, which the countries index sums (a few
        # thousand among a row per party's month).
        f"CREATE INDEX commitmenttally_every_month ON {TABLE} (scope) WHERE month = {EVERY_MONTH}",
        # The rows a difference left counting nothing, found at once to be deleted.
        f"CREATE INDEX commitmenttally_empty ON {TABLE} (id) WHERE commitments = 0",
    ]


def _data_version(vendor: str) -> list[str]:
    """Migration 0006's triggers, as every tracker table has them (and its test asks)."""
    if vendor == "postgresql":
        return [
            f"CREATE CONSTRAINT TRIGGER {TABLE}_data_version "
            f"AFTER INSERT OR UPDATE OR DELETE ON {TABLE} DEFERRABLE INITIALLY DEFERRED "
            "FOR EACH ROW EXECUTE FUNCTION tracker_touch_data_version()"
        ]
    return [
        f"CREATE TRIGGER {TABLE}_data_version_{event.lower()} AFTER {event} "
        f"ON {TABLE} BEGIN UPDATE tracker_dataversion SET changed_at = "
        "strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = 1; END"
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def fill(vendor: str) -> list[str]:
    """Every published commitment counted afresh (the table emptied first)."""
    counted = _commitments_count(vendor, _with_total(COMMITMENTS), "1")
    return [f"DELETE FROM {TABLE}", *_apply(counted)]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    triggers = {"postgresql": _postgresql_install, "sqlite": _sqlite_install}[vendor]()
    for statement in [*_create_table(vendor), *_data_version(vendor), *triggers, *fill(vendor)]:
        schema_editor.execute(statement)
    if vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": _postgresql_remove, "sqlite": _sqlite_remove}[vendor]():
        schema_editor.execute(statement)
    schema_editor.execute(f"DROP TABLE {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0031_quotes_hold_their_speaker_first"),
    ]

    operations = [
        migrations.CreateModel(
            name="CommitmentTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("scope", models.CharField(max_length=2)),
                ("kind", models.CharField(max_length=12)),
                ("status", models.CharField(max_length=12)),
                ("currency", models.CharField(max_length=3)),
                ("month", models.DateField()),
                ("commitments", models.BigIntegerField()),
                ("amount", models.BigIntegerField()),
                ("counted", models.BigIntegerField()),
                ("priced", models.BigIntegerField()),
                ("inside", models.BigIntegerField()),
            ],
            options={"db_table": "tracker_commitmenttally", "managed": False},
        ),
        migrations.RunPython(install, remove),
    ]
