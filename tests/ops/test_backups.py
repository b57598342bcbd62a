"""Backups: a ``dumpdata``/``loaddata`` round trip that loses nothing (docs/operations.md).

Every row of every tracker table is compared by value before and after: each
row and each reference is identified by its natural key where the model has
one (natural primary keys are not dumped, so database ids may change), by its
primary key otherwise.
"""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models

from tests import factories
from tracker.models import DataVersion

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed.json"


def identity(obj: models.Model) -> tuple:
    if hasattr(obj, "natural_key"):
        return (obj._meta.label, *obj.natural_key())
    return (obj._meta.label, obj.pk)


def has_natural_key(model) -> bool:
    return hasattr(model, "natural_key")


def row(obj: models.Model) -> dict:
    values = {"@": identity(obj)}
    for field in obj._meta.concrete_fields:
        if field.primary_key and has_natural_key(type(obj)) and not field.is_relation:
            continue  # a database id, not data: natural primary keys leave it out of the dump
        if field.is_relation:
            target = getattr(obj, field.name)
            values[field.name] = identity(target) if target is not None else None
        else:
            values[field.name] = field.value_from_object(obj)
    for field in obj._meta.many_to_many:
        values[field.name] = sorted(identity(other) for other in getattr(obj, field.name).all())
    return values


def snapshot() -> dict[str, list[dict]]:
    """Every tracker row, by model, in a stable order."""
    tables = {}
    for model in apps.get_app_config("tracker").get_models():
        if model is DataVersion:
            continue  # triggers move it on every load: it says when the restore ran
        if not model._meta.managed:
            # A view of the many-to-many rows the records hold (models.country_rows), which
            # their own rows compare; the rows' keys are the many-to-many's, never dumped.
            continue
        rows = [row(obj) for obj in model._base_manager.all()]
        tables[model._meta.label] = sorted(rows, key=lambda r: json.dumps(r, default=str))
    return tables


def make_more_records() -> None:
    """Records of every kind the seed may lack, with awkward values."""
    article = factories.SourceArticleFactory(
        slug="tricky-article",
        headline="“Curly” quotes — dashes, émigrés and 🚤 in a headline",
        url="",
        text=factories.ARTICLE_TEXT,
    )
    funding = factories.FundingCommitmentFactory(
        slug="tricky-funding", amount_minor=999_999_999_999, currency="EUR"
    )
    factories.CommitmentPartyFactory(commitment=funding, country_id="XK")
    citation = factories.CitationFactory(source=article, commitment=funding)
    factories.StatusChangeFactory(commitment=funding, citation=citation)
    quote = factories.QuoteFactory(slug="tricky-quote", said_on=None)
    factories.CitationFactory(
        source=article,
        commitment=None,
        quote=quote,
        excerpt="“We will work together against the gangs,”",
    )
    factories.DiscrepancyVersionFactory(citation=citation)
    factories.FigureFactory(slug="tricky-figure", value=9400)
    factories.RoleFactory(started_on=datetime.date(2024, 7, 5))
    factories.AnnouncementFactory(slug="tricky-announcement")


CASES = [
    # JSON, the everyday format: Django writes times to the millisecond.
    pytest.param("json", ["--natural-foreign"], id="json"),
    # XML keeps times to the microsecond: nothing at all is lost.
    pytest.param("xml", ["--natural-foreign"], id="xml"),
    # Country's primary key is its ISO code, a natural key already: it stays.
    pytest.param("json", ["--natural-foreign", "--natural-primary"], id="json-natural-primary"),
]


def to_milliseconds(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    def cut(value):
        if isinstance(value, datetime.datetime | datetime.time):
            return value.replace(microsecond=value.microsecond // 1000 * 1000)
        return value

    return {
        label: [{key: cut(value) for key, value in r.items()} for r in rows]
        for label, rows in tables.items()
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "key_options"), CASES)
def test_dumpdata_loaddata_round_trip_loses_nothing(tmp_path, fmt, key_options):
    if SEED.exists():
        call_command("loaddata", "seed", verbosity=0)
    make_more_records()
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 30

    dump = tmp_path / f"tracker.{fmt}"
    call_command(
        "dumpdata",
        "tracker",
        *key_options,
        f"--format={fmt}",
        "--indent=2",
        f"--output={dump}",
        verbosity=0,
    )
    if connection.vendor == "postgresql":
        # The test runs in a transaction (rolled back after it); PostgreSQL
        # refuses to TRUNCATE while deferred foreign-key checks are pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", "--no-input", verbosity=0)
    assert not any(snapshot().values()), "flush left tracker rows behind"

    out = io.StringIO()
    call_command("loaddata", str(dump), stdout=out, verbosity=1)
    after = snapshot()
    if fmt == "json":
        before, after = to_milliseconds(before), to_milliseconds(after)

    for label in before:
        assert len(after[label]) == len(before[label]), f"{label}: rows lost or added"
        for old, new in zip(before[label], after[label], strict=True):
            changed = {key: (old[key], new.get(key)) for key in old if new.get(key) != old[key]}
            assert not changed, f"{label} {old['@']} changed in the round trip: {changed}"
