"""The quotes' CSV read as values (tracker.quote_rows) is the CSV that model instances
with their prefetched roles and countries gave, cell for cell and row for row."""

import csv
import datetime
import io

import pytest
from django.http import QueryDict

from tests import factories
from tests.exports.bulk import body
from tracker import export_rows, models
from tracker.csv_cells import cell
from tracker.filters import QuoteFilters
from tracker.quote_rows import CountryNames

# How each column was read from a quote with ``speaker__roles`` and ``countries``
# prefetched, before the rows were read as values.
FROM_INSTANCES = (
    ("slug", lambda q: q.slug),
    ("text", lambda q: q.text),
    ("speaker", lambda q: q.speaker.name),
    ("speaker_role", lambda q: q.speaker_role.title if q.speaker_role else ""),
    ("said_on", lambda q: q.said_on),
    ("said_on_precision", lambda q: q.said_on_precision),
    ("event", lambda q: q.event.name if q.event_id else ""),
    ("context", lambda q: q.context),
    ("countries", lambda q: "; ".join(country.name for country in q.countries.all())),
)
DAY = datetime.date(2024, 11, 7)


def from_instances(query: str) -> list[list[str]]:
    """The header and rows, as model instances made them, of ``/quotes/?<query>``."""
    filters = QuoteFilters(QueryDict(query))
    assert filters.is_valid(), filters.errors
    rows = filters.filter(models.Quote.objects.published().for_listing())
    header = [name for name, _ in FROM_INSTANCES] + ["url"]
    return [header] + [
        [
            *(cell(value(q)) for _, value in FROM_INSTANCES),
            f"http://testserver{q.get_absolute_url()}",
        ]
        for q in rows.prefetch_related("countries")
    ]


def more_quotes(world) -> None:
    """Quotes that exercise every column: a speaker with roles that start undated, end,
    and overlap; an undated quote; words a spreadsheet would take for a formula; several
    countries; an event; a speaker without roles; and a draft."""
    person = factories.PersonFactory(name="=Jane Doe", slug="jane-doe")
    factories.RoleFactory(person=person, title="Envoy", started_on=None, ended_on=DAY)
    factories.RoleFactory(person=person, title="Home Secretary", started_on=DAY)
    factories.RoleFactory(person=person, title="-Minister", started_on=datetime.date(2020, 1, 1))
    event = factories.EventFactory(name="+Summit")
    said = [
        dict(said_on=DAY - datetime.timedelta(days=1)),
        dict(said_on=DAY),
        dict(said_on=DAY + datetime.timedelta(days=400), event=event, context="@ the summit"),
        dict(said_on=None),
        dict(said_on=datetime.date(2019, 5, 1), said_on_precision="month", text="=1+1"),
    ]
    for n, fields in enumerate(said):
        quote = factories.QuoteFactory(slug=f"jane-{n}", speaker=person, **fields)
        quote.countries.set(["RS", "AL", "GB"][: n % 4])
    factories.QuoteFactory(slug="no-roles", said_on=DAY, context="\tindented")
    factories.QuoteFactory(
        slug="jane-draft", speaker=person, publication=models.Publication.DRAFT
    ).countries.set(["RS"])


@pytest.mark.parametrize(
    "query",
    ["", "sort=oldest", "country=serbia", "speaker=jane-doe", "event=summit-0", "q=gangs"],
)
def test_the_quotes_csv_is_what_model_instances_gave(client, world, query):
    more_quotes(world)
    if query == "event=summit-0":
        query = f"event={models.Event.objects.get(name='+Summit').slug}"
    response = client.get(f"/quotes/?{query}&format=csv")
    assert response.status_code == 200
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    expected = from_instances(query)
    assert len(expected) > 1
    assert rows == expected
    assert "jane-draft" not in text


def test_every_quote_across_chunks(client, world, monkeypatch):
    """Rows, their countries and their speakers' roles read a chunk at a time."""
    more_quotes(world)
    monkeypatch.setattr(export_rows, "CHUNK", 2)
    rows = list(csv.reader(io.StringIO(body(client.get("/quotes/?format=csv")).decode()[1:])))
    assert rows == from_instances("")
    assert len(rows) == 1 + models.Quote.objects.published().count() == 8


def test_a_country_added_during_a_download_is_named(db):
    """The countries' names are read when the download begins; a quote that an editor
    gives a new country meanwhile still has its cell, not a failed download."""
    names = CountryNames()
    models.Country.objects.create(code="ZZ", name="Zembla", slug="zembla", region="Europe")
    assert names.joined[("RS", "ZZ")] == "Serbia; Zembla"
