"""Bulk import and export: a dry run first, a per-row report, and all or nothing."""

import csv
import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from tracker.models import Citation, Commitment, Country, FundingCommitment, Quote, SourceArticle
from tracker.resources.base import TrackerResource
from tracker.resources.records import resource_of

from .helpers import admin_url, form_data

pytestmark = pytest.mark.django_db

CSV, JSON = "0", "1"  # the import form's choices, in tracker.admin.imports.FORMATS order


def upload(client, model, content: bytes | str, fmt: str = CSV, name: str = "records.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return client.post(
        admin_url(model, "import"),
        {"format": fmt, "import_file": SimpleUploadedFile(name, content)},
    )


def confirm(client, model, dry_run):
    """Press “Confirm import” on the preview."""
    assert dry_run.context.get("confirm_form") is not None, report(dry_run)
    return client.post(admin_url(model, "process_import"), form_data(dry_run, None, action=True))


def report(response) -> str:
    """The page's import report, as text."""
    text = response.content.decode()
    start = text.find('<div class="import-report">')
    return text[start : text.find("</table>", start) + 8] if start >= 0 else ""


def rows_as_csv(*rows: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (SourceArticle, Citation, Commitment, Quote))


@pytest.fixture
def world(db):
    """What the files below refer to by slug."""
    article = factories.SourceArticleFactory(slug="bbc-budapest")
    factories.PersonFactory(slug="yvette-cooper", name="Yvette Cooper")
    factories.OrganisationFactory(slug="home-office", name="Home Office")
    return article


FUNDING = {
    "slug": "border-security-fund",
    "kind": "funding",
    "title": "£10 million for border security",
    "summary": "Money for border security over two years.",
    "amount_minor": "1000000000",
    "currency": "GBP",
    "funding_type": "new",
    "funder": "home-office",
    "publication": "draft",
}


def test_a_malformed_file_writes_nothing_and_says_what_is_wrong_row_by_row(editor_client, world):
    before = counts()
    content = rows_as_csv(
        FUNDING,
        {**FUNDING, "slug": "bad-currency", "currency": "XYZ"},
        {**FUNDING, "slug": "negative", "amount_minor": "-5"},
        {**FUNDING, "slug": "unknown-funder", "funder": "ministry-of-magic"},
        {**FUNDING, "slug": "prose-amount", "amount_minor": "£75m"},
    )

    response = upload(editor_client, Commitment, content)

    assert response.status_code == 200
    assert response.context.get("confirm_form") is None  # nothing to confirm
    text = report(response)
    assert "Nothing was imported" in text
    assert "problems in 4 rows" in text
    problems = {
        row.number: " ".join(str(e) for errors in row.error_dict.values() for e in errors)
        for row in response.context["result"].invalid_rows
    }
    assert set(problems) == {2, 3, 4, 5}
    assert "“XYZ” is not an ISO 4217 currency code, such as GBP, EUR or USD." in problems[2]
    assert "An amount cannot be negative." in problems[3]
    assert "No organisation has the slug “ministry-of-magic”." in problems[4]
    assert "“£75m” is not a whole number" in problems[5]
    assert "ministry-of-magic" in text and '<th scope="row">4</th>' in text
    assert counts() == before
    assert not Commitment.objects.filter(slug="border-security-fund").exists()


def test_unknown_and_missing_columns_are_named(editor_client, world):
    content = rows_as_csv({"slug": "x", "kind": "pledge", "summary": "s", "colour": "red"})

    response = upload(editor_client, Commitment, content)

    text = report(response)
    assert "Unknown column: “colour”." in text
    assert "Missing column: “title”." in text
    assert "Commitment.DoesNotExist" not in text and "Traceback" not in text
    assert not Commitment.objects.filter(slug="x").exists()


def test_an_excerpt_not_in_its_article_fails_the_whole_citation_file(editor_client, world):
    pledge = factories.PledgeFactory(slug="intelligence-unit")
    before = counts()
    content = rows_as_csv(
        {
            "source": "bbc-budapest",
            "commitment": "intelligence-unit",
            "excerpt": "a new partnership with Serbia",
        },
        {
            "source": "bbc-budapest",
            "commitment": "intelligence-unit",
            "excerpt": "words the article never printed",
        },
    )

    response = upload(editor_client, Citation, content)

    (invalid,) = response.context["result"].invalid_rows
    assert invalid.number == 2
    assert invalid.error_dict["excerpt"] == [
        f"This excerpt does not occur in the text of “{world.headline}”."
    ]
    assert counts() == before
    assert not pledge.citations.exists()


def test_a_file_that_is_not_utf8_is_refused_clearly(editor_client, world):
    content = rows_as_csv({**FUNDING, "title": "Financement de la sécurité"}).encode("latin-1")

    response = upload(editor_client, Commitment, content)

    errors = response.context["form"].errors["import_file"]
    assert "The file is not UTF-8 text" in errors[0]
    assert "Nothing was imported" in errors[0]
    assert not Commitment.objects.filter(slug="border-security-fund").exists()


def test_a_good_file_is_previewed_without_writing_then_imported_on_confirm(
    editor_client, editor, world
):
    content = rows_as_csv(
        FUNDING,
        {**FUNDING, "slug": "more-money", "amount_minor": "2500000000", "funder": ""},
    )

    dry_run = upload(editor_client, Commitment, content)

    assert dry_run.status_code == 200
    result = dry_run.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 2
    assert "Preview: nothing has been saved yet" in dry_run.text
    assert "<ins>£10 million for border security</ins>" in dry_run.text
    assert not Commitment.objects.filter(slug__in=["border-security-fund", "more-money"]).exists()

    confirmed = confirm(editor_client, Commitment, dry_run)

    assert confirmed.status_code == 302
    fund = Commitment.objects.get(slug="border-security-fund")
    assert (fund.amount_minor, fund.currency, fund.funder.slug) == (
        1_000_000_000,
        "GBP",
        "home-office",
    )
    assert Commitment.objects.get(slug="more-money").funder is None
    latest = fund.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Imported from records.csv"


def test_json_quotes_with_countries_by_slug(editor_client, world):
    content = json.dumps(
        [
            {
                "slug": "work-together",
                "text": "We will work together against the gangs,",
                "speaker": "yvette-cooper",
                "said_on": "2024-11-07",
                "countries": "serbia|kosovo",
                "publication": "draft",
            }
        ]
    )

    dry_run = upload(editor_client, Quote, content, fmt=JSON, name="quotes.json")
    confirm(editor_client, Quote, dry_run)

    quote = Quote.objects.get(slug="work-together")
    assert quote.speaker.slug == "yvette-cooper"
    assert sorted(quote.countries.values_list("code", flat=True)) == ["RS", "XK"]


def test_an_unknown_country_in_a_list_is_a_row_error(editor_client, world):
    content = json.dumps(
        [{"slug": "q", "text": "Words.", "speaker": "yvette-cooper", "countries": "serbia|narnia"}]
    )

    response = upload(editor_client, Quote, content, fmt=JSON, name="quotes.json")

    (invalid,) = response.context["result"].invalid_rows
    assert invalid.error_dict["countries"] == ["Unknown countries (slug): “narnia”."]
    assert not Quote.objects.filter(slug="q").exists()


def test_an_import_that_fails_on_confirm_writes_nothing(editor_client, world):
    content = rows_as_csv(FUNDING, {**FUNDING, "slug": "second", "funder": "home-office"})
    dry_run = upload(editor_client, Commitment, content)
    # Between the preview and the confirmation, the funder disappears.
    from tracker.models import Organisation

    Organisation.objects.filter(slug="home-office").delete()

    response = confirm(editor_client, Commitment, dry_run)

    assert response.status_code == 200
    assert "Nothing was imported" in response.text
    assert not Commitment.objects.filter(slug__in=["border-security-fund", "second"]).exists()


def test_an_export_imports_back_unchanged(editor_client, world):
    home_office = factories.OrganisationFactory(slug="home-office")
    funding = factories.FundingCommitmentFactory(slug="fund", funder=home_office)
    factories.CommitmentPartyFactory(commitment=funding, country_id="RS")
    page = editor_client.get(admin_url(Commitment, "export"))
    data = form_data(page, None, action=True)
    data["format"] = CSV

    exported = editor_client.post(admin_url(Commitment, "export"), data)

    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert (row["slug"], row["funder"], row["amount_minor"], row["parties"]) == (
        "fund",
        "home-office",
        "1000000000",
        "RS:partner",
    )
    again = upload(editor_client, Commitment, text)
    assert again.context["result"].totals["skip"] == 1, report(again)


def test_citations_export_and_import_back(editor_client, world):
    factories.CitationFactory(source=world, commitment__slug="unit")
    page = editor_client.get(admin_url(Citation, "export"))
    data = {**form_data(page, None, action=True), "format": JSON}

    exported = editor_client.post(admin_url(Citation, "export"), data)

    rows = json.loads(exported.content)
    assert rows == [
        {
            "source": "bbc-budapest",
            "announcement": "",
            "commitment": "unit",
            "quote": "",
            "figure": "",
            "excerpt": "The minister announced a new partnership with Serbia on Monday.",
        }
    ]
    again = upload(editor_client, Citation, exported.content, fmt=JSON, name="c.json")
    assert again.context["result"].totals["skip"] == 1, report(again)


def test_dates_are_imported_with_their_precision(editor_client, world):
    in_november = {"announced_on": "2024-11-01", "announced_on_precision": "month"}
    content = rows_as_csv(
        {**FUNDING, **in_november, "period_end": "2026-01-01", "period_end_precision": "year"},
        {**FUNDING, "slug": "on-the-7th", "announced_on": "2024-11-07"},
    )

    confirm(editor_client, Commitment, upload(editor_client, Commitment, content))

    fund = Commitment.objects.get(slug="border-security-fund")
    assert (fund.announced_on_precision, fund.period_end_precision) == ("month", "year")
    assert Commitment.objects.get(slug="on-the-7th").announced_on_precision == "day"


def test_a_date_beyond_its_precision_is_a_row_error(editor_client, world):
    content = rows_as_csv(
        {**FUNDING, "announced_on": "2024-11-07", "announced_on_precision": "month"}
    )

    response = upload(editor_client, Commitment, content)

    (invalid,) = response.context["result"].invalid_rows
    assert invalid.error_dict["__all__"] == [
        "Announced on: a date known only to its month is entered as the 1st of the month, "
        "one known only to its year as 1 January."
    ]
    assert not Commitment.objects.filter(slug="border-security-fund").exists()


def test_a_file_without_precisions_keeps_those_recorded(editor_client, world):
    factories.QuoteFactory(
        slug="work-together",
        speaker__slug="yvette-cooper",
        said_on=datetime.date(2024, 11, 1),
        said_on_precision="month",
    )
    content = json.dumps([{"slug": "work-together", "text": "Words.", "speaker": "yvette-cooper"}])

    confirm(editor_client, Quote, upload(editor_client, Quote, content, fmt=JSON, name="q.json"))

    quote = Quote.objects.get(slug="work-together")
    assert (quote.text, quote.said_on_precision) == ("Words.", "month")


def test_each_resource_is_found_by_its_model_and_a_proxy_by_its_concrete_models():
    for resource in TrackerResource.__subclasses__():
        assert resource_of(resource._meta.model) is resource
    assert resource_of(FundingCommitment) is resource_of(Commitment)
    with pytest.raises(LookupError, match="Country"):
        resource_of(Country)
