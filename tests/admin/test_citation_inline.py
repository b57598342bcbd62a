"""Citing an article from a record's admin page, and publishing what is cited."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from tests.factories import (
    CitationFactory,
    FigureFactory,
    PersonFactory,
    QuoteFactory,
    SourceArticleFactory,
)
from tracker.models import Citation, Publication, Quote

ARTICLE_TEXT = (
    'The Home Secretary said: "We will smash the gangs."\n\n'
    "The plan – agreed in Budapest –   covers\n  two years."
)
QUOTE_ADD = reverse("admin:tracker_quote_add")
QUOTE_LIST = reverse("admin:tracker_quote_changelist")


@pytest.fixture
def article(db):
    headline = "Home Secretary vows to smash the gangs"
    return SourceArticleFactory(headline=headline, text=ARTICLE_TEXT)


@pytest.fixture
def speaker(db):
    return PersonFactory(name="Yvette Cooper", slug="yvette-cooper")


def management_form(total: int, initial: int = 0) -> dict[str, str]:
    return {
        "citations-TOTAL_FORMS": str(total),
        "citations-INITIAL_FORMS": str(initial),
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
    }


def quote_form(speaker, *, publication=Publication.DRAFT, **fields) -> dict[str, str]:
    return {
        "text": "We will smash the gangs.",
        "slug": "we-will-smash-the-gangs",
        "speaker": str(speaker.pk),
        "said_on": "2024-11-07",
        "said_on_precision": "day",
        "event": "",
        "context": "",
        "announcement": "",
        "publication": publication,
        **fields,
    }


def citation_rows(*rows: tuple) -> dict[str, str]:
    data = management_form(len(rows))
    for index, (source, excerpt) in enumerate(rows):
        data[f"citations-{index}-source"] = str(source.pk)
        data[f"citations-{index}-excerpt"] = excerpt
    return data


def citation_errors(response) -> list:
    return response.context["inline_admin_formsets"][0].formset.errors


def non_form_errors(response) -> list[str]:
    return list(response.context["inline_admin_formsets"][0].formset.non_form_errors())


def test_an_excerpt_not_in_the_article_is_refused_by_name(editor_client, article, speaker):
    data = quote_form(speaker) | citation_rows((article, "We will stop the boats."))

    response = editor_client.post(QUOTE_ADD, data)

    assert response.status_code == 200
    message = "This excerpt does not occur in the text of “Home Secretary vows to smash the gangs”."
    assert citation_errors(response) == [{"excerpt": [message]}]
    assert message in response.text
    assert not Quote.objects.exists()
    assert not Citation.objects.exists()


def test_a_published_record_with_a_bad_excerpt_gets_only_that_error(
    editor_client, article, speaker
):
    data = quote_form(speaker, publication=Publication.PUBLISHED)
    data |= citation_rows((article, "We will stop the boats."))

    response = editor_client.post(QUOTE_ADD, data)

    assert response.status_code == 200
    assert citation_errors(response)[0]["excerpt"][0].startswith("This excerpt does not occur")
    assert non_form_errors(response) == []


def test_an_excerpt_with_other_quotes_dashes_and_spacing_is_accepted(
    editor_client, article, speaker
):
    data = quote_form(speaker) | citation_rows(
        (article, "“We will smash the gangs.”"),
        (article, "The plan - agreed in Budapest — covers two years."),
    )

    response = editor_client.post(QUOTE_ADD, data)

    assert response.status_code == 302, citation_errors(response)
    quote = Quote.objects.get(slug="we-will-smash-the-gangs")
    first, second = quote.citations.order_by("start")
    assert (first.start, first.end) == (25, 51)
    assert first.excerpt == '"We will smash the gangs."'
    assert ARTICLE_TEXT[second.start : second.end] == second.excerpt
    assert second.excerpt == "The plan – agreed in Budapest –   covers\n  two years."


def test_changing_a_citation_to_a_missing_excerpt_keeps_the_old_one(
    editor_client, article, speaker
):
    quote = QuoteFactory(speaker=speaker, text="We will smash the gangs.")
    citation = CitationFactory(
        source=article, quote=quote, commitment=None, excerpt="We will smash the gangs."
    )
    data = quote_form(speaker, slug=quote.slug) | management_form(1, initial=1)
    data |= {
        "citations-0-id": str(citation.pk),
        "citations-0-quote": str(quote.pk),
        "citations-0-source": str(article.pk),
        "citations-0-excerpt": "We will crush the gangs.",
    }

    response = editor_client.post(reverse("admin:tracker_quote_change", args=[quote.pk]), data)

    assert response.status_code == 200
    assert "does not occur in the text of “Home Secretary vows" in response.text
    citation.refresh_from_db()
    assert citation.excerpt == "We will smash the gangs."
    assert (citation.start, citation.end) == (26, 50)


def test_the_same_excerpt_twice_is_refused_without_an_error_page(editor_client, article, speaker):
    data = quote_form(speaker) | citation_rows(
        (article, "We will smash the gangs."), (article, "We  will smash the gangs.")
    )

    response = editor_client.post(QUOTE_ADD, data)

    assert response.status_code == 200
    assert non_form_errors(response) == [
        "The same excerpt of the same article is cited twice; remove one of them."
    ]
    assert not Quote.objects.exists()


def test_an_excerpt_already_citing_the_record_is_refused(editor_client, article, speaker):
    quote = QuoteFactory(speaker=speaker)
    citation = CitationFactory(
        source=article, quote=quote, commitment=None, excerpt="We will smash the gangs."
    )
    data = quote_form(speaker, slug=quote.slug) | management_form(2, initial=1)
    data |= {
        "citations-0-id": str(citation.pk),
        "citations-0-quote": str(quote.pk),
        "citations-0-source": str(article.pk),
        "citations-0-excerpt": citation.excerpt,
        "citations-1-source": str(article.pk),
        "citations-1-excerpt": "We will smash  the gangs.",
    }

    response = editor_client.post(reverse("admin:tracker_quote_change", args=[quote.pk]), data)

    assert response.status_code == 200
    assert citation_errors(response)[1] == {"excerpt": ["This excerpt already cites this quote."]}
    assert quote.citations.count() == 1


def test_the_citation_page_refuses_a_duplicate_by_the_models_message(
    editor_client, article, speaker
):
    quote = QuoteFactory(speaker=speaker)
    CitationFactory(source=article, quote=quote, commitment=None, excerpt="smash the gangs")
    data = {
        "source": str(article.pk),
        "quote": str(quote.pk),
        "announcement": "",
        "commitment": "",
        "figure": "",
        "excerpt": "smash  the\ngangs",
    }

    response = editor_client.post(reverse("admin:tracker_citation_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "excerpt": ["This excerpt already cites this quote."]
    }
    assert quote.citations.count() == 1


def test_the_citation_page_refuses_a_citation_of_two_records(editor_client, article, speaker):
    quote = QuoteFactory(speaker=speaker)
    other = QuoteFactory(speaker=speaker)
    data = {
        "source": str(article.pk),
        "quote": str(quote.pk),
        "announcement": "",
        "commitment": "",
        "figure": str(FigureFactory().pk),
        "excerpt": "smash the gangs",
    }

    response = editor_client.post(reverse("admin:tracker_citation_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "A citation supports exactly one record."
    ]
    assert not Citation.objects.filter(quote__in=[quote, other]).exists()


def test_a_published_record_needs_a_citation(editor_client, speaker):
    data = quote_form(speaker, publication=Publication.PUBLISHED) | management_form(1)

    response = editor_client.post(QUOTE_ADD, data)

    assert response.status_code == 200
    assert non_form_errors(response) == [
        "A published record cites at least one source article. "
        "Add a citation, or keep the record as a draft."
    ]
    assert not Quote.objects.exists()


def test_a_draft_may_wait_for_its_citation(editor_client, speaker):
    response = editor_client.post(QUOTE_ADD, quote_form(speaker) | management_form(1))

    assert response.status_code == 302
    assert Quote.objects.get().publication == Publication.DRAFT


def test_the_article_page_lists_what_cites_it(editor_client, article):
    quote = QuoteFactory(text="We will smash the gangs.")
    citation = CitationFactory(
        source=article, quote=quote, commitment=None, excerpt="smash the gangs"
    )

    response = editor_client.get(reverse("admin:tracker_sourcearticle_change", args=[article.pk]))

    assert response.status_code == 200
    assert "Citations of this article" in response.text
    row = (
        f"<tr><td>{citation.start}–{citation.end}</td><td>smash the gangs</td><td>quote</td>"
        f'<td><a href="{reverse("admin:tracker_quote_change", args=[quote.pk])}">'
    )
    assert row in response.text


def test_an_uncited_article_says_so(editor_client, article):
    response = editor_client.get(reverse("admin:tracker_sourcearticle_change", args=[article.pk]))
    assert "Nothing cites this article yet." in response.text


def publish_action(client, action: str, *quotes):
    return client.post(
        QUOTE_LIST,
        {"action": action, "_selected_action": [str(quote.pk) for quote in quotes]},
        follow=True,
    )


def test_publish_publishes_cited_drafts_only(editor_client, editor, article):
    cited = QuoteFactory(publication=Publication.DRAFT)
    CitationFactory(source=article, quote=cited, commitment=None, excerpt="smash the gangs")
    uncited = QuoteFactory(publication=Publication.DRAFT, text="Nothing reports this.")

    response = publish_action(editor_client, "publish", cited, uncited)

    cited.refresh_from_db()
    uncited.refresh_from_db()
    assert cited.publication == Publication.PUBLISHED
    assert uncited.publication == Publication.DRAFT
    notices = [str(message) for message in response.context["messages"]]
    assert notices[0] == "Published 1 quote."
    assert notices[1].startswith("Not published, because nothing cites it yet: “")
    assert LogEntry.objects.get(object_id=str(cited.pk)).action_flag == CHANGE
    assert LogEntry.objects.get(object_id=str(cited.pk)).user == editor


def test_unpublish_moves_records_back_to_draft(editor_client):
    first, second = QuoteFactory(), QuoteFactory()

    response = publish_action(editor_client, "unpublish", first, second)

    assert set(Quote.objects.values_list("publication", flat=True)) == {Publication.DRAFT}
    assert [str(m) for m in response.context["messages"]] == ["Moved 2 quotes back to draft."]


def test_the_actions_say_when_there_was_nothing_to_do(editor_client):
    published = QuoteFactory()

    response = publish_action(editor_client, "publish", published)
    assert [str(m) for m in response.context["messages"]] == [
        "Nothing to publish: all of them were published already."
    ]

    publish_action(editor_client, "unpublish", published)
    response = publish_action(editor_client, "unpublish", published)
    assert [str(m) for m in response.context["messages"]] == [
        "Nothing to unpublish: all of them were drafts already."
    ]


def test_publishing_only_uncited_records_only_warns(editor_client):
    uncited = QuoteFactory(publication=Publication.DRAFT, text="Nothing reports this.")

    response = publish_action(editor_client, "publish", uncited)

    notices = list(response.context["messages"])
    assert len(notices) == 1
    assert notices[0].level_tag == "warning"
    assert str(notices[0]) == (
        f"Not published, because nothing cites it yet: “{uncited}”. Add a citation first."
    )


@pytest.mark.parametrize(
    "model_name", ["announcement", "commitment", "partnership", "pledge", "sourcearticle"]
)
def test_every_publishable_list_offers_both_actions(editor_client, model_name):
    response = editor_client.get(reverse(f"admin:tracker_{model_name}_changelist"))
    choices = dict(response.context["action_form"].fields["action"].choices)
    assert choices["publish"].startswith("Publish selected ")
    assert choices["unpublish"].endswith("(back to draft)")
