"""CSV opens cleanly in a spreadsheet: BOM, one header row, numbers as numbers, no formulas."""

import csv
import datetime
import io
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Model
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.exports.bulk import body, csv_rows
from tracker import export_rows, money
from tracker.csv_cells import minor_units, number
from tracker.exports import cell, csv_response

pytestmark = pytest.mark.django_db


def test_a_list_streams_with_a_bom_and_one_header_row(client, world):
    response = client.get("/commitments/?format=csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert response["Content-Disposition"] == 'attachment; filename="commitments.csv"'
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeffslug,kind,title,")
    assert text.count("\ufeff") == 1
    lines = text.splitlines()
    assert len(lines) == 1 + 3  # the header and the three published commitments
    assert sum(line.startswith("\ufeffslug,") for line in lines) == 1


def test_amounts_are_numbers_in_major_units_with_a_currency_column(client, db):
    factories.FundingCommitmentFactory(slug="pounds", amount_minor=15_000_000_000, currency="GBP")
    factories.FundingCommitmentFactory(slug="euros", amount_minor=20_000_050, currency="EUR")
    factories.FundingCommitmentFactory(slug="yen", amount_minor=50_000_000, currency="JPY")
    factories.FundingCommitmentFactory(slug="dinars", amount_minor=1_234_567, currency="BHD")
    factories.PledgeFactory(slug="no-money")
    rows = {row["slug"]: row for row in csv_rows(client.get("/commitments/?format=csv"))}
    amounts = {slug: (row["amount"], row["currency"]) for slug, row in rows.items()}
    assert amounts == {
        "pounds": ("150000000", "GBP"),
        "euros": ("200000.5", "EUR"),
        "yen": ("50000000", "JPY"),  # yen have no minor unit
        "dinars": ("1234.567", "BHD"),  # Bahraini dinars have three decimal places
        "no-money": ("", ""),
    }
    assert float(rows["euros"]["amount"]) == 200000.5


def test_every_row_carries_its_permalink_and_dates_as_iso(client, world):
    row = next(
        r
        for r in csv_rows(client.get("/commitments/?format=csv"))
        if r["slug"] == "border-security-fund"
    )
    assert row["url"] == "http://testserver/commitments/border-security-fund/"
    assert row["announced_on"] == "2024-11-08"
    assert row["parties"] == "United Kingdom (funder)"
    assert row["sources_disagree"] == "true"


HOSTILE = {
    '=HYPERLINK("http://evil.example","click")': "'=HYPERLINK(",
    "+44 20 7946 0000": "'+44",
    "-2+3": "'-2+3",
    "@SUM(A1:A9)": "'@SUM",
    "\tTabbed": "'\tTabbed",
    "\rReturned": "'\rReturned",
}


def test_cells_that_a_spreadsheet_would_run_are_neutralised(client, db):
    for i, title in enumerate(HOSTILE):
        factories.PledgeFactory(slug=f"hostile-{i}", title=title, summary=title)
    rows = {row["slug"]: row for row in csv_rows(client.get("/commitments/?format=csv"))}
    for i, (title, start) in enumerate(HOSTILE.items()):
        row = rows[f"hostile-{i}"]
        assert row["title"].startswith(start), row["title"]
        assert row["title"] == "'" + title
        assert row["summary"] == "'" + title


def test_neutralising_leaves_numbers_dates_and_plain_text_alone():
    assert cell(-5) == "-5"
    assert cell(Decimal("-1.50")) == "-1.5"
    assert cell(datetime.date(2024, 11, 7)) == "2024-11-07"
    assert cell(None) == ""
    assert cell(True) == "true"
    assert cell("Serbia = partner") == "Serbia = partner"
    assert cell("-") == "'-"


WRITER_CELLS = [
    ["plain", "text", "http://testserver/x/"],
    ["a, comma", "", "url"],
    ['a "quote"', "x", "url"],
    ["a line\nbreak", "a return\r", "url"],
    ["", "", ""],
    [" leading and trailing spaces ", "Vučić – £5", "url"],
    ["'=neutralised", "a;semicolon", "url"],
]


@pytest.mark.parametrize("cells", WRITER_CELLS)
def test_rows_are_written_exactly_as_csv_writer_writes_them(rf, cells):
    """Rows that need no quoting are joined by commas (tracker.exports.csv_response),
    the others written by csv.writer: the bytes are the writer's either way."""
    expected = io.StringIO()
    csv.writer(expected).writerows([["a", "b", "url"], cells])
    response = csv_response(rf.get("/"), "test", ["a", "b"], [[cells]])
    assert body(response).decode("utf-8") == "\ufeff" + expected.getvalue()


def test_chunks_of_plain_and_quoted_rows_are_written_in_their_order(rf):
    """A chunk's lines are joined once: the writer's rows keep their places among them."""
    chunk = [*WRITER_CELLS, [""], *reversed(WRITER_CELLS)]
    chunks = [chunk, [], WRITER_CELLS[:2]]
    expected = io.StringIO()
    csv.writer(expected).writerows([["a", "b", "url"], *chunk, *WRITER_CELLS[:2]])
    response = csv_response(rf.get("/"), "test", ["a", "b"], chunks)
    assert body(response).decode("utf-8") == "\ufeff" + expected.getvalue()


def test_rows_of_every_mix_of_the_characters_the_writer_quotes_are_written_as_it_writes_them(rf):
    """The rows that need quoting are each cell ``quoted`` and joined, not handed to
    csv.writer (csv11): 20,000 rows of one to five cells made of the characters it
    quotes for, and their neighbours, give its bytes."""
    pieces = ["a", ",", '"', "\r", "\n", "\r\n", '""', " ", "'", "=", "-", "\t", "č", "–", ""]
    made = random.Random(18)
    rows = [
        ["".join(made.choices(pieces, k=made.randint(0, 4))) for _ in range(width)]
        for width in (made.randint(1, 5) for _ in range(20_000))
    ]
    expected = io.StringIO()
    csv.writer(expected).writerows([["a", "b", "url"], *rows])
    response = csv_response(rf.get("/"), "test", ["a", "b"], [rows])
    assert body(response).decode("utf-8") == "\ufeff" + expected.getvalue()


def test_parties_are_named_by_role_then_country_as_on_the_page(client, db):
    pledge = factories.PledgeFactory(slug="many-parties")
    for code, role in [("RS", "partner"), ("AL", "partner"), ("GB", "lead"), ("FR", "funder")]:
        factories.CommitmentPartyFactory(commitment=pledge, country_id=code, role=role)
    factories.PledgeFactory(slug="no-parties")
    rows = {row["slug"]: row for row in csv_rows(client.get("/commitments/?format=csv"))}
    page_order = "; ".join(str(party) for party in pledge.parties.all())
    assert (
        rows["many-parties"]["parties"]
        == page_order
        == ("France (funder); United Kingdom (lead); Albania (partner); Serbia (partner)")
    )
    assert rows["no-parties"]["parties"] == ""


def test_quote_and_source_columns(client, world):
    quote = csv_rows(client.get("/quotes/?format=csv"))[0]
    assert quote["speaker"] == "Keir Starmer"
    assert quote["speaker_role"] == "Prime Minister"  # on the day
    assert quote["text"] == "We will smash the gangs together"
    source = csv_rows(client.get("/sources/?format=csv"))[0]
    assert source["headline"] == "PM strikes deal with Serbia in Budapest"
    assert source["excerpts_cited"] == "7"
    assert source["url"] == f"http://testserver/sources/{world.article.pk}/"


def test_a_detail_page_gives_its_record_then_the_records_it_lists(client, world):
    rows = csv_rows(client.get(f"{world.announcement.get_absolute_url()}?format=csv"))
    assert [(row["type"], row["slug"]) for row in rows] == [
        ("announcement", "budapest-package"),
        ("funding", "border-security-fund"),
        ("partnership", "uk-serbia-partnership"),
        ("quote", "smash-the-gangs"),
        ("figure", "western-balkans-crossings"),
    ]
    funding = rows[1]
    assert (funding["amount"], funding["currency"], funding["status"]) == (
        "150000000",
        "GBP",
        "announced",
    )
    figure = rows[4]
    assert (figure["quantity"], figure["unit"]) == ("100000", "people")


def test_large_exports_are_read_in_chunks_not_all_at_once(
    client, db, monkeypatch, django_assert_max_num_queries
):
    """The CSV is a generator over QuerySet.iterator(): before the response starts the
    view only counts the rows (so that a database that is away fails in the view, a 503:
    tests/exports/test_outage.py; the count, remembered until the data changes, says
    whether the export is long); the rows are read as it streams, and written a chunk at
    a time."""
    monkeypatch.setattr(export_rows, "CHUNK", 2)
    factories.PledgeFactory.create_batch(5)
    # The data version and the count: here from the commitments' summary, the tally the
    # database keeps, which the list's overview reads too (overview.counted_by_summary).
    with django_assert_max_num_queries(2) as in_the_view:
        response = client.get("/commitments/?format=csv")
    assert any(
        "COUNT(" in query["sql"] or "tracker_commitmenttally" in query["sql"]
        for query in in_the_view.captured_queries
    )
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    with CaptureQueriesContext(connection) as streamed:
        pieces = list(response.streaming_content)
    # The header, then the five rows in chunks of two.
    assert len(pieces) == 4
    assert len(csv_rows(StreamingHttpResponse(pieces))) == 5
    # The countries' names, then the rows with their parties: one query for any number of
    # chunks, read as it streams (on PostgreSQL a DECLARE of a server-side cursor).
    reads = [query["sql"] for query in streamed]
    assert len(reads) == 2, reads
    assert "tracker_commitmentparty" in reads[1]


def test_the_commitments_csv_is_read_as_values_not_model_instances(client, db, monkeypatch):
    """Its rows come from values() (tracker/export_rows.py): building a commitment, its
    parties and their countries per row took most of a large export's time."""
    for pledge in factories.PledgeFactory.create_batch(3):
        factories.CommitmentPartyFactory(commitment=pledge)
    made = []
    from_db = Model.from_db.__func__

    def counted(model, *args, **kwargs):
        made.append(model.__name__)
        return from_db(model, *args, **kwargs)

    monkeypatch.setattr(Model, "from_db", classmethod(counted))
    response = client.get("/commitments/?format=csv")
    rows = csv_rows(response)
    assert len(rows) == 3
    assert all(row["parties"] and row["url"].endswith("/") for row in rows)
    assert made == []


def test_a_csv_of_no_more_rows_than_a_fetch_reads_them_in_one_plain_statement(
    client, db, monkeypatch
):
    """No transaction nor server-side cursor to open for one chunk (export_cursor): the
    rows' query is the only statement once the party names are read; more rows than a
    FETCH are read from a cursor."""
    for pledge in factories.PledgeFactory.create_batch(3):
        factories.CommitmentPartyFactory(commitment=pledge)
    chunked = []
    chunked_cursor = connection.chunked_cursor
    monkeypatch.setattr(connection, "chunked_cursor", lambda: chunked.append(1) or chunked_cursor())
    response = client.get("/commitments/?format=csv")
    with CaptureQueriesContext(connection) as streamed:
        rows = csv_rows(StreamingHttpResponse(list(response.streaming_content)))
    assert len(rows) == 3 and all(row["parties"] for row in rows)
    reads = [query["sql"] for query in streamed]
    assert len(reads) == 2, reads
    assert "tracker_commitmentparty" in reads[1]
    assert chunked == []
    monkeypatch.setattr(export_rows, "FETCHED", 2)
    assert len(csv_rows(client.get("/commitments/?format=csv"))) == 3
    assert chunked == [1]


@pytest.mark.parametrize("currency", ["GBP", "JPY", "KWD"])
def test_an_amount_in_minor_units_is_written_as_its_decimal_in_major_units(currency):
    """``minor_units`` writes what ``number(money.to_major(...))`` writes, in integers."""
    amounts = [0, 1, 5, 10, 99, 100, 101, 150, 1000, 10**18, 9_223_372_036_854_775_807]
    amounts += [12_345_678_900, 15_000_000_050, 7_000_000, 120]
    for amount in amounts + [-a for a in amounts]:
        places = money.exponent(currency)
        assert minor_units(amount, places) == number(money.to_major(amount, currency)), amount
