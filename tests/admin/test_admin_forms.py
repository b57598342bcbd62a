"""Saving through the admin: each kind's page, status history, discrepancies, articles."""

import pytest
from django.urls import reverse

from tests.factories import (
    CitationFactory,
    DiscrepancyVersionFactory,
    FundingCommitmentFactory,
    PledgeFactory,
    SourceArticleFactory,
)
from tracker.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Discrepancy,
    DiscrepancyStatus,
    SourceArticle,
)

INLINE_PREFIXES = {
    "commitment": ("parties", "citations", "status_history"),
    "discrepancy": ("versions",),
}


# A commitment's dates, each with its precision beside it in the form.
DATES = ("announced_on", "signed_on", "period_start", "period_end")


def empty_inlines(parent: str, initial: dict[str, int] | None = None) -> dict[str, str]:
    data = {}
    for prefix in INLINE_PREFIXES[parent]:
        count = (initial or {}).get(prefix, 0)
        data |= {
            f"{prefix}-TOTAL_FORMS": str(count),
            f"{prefix}-INITIAL_FORMS": str(count),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def commitment_form(**fields) -> dict[str, str]:
    return {
        "title": "A new partnership with Serbia",
        "slug": "partnership-with-serbia",
        "summary": "The UK and Serbia will share intelligence.",
        "announcement": "",
        "announced_on": "2024-11-07",
        **{f"{date}_precision": "day" for date in DATES},
        "publication": "draft",
        **empty_inlines("commitment"),
        **fields,
    }


def form_errors(response) -> list[str]:
    return list(response.context["adminform"].form.non_field_errors())


def test_a_partnership_must_say_whether_it_is_new(editor_client):
    response = editor_client.post(
        reverse("admin:tracker_partnership_add"), commitment_form(focus="Intelligence")
    )

    assert response.status_code == 200
    assert form_errors(response) == ["Say whether the partnership is new or existing."]
    assert not Commitment.objects.exists()


def test_a_partnership_page_saves_a_partnership_whatever_kind_is_posted(editor_client):
    data = commitment_form(focus="Intelligence", novelty="new", kind=CommitmentKind.FUNDING)

    response = editor_client.post(reverse("admin:tracker_partnership_add"), data)

    assert response.status_code == 302
    assert Commitment.objects.get().kind == CommitmentKind.PARTNERSHIP


def test_a_funding_commitment_needs_its_amount(editor_client):
    data = commitment_form(currency="GBP", funding_type="new")

    response = editor_client.post(reverse("admin:tracker_fundingcommitment_add"), data)

    assert response.status_code == 200
    assert form_errors(response) == [
        "A funding commitment needs an amount, a currency and a funding type."
    ]
    assert not Commitment.objects.exists()


def test_a_funding_commitment_is_listed_with_its_amount_in_pounds(editor_client):
    data = commitment_form(amount_minor="15000000000", currency="GBP", funding_type="new")

    response = editor_client.post(reverse("admin:tracker_fundingcommitment_add"), data)

    assert response.status_code == 302
    assert Commitment.objects.get().kind == CommitmentKind.FUNDING
    listing = editor_client.get(reverse("admin:tracker_fundingcommitment_changelist"))
    assert "£150,000,000" in listing.text


def test_the_all_kinds_page_refuses_money_on_a_pledge(editor_client):
    data = commitment_form(kind="pledge", amount_minor="100", currency="GBP")

    response = editor_client.post(reverse("admin:tracker_commitment_add"), data)

    assert response.status_code == 200
    assert form_errors(response) == ["Only a funding commitment has an amount."]


def test_a_pledge_page_saves_a_pledge(editor_client):
    response = editor_client.post(reverse("admin:tracker_pledge_add"), commitment_form())

    assert response.status_code == 302
    assert Commitment.objects.get().kind == CommitmentKind.PLEDGE


@pytest.mark.parametrize(
    ("model_name", "shown", "hidden"),
    [
        ("partnership", "novelty", "amount_minor"),
        ("fundingcommitment", "amount_minor", "novelty"),
        ("pledge", "title", "amount_minor"),
    ],
)
def test_each_kind_shows_its_own_fields(editor_client, model_name, shown, hidden):
    response = editor_client.get(reverse(f"admin:tracker_{model_name}_add"))
    form = response.context["adminform"].form
    assert shown in form.fields
    assert hidden not in form.fields
    assert f'name="{hidden}"' not in response.text


def test_a_status_change_updates_the_commitment_and_cites_its_own_article(editor_client):
    pledge = PledgeFactory()
    citation = CitationFactory(commitment=pledge)
    CitationFactory()  # of another commitment: not offered
    url = reverse("admin:tracker_pledge_change", args=[pledge.pk])

    choices = editor_client.get(url).context["inline_admin_formsets"][2].formset.empty_form
    assert list(choices.fields["citation"].queryset) == [citation]

    data = commitment_form(title=pledge.title, slug=pledge.slug, summary=pledge.summary)
    data |= empty_inlines("commitment", {"citations": 1})
    data |= {
        "citations-0-id": str(citation.pk),
        "citations-0-commitment": str(pledge.pk),
        "citations-0-source": str(citation.source_id),
        "citations-0-excerpt": citation.excerpt,
        "status_history-TOTAL_FORMS": "1",
        "status_history-0-changed_on": "2025-03-01",
        "status_history-0-changed_on_precision": "day",
        "status_history-0-status": CommitmentStatus.IN_PROGRESS,
        "status_history-0-reason": "The unit started work.",
        "status_history-0-citation": str(citation.pk),
    }

    response = editor_client.post(url, data)

    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == CommitmentStatus.IN_PROGRESS
    assert pledge.status_history.get().reason == "The unit started work."


def discrepancy_form(versions: list[tuple], **fields) -> dict[str, str]:
    data = {
        "subject": "How much money was promised",
        "slug": "how-much-money",
        "aspect": "amount",
        "status": DiscrepancyStatus.OPEN,
        "resolution": "",
        **empty_inlines("discrepancy"),
        "versions-TOTAL_FORMS": str(len(versions)),
        **fields,
    }
    for index, (citation, value, accepted) in enumerate(versions):
        data[f"versions-{index}-citation"] = str(citation.pk)
        data[f"versions-{index}-stated_value"] = value
        if accepted:
            data[f"versions-{index}-is_accepted"] = "on"
    return data


def test_two_accepted_versions_are_refused_without_an_error_page(editor_client):
    funding = FundingCommitmentFactory()
    first = CitationFactory(commitment=funding)
    second = CitationFactory(commitment=funding, excerpt="Almost 1,000 people")
    data = discrepancy_form([(first, "£10 million", True), (second, "£12 million", True)])

    response = editor_client.post(reverse("admin:tracker_discrepancy_add"), data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert list(formset.non_form_errors()) == ["Only one version can be the accepted one."]
    assert not Discrepancy.objects.exists()


def test_a_resolution_is_explained(editor_client):
    citation = CitationFactory()
    data = discrepancy_form([(citation, "£10 million", True)], status=DiscrepancyStatus.RESOLVED)

    response = editor_client.post(reverse("admin:tracker_discrepancy_add"), data)

    assert response.status_code == 200
    assert form_errors(response) == ["Explain the resolution before resolving."]

    data["resolution"] = "The Home Office release gives £10 million."
    assert editor_client.post(reverse("admin:tracker_discrepancy_add"), data).status_code == 302
    assert Discrepancy.objects.get().versions.get().is_accepted is True


def article_form(article: SourceArticle, text: str) -> dict[str, str]:
    return {
        "headline": article.headline,
        "slug": article.slug,
        "publisher": article.publisher,
        "url": article.url,
        "published_on": article.published_on.isoformat(),
        "published_on_precision": article.published_on_precision,
        "publication": article.publication,
        "text": text,
        "editor_notes": "",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }


def test_an_article_text_that_drops_a_cited_excerpt_is_refused(editor_client):
    article = SourceArticleFactory(text="Line one.\nThe minister spoke.")
    CitationFactory(source=article, excerpt="The minister spoke.")
    url = reverse("admin:tracker_sourcearticle_change", args=[article.pk])

    response = editor_client.post(url, article_form(article, "Line one.\nThe minister left."))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["text"] == [
        "The new text no longer contains what these citations quote: “The minister spoke.”. "
        "Change or remove those citations first."
    ]
    article.refresh_from_db()
    assert article.text == "Line one.\nThe minister spoke."


def test_an_article_text_edit_moves_the_citations_and_keeps_line_breaks(editor_client):
    article = SourceArticleFactory(text="Line one.\nThe minister spoke.")
    citation = CitationFactory(source=article, excerpt="The minister spoke.")
    url = reverse("admin:tracker_sourcearticle_change", args=[article.pk])
    posted_text = "A new first line.\r\nLine one.\r\nThe minister spoke."

    response = editor_client.post(url, article_form(article, posted_text))

    assert response.status_code == 302
    article.refresh_from_db()
    citation.refresh_from_db()
    assert article.text == "A new first line.\nLine one.\nThe minister spoke."
    assert (citation.start, citation.end) == (28, 47)
    assert citation.excerpt_occurs()


REPEATED = "She said: we will act. Later she said again: we will act."


def test_an_article_text_edit_keeps_each_citation_of_a_repeated_excerpt_at_its_own_place(
    editor_client,
):
    """A record citing words the article says twice, at each place (the intake cites the
    passage it was accepted from): an edit before them moves both citations with their
    words, where finding each excerpt's first occurrence again gave both the first place,
    and the second save broke the citations' uniqueness (a server error)."""
    article = SourceArticleFactory(text=REPEATED)
    first = CitationFactory(source=article, excerpt="we will act.")
    second = CitationFactory(
        source=article, commitment=first.commitment, excerpt="we will act.", start=45, end=57
    )
    assert (first.start, first.end, second.start, second.end) == (10, 22, 45, 57)
    url = reverse("admin:tracker_sourcearticle_change", args=[article.pk])

    response = editor_client.post(url, article_form(article, "A headline. " + REPEATED))

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.start, first.end, second.start, second.end) == (22, 34, 57, 69)


def test_saving_an_article_unchanged_keeps_its_text_exactly(editor_client):
    text = "  Indented first line.\n\nSecond paragraph.\n"
    article = SourceArticleFactory(text=text)
    url = reverse("admin:tracker_sourcearticle_change", args=[article.pk])

    response = editor_client.post(url, article_form(article, text.replace("\n", "\r\n")))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.text == text


def test_a_discrepancy_says_which_record_it_is_about(editor_client):
    funding = FundingCommitmentFactory(title="£75 million more")
    version = DiscrepancyVersionFactory(citation__commitment=funding)

    response = editor_client.get(
        reverse("admin:tracker_discrepancy_change", args=[version.discrepancy.pk])
    )

    link = reverse("admin:tracker_fundingcommitment_change", args=[funding.pk])
    assert f'funding commitment <a href="{link}">£75 million more</a>' in response.text
