"""Issue 16: what an editor met on real articles, from the intake page to publishing."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tracker.admin.display import admin_url
from tracker.intake import Kind, find_candidates
from tracker.intake.actions import Plan, Planner
from tracker.models import (
    Discrepancy,
    Figure,
    FundingCommitment,
    Person,
    Publication,
    Quote,
    SourceArticle,
)

pytestmark = pytest.mark.django_db


def intake_url(article) -> str:
    return reverse("admin:tracker_sourcearticle_intake", args=[article.pk])


def accept_url(article) -> str:
    return reverse("admin:tracker_sourcearticle_intake_accept", args=[article.pk])


def found(article, kind, excerpt):
    return next(c for c in find_candidates(article) if c.kind == kind and c.excerpt == excerpt)


def article_with(text: str, **fields) -> SourceArticle:
    return factories.SourceArticleFactory(text=text, **fields)


def test_another_amount_of_a_cited_sentence_is_not_cited_already(editor_client, db):
    """Before: “£3m” showed “Cited already” with the £5m record and no button."""
    article = article_with("The UK gives £5m to Serbia and £3m to Albania for border police.")
    editor_client.post(accept_url(article), {"candidate": found(article, Kind.MONEY, "£5m").key})
    five = FundingCommitment.objects.get(citations__source=article)

    planner = Planner(article, find_candidates(article))
    assert planner.plan(found(article, Kind.MONEY, "£5m")).action == Plan.CITED
    three = planner.plan(found(article, Kind.MONEY, "£3m"))
    assert three.action == Plan.DRAFT and three.record is None

    page = editor_client.get(intake_url(article))
    assert page.text.count("Cited already") == 1
    assert page.text.count(admin_url(five)) >= 1
    assert "Draft a funding commitment" in page.text


@pytest.fixture
def all_crossings(db):
    """A figure about all small-boat crossings, cited by another article."""
    figure = factories.FigureFactory(
        slug="crossings-rise", label="Rise in small boat crossings", value=19, unit="percent"
    )
    source = article_with("Small boat crossings rose by 19% this year.", slug="crossings-source")
    factories.CitationFactory(
        source=source, commitment=None, figure=figure, excerpt="Small boat crossings rose by 19%"
    )
    return figure


def test_same_number_different_thing_is_warned_and_can_be_drafted_instead(
    editor_client, all_crossings
):
    article = article_with(
        "Albanians made up 19% of asylum claims by people arriving from France.", slug="claims"
    )
    share = found(article, Kind.FIGURE, "19%")
    plan = Planner(article, [share]).plan(share)
    assert plan.action == Plan.CITE and plan.record == all_crossings
    assert "Same number, different thing?" in plan.warning

    page = editor_client.get(intake_url(article))
    assert "Same number, different thing?" in page.text
    assert "Cite for this figure" in page.text
    assert "Draft a new figure instead" in page.text

    editor_client.post(accept_url(article), {"candidate": share.key, "instead": "draft"})

    drafted = Figure.objects.get(citations__source=article)
    assert drafted != all_crossings
    assert not all_crossings.citations.filter(source=article).exists()
    # drafted figures are labelled by what they measure, not by “19%”
    assert drafted.label == "Share of asylum claims by people arriving from France"
    assert drafted.slug == "share-of-asylum-claims-by-people-arriving-from-france"
    assert drafted.note == ""  # no “Drafted from …” on the public page


def test_the_same_thing_is_cited_without_a_warning(all_crossings):
    article = article_with("Small boat crossings were up 19% on last year.", slug="same")
    rise = found(article, Kind.FIGURE, "19%")
    plan = Planner(article, [rise]).plan(rise)
    assert (plan.action, plan.record, plan.warning) == (Plan.CITE, all_crossings, "")


def test_a_country_named_in_passing_offers_no_partnership(editor_client, db):
    article = article_with(
        "Migrants travel through Serbia to reach the EU.\n"
        "The UK signed an agreement with Kosovo on returns."
    )
    planner = Planner(article, find_candidates(article))
    assert planner.plan(found(article, Kind.COUNTRY, "Serbia")) is None
    assert planner.plan(found(article, Kind.COUNTRY, "Kosovo")).action == Plan.DRAFT
    page = editor_client.get(intake_url(article))
    assert page.text.count("Draft a partnership") == 2  # the UK and Kosovo, not Serbia


def test_an_opened_discrepancy_is_told_to_the_editor_and_shown_on_the_page(editor_client, db):
    """Before: the discrepancy opened silently."""
    figure = factories.FigureFactory(
        slug="crossings-rise", label="Rise in small boat crossings", value=19, unit="percent"
    )
    first = article_with("Small boat crossings rose by 19% on 3 March 2024.", slug="first")
    factories.CitationFactory(
        source=first, commitment=None, figure=figure, excerpt=first.text.rstrip(".")
    )
    article = article_with("Small boat crossings rose by 19% on 5 March 2024.", slug="second")
    page = editor_client.get(intake_url(article))
    assert "The sources disagree" not in page.text

    rise = found(article, Kind.FIGURE, "19%")
    response = editor_client.post(accept_url(article), {"candidate": rise.key}, follow=True)

    assert figure.citations.filter(source=article).exists()
    opened = Discrepancy.objects.get()
    assert "The sources now disagree" in response.text
    assert admin_url(opened) in response.text
    page = editor_client.get(intake_url(article))
    assert "The sources disagree" in page.text and opened.subject in page.text


def test_a_speaker_the_tracker_does_not_know_is_added_from_the_row(editor_client, db):
    factories.PersonFactory(name="Yvette Cooper", slug="yvette-cooper")
    article = article_with(
        "Yvette Cooper met the director in Tirana.\n"
        "Interpol Secretary General Valdecy Urquiza said:\n"
        "“Criminal networks cross borders every day, and so must we.”"
    )
    quote = next(c for c in find_candidates(article) if c.kind == Kind.QUOTE)
    assert quote.speaker_id is None and "Valdecy Urquiza" in quote.speaker_name

    page = editor_client.get(intake_url(article))
    assert 'name="new_speaker"' in page.text
    assert f'value="{quote.speaker_name}"' in page.text

    editor_client.post(
        accept_url(article),
        {"candidate": quote.key, "speaker": "", "new_speaker": "Valdecy Urquiza"},
    )

    drafted = Quote.objects.get(citations__source=article)
    assert drafted.speaker == Person.objects.get(name="Valdecy Urquiza")


def test_a_drafted_quote_is_dated_and_placed_at_the_article_s_event(editor_client, db):
    speaker = factories.PersonFactory(name="Yvette Cooper", slug="yvette-cooper")
    event = factories.EventFactory(name="Interpol General Assembly", slug="interpol-ga")
    article = article_with(
        "Cooper spoke at the Interpol General Assembly in Glasgow.\n"
        "“We will go after the gangs wherever they are,” Cooper said.",
        published_on=datetime.date(2024, 11, 4),
    )
    quote = next(c for c in find_candidates(article) if c.kind == Kind.QUOTE)

    editor_client.post(accept_url(article), {"candidate": quote.key, "speaker": str(speaker.pk)})

    drafted = Quote.objects.get(citations__source=article)
    assert (drafted.said_on, drafted.said_on_precision) == (datetime.date(2024, 11, 4), "day")
    assert drafted.event == event


def test_records_citing_only_draft_articles_cannot_be_published(editor_client, db):
    draft_source = article_with("The UK gives £5m to Serbia.", publication=Publication.DRAFT)
    pledge = factories.PledgeFactory(publication=Publication.DRAFT, slug="serbia-5m")
    factories.CitationFactory(
        source=draft_source, commitment=pledge, excerpt="The UK gives £5m to Serbia."
    )

    response = editor_client.post(
        reverse("admin:tracker_pledge_changelist"),
        {"action": "publish", "_selected_action": [pledge.pk]},
        follow=True,
    )

    pledge.refresh_from_db()
    assert pledge.publication == Publication.DRAFT
    assert "every article it cites is still a draft" in response.text

    draft_source.publication = Publication.PUBLISHED
    draft_source.save()
    editor_client.post(
        reverse("admin:tracker_pledge_changelist"),
        {"action": "publish", "_selected_action": [pledge.pk]},
    )
    pledge.refresh_from_db()
    assert pledge.publication == Publication.PUBLISHED


def paragraph_of(n: int) -> str:
    return " ".join(
        f"The UK signed an agreement giving £{i + 1}m to Serbia for {i + 40} officers, "
        f"and “we will work with Serbia on case {i},” Cooper said."
        for i in range(n)
    )


def test_the_intake_page_s_queries_do_not_grow_with_its_rows(editor_client, db):
    factories.PersonFactory(name="Yvette Cooper", slug="yvette-cooper")
    small = article_with(paragraph_of(2), slug="small")
    large = article_with(paragraph_of(12), slug="large")
    editor_client.get(intake_url(small))  # sessions, permissions and the like, once

    counts = []
    for article in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(intake_url(article)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1], counts


def test_a_figure_in_words_is_drafted_with_its_value(editor_client, db):
    article = article_with("Police in five countries took part.")
    count = found(article, Kind.FIGURE, "five countries")
    editor_client.post(accept_url(article), {"candidate": count.key})
    figure = Figure.objects.get(citations__source=article)
    assert (figure.value, figure.unit) == (Decimal(5), "countries")


def test_one_action_publishes_the_article_and_the_drafts_citing_it(editor_client, db):
    article = article_with(
        "The UK gives £5m to Serbia for border police.", publication=Publication.DRAFT
    )
    amount = found(article, Kind.MONEY, "£5m")
    editor_client.post(accept_url(article), {"candidate": amount.key})
    funding = FundingCommitment.objects.get(citations__source=article)
    page = editor_client.get(intake_url(article))
    assert "Publish the article and its drafts" in page.text

    publish = reverse("admin:tracker_sourcearticle_intake_publish", args=[article.pk])
    response = editor_client.post(publish, follow=True)

    article.refresh_from_db()
    funding.refresh_from_db()
    assert article.publication == funding.publication == Publication.PUBLISHED
    assert "Published 2 records" in response.text
    assert editor_client.get(publish).status_code == 405


def test_publishing_needs_the_permission_to_change_every_record(client, editor, db):
    from django.contrib.auth.models import Permission

    article = article_with("The UK gives £5m to Serbia.", publication=Publication.DRAFT)
    factories.CitationFactory(
        source=article,
        commitment=factories.PledgeFactory(publication=Publication.DRAFT, slug="pledge-5m"),
        excerpt="The UK gives £5m to Serbia.",
    )
    editor.groups.get().permissions.remove(*Permission.objects.filter(codename="change_pledge"))
    client.force_login(editor)
    publish = reverse("admin:tracker_sourcearticle_intake_publish", args=[article.pk])
    assert client.post(publish).status_code == 403
    article.refresh_from_db()
    assert article.publication == Publication.DRAFT


def test_a_long_article_lists_the_first_candidates_of_each_kind(editor_client, db, monkeypatch):
    """Issue 17, item 7: the page of a very long article still answers in time."""
    from tracker.admin import intake as views

    monkeypatch.setattr(views, "ROWS_SHOWN", 2)
    article = article_with("The UK gives £1m, £2m, £3m, £4m and £5m to Serbia.")
    page = editor_client.get(intake_url(article))
    money = next(s for s in page.context["sections"] if s["kind"] == Kind.MONEY)
    assert [row.candidate.excerpt for row in money["rows"]] == ["£1m", "£2m"]
    assert money["count"] == 5
    assert "The text is long: the first 2 are listed here" in page.text
