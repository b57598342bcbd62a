"""The intake assistant in the admin: what an editor sees and what its actions record."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests import factories
from tracker.admin.display import admin_url
from tracker.intake import Kind, find_candidates
from tracker.intake.actions import Planner
from tracker.models import (
    Citation,
    Commitment,
    CommitmentKind,
    Figure,
    FundingCommitment,
    Partnership,
    Publication,
    Quote,
    SourceArticle,
)

from .seeds import PM_CALLS

pytestmark = pytest.mark.django_db

NEW_TEXT = (
    "Cooper announces new Albanian partnership\n"
    "The Home Secretary, Yvette Cooper, signed a new agreement with Albania on 12 March 2025 "
    "to tackle people-smuggling gangs together.\n"
    "“We are going after the gangs wherever they operate, and Albania is a vital partner in "
    "that fight,” Cooper said.\n"
    "The UK will provide £12 million over three years for joint operations.\n"
    "Almost 3,000 people were returned to Albania last year."
)


@pytest.fixture
def new_article(seed_data):
    return SourceArticle.objects.create(
        slug="cooper-albania",
        headline="Cooper announces new Albanian partnership",
        publisher="The Example Times",
        published_on=datetime.date(2025, 3, 12),
        text=NEW_TEXT,
        publication=Publication.PUBLISHED,
    )


def intake_url(article) -> str:
    return reverse("admin:tracker_sourcearticle_intake", args=[article.pk])


def accept_url(article) -> str:
    return reverse("admin:tracker_sourcearticle_intake_accept", args=[article.pk])


def assert_back_at_the_row(client, response, article, found, record) -> None:
    """Accepting comes back to the intake page at the row, linking the record (issue 16)."""
    assert response.status_code == 302
    assert response.url == f"{intake_url(article)}#candidate-{found.key}"
    page = client.get(response.url)
    assert page.status_code == 200
    assert admin_url(record) in page.text


def candidate(article, kind, starting: str = "", *, exactly: str = ""):
    return next(
        c
        for c in find_candidates(article)
        if c.kind == kind
        and c.excerpt.startswith(starting)
        and (not exactly or c.excerpt == exactly)
    )


def test_the_article_page_links_to_the_assistant(editor_client, new_article):
    response = editor_client.get(
        reverse("admin:tracker_sourcearticle_change", args=[new_article.pk])
    )
    assert response.status_code == 200
    assert intake_url(new_article) in response.text


def test_an_editor_opens_the_intake_page(editor_client, new_article):
    response = editor_client.get(intake_url(new_article))

    assert response.status_code == 200
    text = response.text
    assert "Intake assistant" in text
    assert "The Example Times, 12 March 2025." in text
    sections = {s["kind"]: s for s in response.context["sections"]}
    assert sections[Kind.QUOTE]["count"] == 1
    assert sections[Kind.MONEY]["count"] == 1
    assert '<mark class="intake-mark">£12 million</mark>' in text
    assert "Draft a quote" in text and "Draft a funding commitment" in text
    assert "Draft a partnership" in text and "Draft a figure" in text
    assert 'name="csrfmiddlewaretoken"' in text
    # The strict Content-Security-Policy allows no inline script or style.
    assert "<style" not in text and " style=" not in text
    assert "<script>" not in text and "onclick" not in text


def test_the_seed_articles_show_what_is_already_cited(editor_client, seed_data):
    article = SourceArticle.objects.get(slug=PM_CALLS)
    response = editor_client.get(intake_url(article))
    assert response.status_code == 200
    quotes = next(s for s in response.context["sections"] if s["kind"] == Kind.QUOTE)
    assert [row.plan.action for row in quotes["rows"]] == ["cited", "cited", "cited"]
    assert "Cited already" in response.text
    assert ", November 2024." in response.text  # the article is dated to the month


def test_accepting_a_quote_drafts_it_citing_the_excerpt(editor_client, new_article):
    found = candidate(new_article, Kind.QUOTE)
    cooper = factories.PersonFactory(slug="yvette-cooper")
    assert found.speaker_id == cooper.pk

    response = editor_client.post(
        accept_url(new_article), {"candidate": found.key, "speaker": str(cooper.pk)}
    )

    quote = Quote.objects.get(citations__source=new_article)
    assert_back_at_the_row(editor_client, response, new_article, found, quote)
    assert quote.publication == Publication.DRAFT
    assert quote.speaker == cooper
    assert quote.text.startswith("We are going after the gangs") and quote.text.endswith("fight")
    assert set(quote.countries.values_list("code", flat=True)) == {"AL"}
    (citation,) = quote.citations.all()
    assert citation.excerpt == new_article.text[citation.start : citation.end]
    assert citation.excerpt.startswith("“We are going after")
    assert citation.excerpt.endswith("Cooper said.")
    # The record's own page is a link away, for the editor to complete it.
    assert editor_client.get(admin_url(quote)).status_code == 200


def test_a_quote_already_recorded_from_another_article_gets_a_citation(editor_client, seed_data):
    text = (
        "Sir Keir Starmer warned European leaders in Budapest. “There is a criminal empire "
        "operating on our continent, exacting a horrendous human toll,” the Prime Minister said."
    )
    article = factories.SourceArticleFactory(text=text, slug="budapest-warning")
    recorded = Quote.objects.get(slug="starmer-criminal-empire")
    quotes_before = Quote.objects.count()
    found = candidate(article, Kind.QUOTE)

    page = editor_client.get(intake_url(article))
    assert "Cite for this quote" in page.text
    response = editor_client.post(accept_url(article), {"candidate": found.key})

    assert_back_at_the_row(editor_client, response, article, found, recorded)
    assert Quote.objects.count() == quotes_before
    citation = recorded.citations.get(source=article)
    assert citation.excerpt.endswith("the Prime Minister said.")
    # a shorter extent of the same words: nothing to dispute
    assert not recorded.citations.filter(versions__discrepancy__aspect="wording").exists()


def test_accepting_an_amount_drafts_a_funding_commitment(editor_client, new_article):
    found = candidate(new_article, Kind.MONEY)
    response = editor_client.post(accept_url(new_article), {"candidate": found.key})

    funding = FundingCommitment.objects.get(citations__source=new_article)
    assert_back_at_the_row(editor_client, response, new_article, found, funding)
    assert (funding.amount_minor, funding.currency) == (12_000_000_00, "GBP")
    assert funding.title == "£12 million for joint operations"
    assert funding.purpose == "joint operations"
    assert funding.publication == Publication.DRAFT
    assert funding.kind == CommitmentKind.FUNDING
    parties = {(p.country_id, p.role) for p in funding.parties.all()}
    assert parties == {("GB", "funder")}
    assert funding.citations.get().excerpt == (
        "The UK will provide £12 million over three years for joint operations."
    )
    assert editor_client.get(admin_url(funding)).status_code == 200


def test_an_amount_already_recorded_gets_a_citation(editor_client, seed_data):
    text = "The Border Security Command will get £75m more, the Home Office confirmed."
    article = factories.SourceArticleFactory(text=text, slug="bsc-75m")
    recorded = Commitment.objects.get(slug="border-security-command-extra-75m")
    before = Commitment.objects.count()

    found = candidate(article, Kind.MONEY)
    response = editor_client.post(accept_url(article), {"candidate": found.key})

    assert_back_at_the_row(editor_client, response, article, found, recorded)
    assert Commitment.objects.count() == before
    assert recorded.citations.filter(source=article).count() == 1


def test_accepting_a_country_drafts_a_partnership(editor_client, new_article):
    found = candidate(new_article, Kind.COUNTRY, exactly="Albania")
    response = editor_client.post(accept_url(new_article), {"candidate": found.key})

    partnership = Partnership.objects.get(citations__source=new_article)
    assert_back_at_the_row(editor_client, response, new_article, found, partnership)
    assert list(partnership.parties.values_list("country_id", "role")) == [("AL", "partner")]
    assert partnership.publication == Publication.DRAFT
    assert "agreement with Albania" in partnership.citations.get().excerpt


def test_accepting_a_figure_drafts_it(editor_client, new_article):
    found = candidate(new_article, Kind.FIGURE, "Almost 3,000")
    editor_client.post(accept_url(new_article), {"candidate": found.key})

    figure = Figure.objects.get(citations__source=new_article)
    assert (figure.value, figure.unit, figure.qualifier) == (3000, "people", "almost")
    assert (figure.period_start, figure.period_end) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )
    assert list(figure.countries.values_list("code", flat=True)) == ["AL"]


def test_a_quote_needs_a_speaker(editor_client, new_article):
    found = candidate(new_article, Kind.QUOTE)
    response = editor_client.post(accept_url(new_article), {"candidate": found.key}, follow=True)
    assert "needs a speaker" in response.text
    assert not Quote.objects.filter(citations__source=new_article).exists()


def test_an_unknown_candidate_changes_nothing(editor_client, new_article):
    citations = Citation.objects.count()
    response = editor_client.post(accept_url(new_article), {"candidate": "quote-0-3"}, follow=True)
    assert "no longer in the text" in response.text
    assert Citation.objects.count() == citations


def test_accepting_needs_a_post(editor_client, new_article):
    assert editor_client.get(accept_url(new_article)).status_code == 405


def test_accepting_twice_cites_once(editor_client, new_article):
    found = candidate(new_article, Kind.MONEY)
    editor_client.post(accept_url(new_article), {"candidate": found.key})
    editor_client.post(accept_url(new_article), {"candidate": found.key})
    assert FundingCommitment.objects.filter(citations__source=new_article).count() == 1


def test_someone_without_permission_is_refused(client, django_user_model, new_article):
    stranger = django_user_model.objects.create_user(
        username="stranger", password="a-long-password-1", is_staff=True
    )
    client.force_login(stranger)
    found = candidate(new_article, Kind.MONEY)

    assert client.get(intake_url(new_article)).status_code == 403
    assert client.post(accept_url(new_article), {"candidate": found.key}).status_code == 403
    assert not Commitment.objects.filter(citations__source=new_article).exists()


def test_an_editor_who_may_not_add_records_sees_no_actions(editor, client, new_article):
    """The actions follow the admin's add and change permissions of each kind of record."""
    group = editor.groups.get()
    models = ("quote", "figure", "commitment", "fundingcommitment", "partnership")
    group.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="tracker",
            codename__in=[f"{action}_{model}" for model in models for action in ("add", "change")],
        )
    )
    client.force_login(editor)

    page = client.get(intake_url(new_article))
    assert page.status_code == 200
    assert 'class="intake-form"' not in page.text
    assert "needs the permission to add or change them" in page.text
    found = candidate(new_article, Kind.QUOTE)
    response = client.post(accept_url(new_article), {"candidate": found.key, "speaker": "1"})
    assert response.status_code == 403
    assert not Quote.objects.filter(citations__source=new_article).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, new_article):
    response = client.get(intake_url(new_article))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_an_amount_several_records_have_is_drafted_not_cited_at_random(editor_client, seed_data):
    text = "Each of the two agencies gets £75m more, the Home Office confirmed."
    article = factories.SourceArticleFactory(text=text, slug="two-agencies-75m")
    other = factories.FundingCommitmentFactory(amount_minor=75_000_000_00, currency="GBP")
    found = candidate(article, Kind.MONEY)

    page = editor_client.get(intake_url(article))
    assert "Several records have the same amount" in page.text
    assert reverse("admin:tracker_fundingcommitment_change", args=[other.pk]) in page.text
    editor_client.post(accept_url(article), {"candidate": found.key})

    drafted = FundingCommitment.objects.get(citations__source=article)
    assert drafted.pk != other.pk and drafted.publication == Publication.DRAFT
    assert not other.citations.filter(source=article).exists()


def test_a_sentence_cited_by_several_figures_points_each_number_to_its_own(seed_data):
    article = SourceArticle.objects.get(slug="starmer-to-sign-deals-with-balkan-states")
    planner = Planner(article)
    figures = {
        c.excerpt: planner.plan(c).record.slug
        for c in find_candidates(article)
        if c.kind == Kind.FIGURE and c.excerpt in ("17 members", "10 years", "15 years")
    }
    assert figures["17 members"] == "smuggling-gang-members-sentenced"
    assert figures["10 years"] == "gang-members-longest-sentence"
    assert figures["15 years"] == "gang-leader-sentence"
