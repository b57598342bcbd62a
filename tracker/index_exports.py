"""How the indexes' rows become CSV columns and JSON records (tracker.exports streams them):
countries, people, organisations, announcements, events and figures."""

from django.db.models import QuerySet

from tracker.api import actor_schemas, schemas
from tracker.exports import Column, Table, _names, cell, count_columns
from tracker.models import COMMITMENT_COUNTS, RECORD_COUNTS
from tracker.money import to_major


def _current_role(person) -> str:
    """The role the person holds now (no end date), from the prefetched roles."""
    current = next((role for role in person.roles.all() if role.ended_on is None), None)
    return current.title if current else ""


def _country_name(record) -> str:
    return record.country.name if record.country_id else ""


def _money(country) -> str:
    """A country's countable money, per currency, never added across currencies."""
    return _names(f"{cell(to_major(total, code))} {code}" for code, total in country.money)


COUNTRY_INDEX_COLUMNS: tuple[Column, ...] = (
    ("code", lambda c: c.code),
    ("slug", lambda c: c.slug),
    ("name", lambda c: c.name),
    ("region", lambda c: c.region),
    ("commitments", lambda c: c.commitment_count),
    *count_columns(COMMITMENT_COUNTS),
    ("money", _money),
    *count_columns(RECORD_COUNTS),
    ("people", lambda c: c.people_count),
)
PERSON_COLUMNS: tuple[Column, ...] = (
    ("slug", lambda p: p.slug),
    ("name", lambda p: p.name),
    ("honorific", lambda p: p.honorific),
    ("country", _country_name),
    ("current_role", _current_role),
    ("quotes", lambda p: p.quote_count),
    ("announcements", lambda p: p.announcement_count),
)
ORGANISATION_COLUMNS: tuple[Column, ...] = (
    ("slug", lambda o: o.slug),
    ("name", lambda o: o.name),
    ("abbreviation", lambda o: o.abbreviation),
    ("country", _country_name),
    ("commitments", lambda o: o.commitment_count),
    ("announcements", lambda o: o.announcement_count),
)
ANNOUNCEMENT_COLUMNS: tuple[Column, ...] = (
    ("slug", lambda a: a.slug),
    ("title", lambda a: a.title),
    ("summary", lambda a: a.summary),
    ("announced_on", lambda a: a.announced_on),
    ("announced_on_precision", lambda a: a.announced_on_precision),
    ("speaker", lambda a: a.speaker.name if a.speaker_id else ""),
    ("event", lambda a: a.event.name if a.event_id else ""),
    ("countries", lambda a: _names(country.name for country in a.countries.all())),
    ("commitments", lambda a: a.commitment_count),
)
EVENT_COLUMNS: tuple[Column, ...] = (
    ("slug", lambda e: e.slug),
    ("name", lambda e: e.name),
    ("location", lambda e: e.location),
    ("country", _country_name),
    ("starts_on", lambda e: e.starts_on),
    ("ends_on", lambda e: e.ends_on),
    ("date_precision", lambda e: e.starts_on_precision),
    ("announcements", lambda e: e.announcement_count),
    ("quotes", lambda e: e.quote_count),
)
FIGURE_COLUMNS: tuple[Column, ...] = (
    ("slug", lambda f: f.slug),
    ("label", lambda f: f.label),
    ("qualifier", lambda f: f.qualifier),
    ("value", lambda f: f.value),
    ("unit", lambda f: f.unit),
    ("currency", lambda f: f.currency),
    ("period_label", lambda f: f.period_label),
    ("period_start", lambda f: f.period_start),
    ("period_end", lambda f: f.period_end),
    ("countries", lambda f: _names(country.name for country in f.countries.all())),
    ("sources", lambda f: f.source_count),
)


def _for_export(rows: QuerySet) -> QuerySet:
    return rows.for_export()


# Its rows are a list of counted countries (tracker.country_index), not a queryset.
COUNTRY_INDEX = Table("countries", COUNTRY_INDEX_COLUMNS, actor_schemas.CountryOut)
PEOPLE = Table("people", PERSON_COLUMNS, actor_schemas.PersonOut)
ORGANISATIONS = Table("organisations", ORGANISATION_COLUMNS, schemas.OrganisationDetailOut)
ANNOUNCEMENTS = Table("announcements", ANNOUNCEMENT_COLUMNS, schemas.AnnouncementOut, _for_export)
EVENTS = Table("events", EVENT_COLUMNS, actor_schemas.EventOut)
FIGURES = Table("figures", FIGURE_COLUMNS, schemas.FigureOut, _for_export)
