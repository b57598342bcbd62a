"""The public record types, each registered once, and any record in a few words.

A record type (announcement, commitment, quote, figure, source, country, person,
organisation, event) registers a ``RecordType`` in its module of ``tracker.record_types``:
its summary (the type, title, date, money and address that mixed CSVs, feeds, "Cite this"
and the API's references show), its JSON-LD, and where the API reads it with which schema.
It also holds each feature's part for the features that list every type: how search
finds and shows it, how alerts log, show and follow it, what its citations state for
discrepancy detection, and how it is shared. The registrations are imported when the app
is ready (``tracker.apps``); what reads them (``summarise``, ``jsonld.describe``,
``exports.as_in_the_api``, the admin's record kinds, search, sharing, alerts, discrepancy
detection) asks ``record_type(record)`` or ``registered()`` and switches on nothing.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from tracker.models import DatePrecision


@dataclass(frozen=True)
class Summary:
    type: str
    slug: str
    title: str
    path: str
    text: str = ""
    date: datetime.date | None = None
    date_precision: str = ""  # DatePrecision's value; empty when there is no date
    status: str = ""
    amount: Decimal | None = None
    currency: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    speaker: str = ""
    updated: datetime.datetime | None = None


def words(text: str, count: int) -> str:
    """The first ``count`` words of ``text``, with an ellipsis if there were more."""
    found = text.split()
    return " ".join(found[:count]) + ("…" if len(found) > count else "")


def dated(day: datetime.date | None, precision: str = DatePrecision.DAY) -> dict:
    """A summary's date and its precision (none without a date)."""
    return {"date": day, "date_precision": precision if day else ""}


def _its_own_model(record: Model) -> type[Model]:
    return record._meta.model


@dataclass(frozen=True)
class RecordType:
    """What one public record type declares, once."""

    model: type[Model]
    # Its key in a detail page's JSON ("figure"), and in its summary unless that says more.
    key: str
    summary: Callable[[Model], Summary]
    # Where the API reads one record, and its schema; ``preview`` reads drafts too.
    api_rows: Callable[[bool], QuerySet]
    api_schema: type
    # schema.org JSON-LD of its detail page (without @context and url); None: it has none.
    linked_data: Callable[[Model, HttpRequest], dict] | None = None
    # Its own page, where the one record view shows it (``tracker.record_pages.RecordPage``,
    # typed loosely as the features' parts are); None: its page has a view of its own.
    page: Any = None
    # Its index, where the one index view shows it (``tracker.record_pages.RecordIndex``);
    # None: it has no index, or a view of its own lists it.
    index: Any = None
    # The model whose admin pages edit a record (a commitment: the proxy of its kind).
    edited_as: Callable[[Model], type[Model]] = _its_own_model
    # The features that list every type read each type's part from its registration. Each
    # field holds its feature's own small class, typed loosely here so that this module
    # imports no feature (the features import it).
    # How search finds it and shows it (``tracker.search.Searched``); None: never found.
    search: Any = None
    # How alerts log, show and follow it (``tracker.alerts.followed.Alerted``); None: never.
    alerted: Any = None
    # What a citation of a record states beyond a date, by disputed aspect, for discrepancy
    # detection: (record, citation) -> [(aspect, ``tracker.discrepancy_detection.Claim`` or
    # None)]; None: dates only.
    claims: Any = None
    # How it is shared (``tracker.sharing.Shareable``); None: it has no share image.
    shared: Any = None


_REGISTRY: dict[type[Model], RecordType] = {}


def register(record_type: RecordType) -> RecordType:
    if record_type.model in _REGISTRY:
        raise ValueError(f"{record_type.model.__name__} is registered already")
    _REGISTRY[record_type.model] = record_type
    return record_type


def registered() -> list[RecordType]:
    return list(_REGISTRY.values())


def record_type(record: Model) -> RecordType:
    """The registration of a record's type (a proxy's is its concrete model's)."""
    return registration_of(type(record))


def registered_as(key: str) -> RecordType:
    """The registration whose key is ``key`` ("figure")."""
    for registration in _REGISTRY.values():
        if registration.key == key:
            return registration
    raise KeyError(f"No record type is registered as {key!r}")


def registration_of(model: type[Model]) -> RecordType:
    """The registration of a model (a proxy's is its concrete model's)."""
    try:
        return _REGISTRY[model._meta.concrete_model]
    except KeyError:
        raise TypeError(f"{model.__name__} is not a registered record type") from None


def edited_as(record: Model) -> type[Model]:
    """The model whose admin pages edit ``record``: its registration's, else its own (a
    discrepancy's)."""
    registration = _REGISTRY.get(record._meta.concrete_model)
    return registration.edited_as(record) if registration else record._meta.model


def published_or_drafts(model: type[Model], preview: bool) -> QuerySet:
    """The published records of ``model``; every one for an editor's preview of a draft."""
    return model.objects.all() if preview else model.objects.published()


def summarise(record: Model) -> Summary:
    """A commitment, announcement, quote, figure, source, country, person, organisation or
    event, summed up."""
    return record_type(record).summary(record)
