"""An import keeps every published record backed by a published article: a row that
would move an article to draft under records it alone backs is refused, naming them; a
record cited only by draft articles is not published; the citations' file only adds.
And its date cells say the format they expect."""

import json

import pytest

from tests import factories
from tracker.integrity import records_without_a_published_source
from tracker.models import Citation, Commitment, Publication, Quote, SourceArticle

from .test_import_export import FUNDING, confirm, report, rows_as_csv, upload

pytestmark = pytest.mark.django_db

EXCERPT = "We will work together against the gangs,"


def article_row(article, **changes) -> dict:
    return {
        "slug": article.slug,
        "headline": article.headline,
        "text": article.text,
        "publication": article.publication,
        **changes,
    }


def row_errors(response) -> dict[int, list[str]]:
    return {
        row.number: [str(e) for errors in row.error_dict.values() for e in errors]
        for row in response.context["result"].invalid_rows
    }


@pytest.fixture
def world(db):
    """What the files below name by slug (as in test_import_export)."""
    factories.PersonFactory(slug="yvette-cooper", name="Yvette Cooper")
    factories.OrganisationFactory(slug="home-office", name="Home Office")


@pytest.fixture
def only_source(db):
    """A published article that alone backs a published quote."""
    article = factories.SourceArticleFactory(slug="only-source")
    quote = factories.QuoteFactory(slug="work-together")
    factories.CitationFactory(source=article, commitment=None, quote=quote, excerpt=EXCERPT)
    return article


def test_a_row_moving_an_article_to_draft_under_what_it_alone_backs_is_refused(
    editor_client, only_source
):
    quote = Quote.objects.get(slug="work-together")
    content = rows_as_csv(article_row(only_source, publication="draft"))

    response = upload(editor_client, SourceArticle, content)

    assert row_errors(response) == {
        1: [
            f"Moving this article back to draft would leave quote “{quote}” without a "
            "published source, and the public would see it with none. Nothing was imported. "
            "Keep the article published in the file, or first move that record to draft (or "
            "unpublish the article in the admin, which offers to move them with it)."
        ]
    }, report(response)
    assert response.context.get("confirm_form") is None
    assert SourceArticle.objects.get(pk=only_source.pk).publication == Publication.PUBLISHED
    assert list(records_without_a_published_source()) == []


def test_two_rows_unpublishing_the_two_sources_of_a_record_are_refused(editor_client, only_source):
    other = factories.SourceArticleFactory(slug="other-source")
    factories.CitationFactory(
        source=other,
        commitment=None,
        quote=Quote.objects.get(slug="work-together"),
        excerpt="gangs",
    )
    content = rows_as_csv(
        article_row(only_source, publication="draft"), article_row(other, publication="draft")
    )

    response = upload(editor_client, SourceArticle, content)

    # the first row alone would leave the quote a source; with the second, none
    assert list(row_errors(response)) == [2], report(response)
    assert SourceArticle.objects.filter(publication=Publication.PUBLISHED).count() == 2


def test_an_article_whose_records_have_another_source_goes_to_draft(editor_client, only_source):
    other = factories.SourceArticleFactory(slug="other-source")
    factories.CitationFactory(
        source=other,
        commitment=None,
        quote=Quote.objects.get(slug="work-together"),
        excerpt="gangs",
    )
    content = rows_as_csv(article_row(only_source, publication="draft"))

    confirm(editor_client, SourceArticle, upload(editor_client, SourceArticle, content))

    assert SourceArticle.objects.get(pk=only_source.pk).publication == Publication.DRAFT
    assert Quote.objects.get(slug="work-together").publication == Publication.PUBLISHED


def test_an_import_publishes_no_record_whose_every_article_is_a_draft(editor_client, world):
    draft_article = factories.SourceArticleFactory(publication=Publication.DRAFT)
    quote = factories.QuoteFactory(slug="drafts-only", publication=Publication.DRAFT)
    factories.CitationFactory(source=draft_article, commitment=None, quote=quote, excerpt=EXCERPT)
    row = {"slug": quote.slug, "text": quote.text, "speaker": quote.speaker.slug}
    content = rows_as_csv({**row, "publication": "published"})

    response = upload(editor_client, Quote, content)

    assert row_errors(response) == {
        1: [
            "Every article this record cites is still a draft, so the public would see it "
            "without its source: publish an article it cites first, or import it as a draft."
        ]
    }, report(response)
    assert Quote.objects.get(pk=quote.pk).publication == Publication.DRAFT


def test_the_citations_file_adds_a_citation_and_never_moves_one(editor_client, only_source):
    quote = Quote.objects.get(slug="work-together")
    other = factories.QuoteFactory(slug="other-quote", text=EXCERPT)
    row = {"source": only_source.slug, "quote": other.slug, "excerpt": EXCERPT}

    confirm(editor_client, Citation, upload(editor_client, Citation, rows_as_csv(row)))

    assert Citation.objects.filter(quote=quote, source=only_source).count() == 1
    assert Citation.objects.filter(quote=other, source=only_source).count() == 1


@pytest.mark.parametrize("written", ["07/11/2024", "2024-11", "2024", "7 November 2024"])
def test_a_date_in_another_format_names_the_format_expected(editor_client, world, written):
    content = rows_as_csv({**FUNDING, "announced_on": written})

    response = upload(editor_client, Commitment, content)

    assert row_errors(response) == {
        1: [
            f"“{written}” is not a date as YYYY-MM-DD, such as 2024-11-07. A date known only to "
            "its month is entered as the 1st of the month (2024-11-01) with the precision "
            "“month”, one known only to its year as 1 January (2024-01-01) with the precision "
            "“year”."
        ]
    }, report(response)
    assert not Commitment.objects.filter(slug=FUNDING["slug"]).exists()


def test_a_date_as_yyyy_mm_dd_in_json_is_read(editor_client, world):
    quote = {"slug": "dated", "text": "Words.", "speaker": "yvette-cooper"}
    content = json.dumps([{**quote, "said_on": "2024-11-07"}])

    confirm(editor_client, Quote, upload(editor_client, Quote, content, fmt="1", name="q.json"))

    assert str(Quote.objects.get(slug="dated").said_on) == "2024-11-07"


def test_a_new_text_that_loses_a_cited_excerpt_is_refused(editor_client, only_source):
    content = rows_as_csv(article_row(only_source, text="The minister said nothing."))

    response = upload(editor_client, SourceArticle, content)

    assert row_errors(response) == {
        1: [
            f"The new text no longer contains what these citations quote: “{EXCERPT}”. "
            "Change or remove those citations first."
        ]
    }, report(response)
    assert SourceArticle.objects.get(pk=only_source.pk).text == only_source.text


def test_a_new_text_moves_its_citations_to_where_their_excerpts_are(editor_client, only_source):
    text = "An introduction the article gained. " + only_source.text
    content = rows_as_csv(article_row(only_source, text=text))

    confirm(editor_client, SourceArticle, upload(editor_client, SourceArticle, content))

    (citation,) = Citation.objects.filter(source=only_source)
    assert citation.excerpt_occurs()
    assert text[citation.start : citation.end] == EXCERPT


def test_a_new_text_moves_each_citation_of_a_repeated_excerpt_with_its_words(
    editor_client, only_source
):
    """A record citing words the article says twice, at each place: the new text moves
    both citations with their words, where finding each excerpt's first occurrence again
    gave both the first place and the file failed on the citations' uniqueness."""
    text = f"{EXCERPT} she said. Later she said again: {EXCERPT}"
    SourceArticle.objects.filter(pk=only_source.pk).update(text=text)
    only_source.refresh_from_db()
    first = Citation.objects.get(source=only_source)
    first.save()  # found again at the start of the new text
    at = text.rindex(EXCERPT)
    second = Citation.objects.create(
        source=only_source, quote=first.quote, excerpt=EXCERPT, start=at, end=at + len(EXCERPT)
    )
    places = [(c.start, c.end) for c in (first, second)]
    content = rows_as_csv(article_row(only_source, text="An introduction. " + text))

    confirm(editor_client, SourceArticle, upload(editor_client, SourceArticle, content))

    moved = [(c.start, c.end) for c in Citation.objects.filter(source=only_source).order_by("pk")]
    assert moved == [(start + 17, end + 17) for start, end in places]


def test_a_large_file_counts_what_its_records_name_once_at_its_end(editor_client, db, monkeypatch):
    """Past ``COUNT_AT_THE_END_ABOVE`` rows the file defers the people's, events' and
    organisations' counting (each row touching its speaker again made a large import
    quadratic on PostgreSQL) and counts at its end: the counts are right all the same."""
    monkeypatch.setattr("tracker.resources.base.COUNT_AT_THE_END_ABOVE", 2)
    speaker = factories.PersonFactory(slug="speaker")
    kept, withdrawn = (
        factories.QuoteFactory(speaker=speaker),
        factories.QuoteFactory(speaker=speaker),
    )
    rows = [
        {
            "slug": withdrawn.slug,
            "text": withdrawn.text,
            "speaker": "speaker",
            "publication": "draft",
        },
        *(
            {
                "slug": f"new-{i}",
                "text": f"Words {i}.",
                "speaker": "speaker",
                "publication": "draft",
            }
            for i in range(3)
        ),
    ]
    preview = upload(editor_client, Quote, rows_as_csv(*rows))
    assert Quote.objects.filter(speaker=speaker).count() == 2  # the preview is rolled back
    confirm(editor_client, Quote, preview)

    assert Quote.objects.filter(speaker=speaker).count() == 5
    speaker.refresh_from_db()
    assert (speaker.quote_count, speaker.announcement_count) == (1, 0)
    assert kept.pk
