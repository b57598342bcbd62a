"""The indexes' rows drawn in Python (tracker.templatetags.index_rows) are the markup the
templates' loops drew (kept here as they were), byte for byte, for records with and without
each optional part, escaping included."""

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Engine

from tracker.templatetags.index_rows import (
    announcement_rows,
    event_rows,
    figure_rows,
    organisation_rows,
    person_rows,
)

# The loops of templates/tracker/*_list.html before their rows were drawn in Python, as
# they were (the file holds no line break after the loop, as the page held none).
LOOPS = Path(__file__).parent / "index_rows_as_templates"


NASTY = "A <b> & \"quoted\" 'one'"


class Named(SimpleNamespace):
    """A record as the templates see it: its name as ``str()``, its address."""

    def __str__(self) -> str:
        return self.label_for_str

    def get_absolute_url(self) -> str:
        return f"/records/{self.slug}/"


def named(name: str, slug: str = "a-b", **fields) -> Named:
    return Named(name=name, slug=slug, label_for_str=name, **fields)


def many(*records):
    return SimpleNamespace(all=lambda: list(records))


COUNTRIES = [many(), many(named("Côte d'Ivoire")), many(named(NASTY), named("Serbia"))]


def figures():
    for n, (label, end, countries, sources, currency, qualifier) in enumerate(
        [
            ("to 2025", None, COUNTRIES[0], 0, "", "exact"),
            ("", datetime.date(2024, 11, 7), COUNTRIES[1], 1, "GBP", "about"),
            ("", None, COUNTRIES[2], 1234, "", "almost"),
        ]
    ):
        yield Named(
            slug=f"figure-{n}&",
            label=NASTY,
            period_label=label,
            period_end=end,
            countries=countries,
            source_count=sources,
            currency=currency,
            value="1500000",
            unit="people <small>",
            qualifier=qualifier,
            get_qualifier_display=lambda qualifier=qualifier: qualifier.capitalize(),
        )


def announcements():
    for n, (day, speaker, event, count) in enumerate(
        [
            (None, None, None, 0),
            (datetime.date(2024, 11, 7), named(NASTY, "p&q"), named("EPC <Budapest>"), 1),
            (datetime.date(2024, 1, 1), named("Keir"), None, 12345),
        ]
    ):
        yield Named(
            slug=f"announcement-{n}",
            title=NASTY,
            announced_on=day,
            announced_on_precision=("day", "month", "year")[n],
            speaker=speaker,
            event=event,
            countries=COUNTRIES[n],
            commitment_count=count,
        )


def roles():
    organisation = named("Home Office <HO>")
    yield None
    yield named("x", title=NASTY, organisation=None, ended_on=None, citation_id=None)
    yield named(
        "x",
        title="Minister",
        organisation=organisation,
        ended_on=datetime.date(2024, 3, 5),
        citation_id=7,
        background_reference="the register",
    )
    yield named(
        "x",
        title="Minister",
        organisation=organisation,
        ended_on=None,
        citation_id=7,
        background_reference="the register",
    )
    yield named(
        "x",
        title="Minister",
        organisation=None,
        ended_on=datetime.date(2024, 3, 5),
        citation_id=7,
        background_reference="",
    )


def people():
    for n, role in enumerate(roles()):
        yield named(
            NASTY,
            f"person-{n}&",
            honorific=("", "Rt Hon <b>")[n % 2],
            country=(None, named("Serbia & Co", "serbia"))[n % 2],
            roles=many(role) if role else many(),
            latest_roles=[role] if role else [],
            quote_count=(0, 1, 1234)[n % 3],
            announcement_count=(3, 0)[n % 2],
        )


def events():
    for n, (starts, ends, location, country) in enumerate(
        [
            (None, None, "", None),
            (datetime.date(2024, 11, 7), datetime.date(2024, 11, 7), NASTY, None),
            (datetime.date(2024, 11, 7), datetime.date(2024, 11, 9), "", named("Hungary")),
            (datetime.date(2024, 11, 7), None, "Budapest", named("Hungary & <x>")),
        ]
    ):
        yield named(
            NASTY,
            f"event-{n}",
            starts_on=starts,
            ends_on=ends,
            starts_on_precision=("day", "month")[n % 2],
            location=location,
            country=country,
            announcement_count=(0, 2)[n % 2],
            quote_count=(5000, 0)[n % 2],
        )


def organisations():
    for n in range(3):
        yield named(
            f"{NASTY} ({n})",
            f"organisation-{n}",
            country=(None, named("France"), named("A & B"))[n],
            commitment_count=(0, 1, 2000)[n],
            announcement_count=(None, 0, 7)[n],
        )


ENGINE = Engine(libraries={"tracker_format": "tracker.templatetags.tracker_format"})
LISTS = {
    "quote_list": "/quotes/?a&b",
    "announcement_list": "/announcements/",
    "commitment_list": "/c/",
}


@pytest.mark.parametrize(
    ("kind", "records", "drawn"),
    [
        ("figure", figures, figure_rows),
        ("announcement", announcements, announcement_rows),
        (
            "person",
            people,
            lambda rows: person_rows(rows, LISTS["quote_list"], LISTS["announcement_list"]),
        ),
        (
            "event",
            events,
            lambda rows: event_rows(rows, LISTS["announcement_list"], LISTS["quote_list"]),
        ),
        (
            "organisation",
            organisations,
            lambda rows: organisation_rows(rows, LISTS["commitment_list"]),
        ),
    ],
)
def test_the_rows_are_the_templates_markup(kind, records, drawn):
    rows = list(records())
    loop = (LOOPS / f"{kind}.html").read_text()
    template = ENGINE.from_string("{% load tracker_format %}" + loop)
    by_template = template.render(Context({"rows": rows, **LISTS}))
    assert drawn(rows) == by_template
    assert by_template.count("<tr ") == len(rows)
    assert "&lt;b&gt;" in by_template and "<b>" not in by_template


def test_no_rows_draw_nothing():
    assert figure_rows([]) == ""


@pytest.mark.parametrize(
    ("kind", "records", "drawn"),
    [("figure", figures, figure_rows), ("announcement", announcements, announcement_rows)],
)
def test_a_country_named_by_nothing_is_drawn_as_the_templates_drew_it(kind, records, drawn):
    """A record whose one country has an empty name (the database allows one): the loop drew
    the name, nothing, and "None named" only for a record of no countries."""
    rows = list(records())
    for row in rows:
        row.countries = many(named(""))
    loop = (LOOPS / f"{kind}.html").read_text()
    template = ENGINE.from_string("{% load tracker_format %}" + loop)
    by_template = template.render(Context({"rows": rows, **LISTS}))
    assert "None named" not in by_template
    assert drawn(rows) == by_template
