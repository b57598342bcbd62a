"""Draft → published and back; editors preview drafts; the public never sees one."""

import datetime

import pytest
from django.contrib.admin import helpers
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.admin.test_admin_forms import commitment_form
from tracker.models import Commitment, Publication, Quote, StatusChange

from .helpers import admin_url

pytestmark = pytest.mark.django_db

WORD = "Zanzibarian"  # in every draft below, and in nothing published


def drafts():
    """A draft of every kind with a public page, each citing its source."""
    article = factories.SourceArticleFactory(
        headline=f"{WORD} article", publication=Publication.DRAFT
    )
    published_article = factories.SourceArticleFactory()
    records = {
        "commitment": factories.PledgeFactory(title=f"{WORD} pledge"),
        "quote": factories.QuoteFactory(text=f"{WORD} words"),
        "figure": factories.FigureFactory(label=f"{WORD} figure"),
        "announcement": factories.AnnouncementFactory(title=f"{WORD} announcement"),
    }
    for name, record in records.items():
        record.publication = Publication.DRAFT
        record.save()
        factories.CitationFactory(source=published_article, **{"commitment": None, name: record})
    return {**records, "source": article}


@pytest.fixture
def public():
    """Someone not logged in (``client`` is the editor's, once ``editor_client`` is used)."""
    return Client()


@pytest.fixture
def outsider_client(django_user_model):
    outsider = django_user_model.objects.create_user(
        username="outsider", password="an-outsider-password", is_staff=True
    )
    client = Client()
    client.force_login(outsider)
    return client


KINDS = ["commitment", "quote", "figure", "announcement", "source"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_editor_previews_a_draft_with_a_banner_and_no_caching(editor_client, kind):
    record = drafts()[kind]

    response = editor_client.get(record.get_absolute_url())

    assert response.status_code == 200
    assert "Draft — not public." in response.text
    assert WORD in response.text
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_editor_downloads_a_draft_preview_as_json_and_csv(editor_client, public, kind):
    record = drafts()[kind]
    url = record.get_absolute_url()

    as_json = editor_client.get(url, {"format": "json"})
    as_csv = editor_client.get(url, {"format": "csv"})

    assert as_json.status_code == 200
    assert as_json.json()[kind]["slug"] == record.slug
    assert WORD in as_json.text
    assert as_csv.status_code == 200 and WORD in body_of(as_csv)
    for response in (as_json, as_csv):
        assert "no-store" in response["Cache-Control"]
    assert public.get(url, {"format": "json"}).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_the_public_and_other_staff_get_not_found(public, outsider_client, kind):
    record = drafts()[kind]
    url = record.get_absolute_url()

    assert public.get(url).status_code == 404
    assert outsider_client.get(url).status_code == 404
    assert public.get(url, {"format": "json"}).status_code == 404


def test_a_published_page_has_no_banner_and_stays_cacheable_for_the_public(editor_client, public):
    pledge = factories.PledgeFactory()
    factories.CitationFactory(commitment=pledge)

    for visitor in (editor_client, public):
        response = visitor.get(pledge.get_absolute_url())
        assert response.status_code == 200
        assert "Draft — not public" not in response.text
    assert "no-store" not in response.get("Cache-Control", "")  # the public's copy


def publish_action(client, model, action: str, *records):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, helpers.ACTION_CHECKBOX_NAME: [str(r.pk) for r in records]},
    )


def test_publishing_makes_a_draft_public_and_unpublishing_hides_it_again(editor_client, public):
    quote = drafts()["quote"]
    url = quote.get_absolute_url()
    assert public.get(url).status_code == 404

    publish_action(editor_client, Quote, "publish", quote)

    assert public.get(url).status_code == 200
    assert WORD in public.get(reverse("quote-list")).text
    assert Quote.history.filter(id=quote.pk).first().publication == Publication.PUBLISHED

    publish_action(editor_client, Quote, "unpublish", quote)

    assert public.get(url).status_code == 404
    assert WORD not in public.get(reverse("quote-list")).text


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/commitments/",
        "/quotes/",
        "/sources/",
        "/countries/",
        f"/search/?q={WORD}",
        "/commitments/?format=csv",
        "/quotes/?format=json",
        "/sources/?format=csv",
        f"/search/?q={WORD}&format=json",
        "/?format=atom",
        "/api/commitments",
        "/api/quotes",
        "/api/figures",
        "/api/announcements",
        "/api/sources",
    ],
)
def test_drafts_are_in_no_list_search_export_feed_or_api_even_for_editors(
    public, editor_client, url
):
    drafts()
    for visitor in (public, editor_client):
        response = visitor.get(url)
        assert response.status_code == 200, url
        if url.startswith("/search/"):  # the page repeats the words searched for
            found = (
                response.json()["results"] if "format" in url else response.context["result_total"]
            )
            assert not found, url
        else:
            assert WORD not in body_of(response), url


def test_the_admin_filters_drafts_and_published(editor_client):
    draft = drafts()["commitment"]
    published = factories.PledgeFactory(title="A published pledge")

    listing = editor_client.get(
        admin_url(Commitment, "changelist"), {"publication__exact": "draft"}
    )

    shown = set(listing.context["cl"].result_list)
    assert draft in shown and published not in shown
    assert "Publish selected" in listing.text and "Unpublish selected" in listing.text


# ---------------------------------------------------------------- status changes


def status_row(**fields) -> dict:
    row = {
        "changed_on": "2025-03-01",
        "changed_on_precision": "day",
        "status": "in_progress",
        "reason": "Work began.",
        **fields,
    }
    return {f"status_history-0-{name}": value for name, value in row.items()}


def post_status(client, pledge, citation_count: int, **fields):
    data = commitment_form(
        title=pledge.title,
        slug=pledge.slug,
        summary=pledge.summary,
        publication=pledge.publication,
        **{
            "citations-TOTAL_FORMS": str(citation_count),
            "citations-INITIAL_FORMS": str(citation_count),
        },
        **{
            f"citations-{i}-{name}": value
            for i, citation in enumerate(pledge.citations.order_by("pk"))
            for name, value in {
                "id": str(citation.pk),
                "commitment": str(pledge.pk),
                "source": str(citation.source_id),
                "excerpt": citation.excerpt,
            }.items()
        },
        **{"status_history-TOTAL_FORMS": "1"},
        **status_row(**fields),
    )
    return client.post(admin_url(type(pledge), "change", pledge.pk), data)


def status_errors(response) -> dict:
    (formset,) = [
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "status_history"
    ]
    return formset.formset.errors[0]


@pytest.fixture
def pledge_with_citation():
    from tracker.models import Pledge

    pledge = factories.PledgeFactory(publication=Publication.DRAFT)
    citation = factories.CitationFactory(commitment=pledge)
    return Pledge.objects.get(pk=pledge.pk), citation


@pytest.mark.parametrize("missing", ["changed_on", "reason", "citation"])
def test_a_status_change_needs_a_date_a_reason_and_a_citation(
    editor_client, pledge_with_citation, missing
):
    pledge, citation = pledge_with_citation
    fields = {"citation": str(citation.pk), missing: ""}

    response = post_status(editor_client, pledge, 1, **fields)

    assert response.status_code == 200
    assert missing in status_errors(response)
    assert not StatusChange.objects.filter(commitment=pledge).exists()


def test_a_status_change_cites_its_own_commitment(editor_client, pledge_with_citation):
    pledge, _ = pledge_with_citation
    elsewhere = factories.CitationFactory()  # supports another commitment

    response = post_status(editor_client, pledge, 1, citation=str(elsewhere.pk))

    assert response.status_code == 200
    assert "citation" in status_errors(response)
    assert not StatusChange.objects.filter(commitment=pledge).exists()


def test_a_complete_status_change_is_saved_and_moves_the_status(
    editor_client, pledge_with_citation
):
    pledge, citation = pledge_with_citation

    response = post_status(editor_client, pledge, 1, citation=str(citation.pk))

    assert response.status_code == 302
    change = StatusChange.objects.get(commitment=pledge)
    assert (change.changed_on, change.reason, change.citation) == (
        datetime.date(2025, 3, 1),
        "Work began.",
        citation,
    )
    assert Commitment.objects.get(pk=pledge.pk).status == "in_progress"


def test_a_status_change_known_only_to_its_month_is_entered_as_the_1st(
    editor_client, pledge_with_citation
):
    pledge, citation = pledge_with_citation
    in_march = {"citation": str(citation.pk), "changed_on_precision": "month"}

    refused = post_status(editor_client, pledge, 1, changed_on="2025-03-07", **in_march)
    saved = post_status(editor_client, pledge, 1, changed_on="2025-03-01", **in_march)

    assert refused.status_code == 200
    assert status_errors(refused)["__all__"] == [
        "Changed on: a date known only to its month is entered as the 1st of the month, "
        "one known only to its year as 1 January."
    ]
    assert saved.status_code == 302
    change = StatusChange.objects.get(commitment=pledge)
    assert (change.changed_on, change.changed_on_precision) == (datetime.date(2025, 3, 1), "month")
