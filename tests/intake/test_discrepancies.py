"""Discrepancies open themselves when the citations of one record disagree."""

import datetime

import pytest
from django.core.management import call_command

from tests import factories
from tracker.discrepancy_detection import detect_all
from tracker.intake.money import find_amounts
from tracker.models import (
    Citation,
    Discrepancy,
    DiscrepancyStatus,
    DiscrepancyVersion,
    DisputedAspect,
    FundingType,
    Publication,
    SourceArticle,
)

from .seeds import PM_CALLS, STARMER_TO_SIGN, seed_articles

pytestmark = pytest.mark.django_db

SAYS_BILLION = (
    "Starmer said this additional £75 billion would support the recruitment of hundreds of "
    "specialist investigators and intelligence officers and a new Organised Immigration Crime "
    "intelligence unit, all of which will be supported with new technology."
)
SAYS_MILLION = (
    "With an additional £75 million in funding, this command unit will support tech "
    "advancements and expand staffing to monitor and secure the UK’s borders more effectively."
)


def make_seed_article(slug: str) -> SourceArticle:
    fields = seed_articles()[slug]
    return SourceArticle.objects.create(
        slug=slug,
        headline=fields["headline"],
        publisher=fields["publisher"],
        published_on=datetime.date.fromisoformat(fields["published_on"]),
        published_on_precision=fields["published_on_precision"],
        text=fields["text"],
        publication=Publication.PUBLISHED,
    )


@pytest.fixture
def seed_sources():
    return make_seed_article(STARMER_TO_SIGN), make_seed_article(PM_CALLS)


@pytest.fixture
def extra_75m(seed_sources):
    return factories.FundingCommitmentFactory(
        slug="border-security-command-extra-75m",
        title="An additional £75 million for the Border Security Command",
        amount_minor=75_000_000_00,
        currency="GBP",
        funding_type=FundingType.ADDITIONAL,
    )


def test_the_seed_articles_money_disagreement_is_found_from_the_citations_alone(
    seed_sources, extra_75m
):
    """From an empty database: two articles, the £75m commitment and its two citations."""
    first, second = seed_sources
    assert not Discrepancy.objects.exists()

    Citation.objects.create(source=first, commitment=extra_75m, excerpt=SAYS_BILLION)
    assert not Discrepancy.objects.exists()  # one citation disagrees with nothing
    Citation.objects.create(source=second, commitment=extra_75m, excerpt=SAYS_MILLION)

    discrepancy = Discrepancy.objects.get()
    assert discrepancy.status == DiscrepancyStatus.OPEN
    assert discrepancy.aspect == DisputedAspect.AMOUNT
    assert discrepancy.resolution == ""
    versions = {v.citation.source.slug: v for v in discrepancy.versions.all()}
    assert versions[STARMER_TO_SIGN].stated_value == "£75 billion"
    assert versions[PM_CALLS].stated_value == "£75 million"
    assert not any(v.is_accepted for v in versions.values())
    as_numbers = {
        slug: [(a.amount_minor, a.currency) for a in find_amounts(v.stated_value)]
        for slug, v in versions.items()
    }
    assert as_numbers == {
        STARMER_TO_SIGN: [(7_500_000_000_000, "GBP")],
        PM_CALLS: [(7_500_000_000, "GBP")],
    }
    assert Discrepancy.objects.about(extra_75m).get() == discrepancy  # the record it is about


def test_running_detection_again_opens_nothing_new(seed_sources, extra_75m):
    first, second = seed_sources
    Citation.objects.create(source=first, commitment=extra_75m, excerpt=SAYS_BILLION)
    Citation.objects.create(source=second, commitment=extra_75m, excerpt=SAYS_MILLION)
    assert Discrepancy.objects.count() == 1

    checked, outcome = detect_all()
    call_command("detect_discrepancies", verbosity=0)
    for citation in Citation.objects.all():
        citation.save()  # the signal runs again too

    assert checked == 1
    assert (outcome.opened, outcome.versions_added) == (0, 0)
    assert Discrepancy.objects.count() == 1
    assert DiscrepancyVersion.objects.count() == 2


def test_equal_amounts_open_nothing(seed_sources):
    first, second = seed_sources
    total = factories.FundingCommitmentFactory(amount_minor=150_000_000_00, currency="GBP")
    Citation.objects.create(
        source=first, commitment=total, excerpt="will be doubled to £150 million"
    )
    extra = factories.FundingCommitmentFactory(amount_minor=75_000_000_00, currency="GBP")
    Citation.objects.create(source=second, commitment=extra, excerpt=SAYS_MILLION)
    Citation.objects.create(
        source=second,
        commitment=extra,
        excerpt="The funds will enhance operations by using advanced surveillance",
    )
    # The same £75 million twice, in two articles' words
    text = "The Border Security Command gets £75m more, officials said."
    third = factories.SourceArticleFactory(text=text)
    Citation.objects.create(source=third, commitment=extra, excerpt=text)

    assert not Discrepancy.objects.exists()


def test_a_conversion_into_another_currency_is_not_a_disagreement(seed_sources):
    first, _ = seed_sources
    fine = factories.FigureFactory(value=200000, unit="EUR", currency="EUR", qualifier="exact")
    Citation.objects.create(source=first, figure=fine, excerpt="fined 200,000 euros (£166,250)")
    other = factories.SourceArticleFactory(text="The court fined him €200,000 in October.")
    Citation.objects.create(source=other, figure=fine, excerpt="fined him €200,000")
    assert not Discrepancy.objects.exists()


def test_a_third_source_with_a_new_amount_joins_the_open_discrepancy(seed_sources, extra_75m):
    first, second = seed_sources
    Citation.objects.create(source=first, commitment=extra_75m, excerpt=SAYS_BILLION)
    Citation.objects.create(source=second, commitment=extra_75m, excerpt=SAYS_MILLION)
    third = factories.SourceArticleFactory(text="An extra £80 million goes to the command.")
    Citation.objects.create(source=third, commitment=extra_75m, excerpt="An extra £80 million")

    discrepancy = Discrepancy.objects.get()
    assert sorted(v.stated_value for v in discrepancy.versions.all()) == [
        "£75 billion",
        "£75 million",
        "£80 million",
    ]


def test_a_resolved_discrepancy_is_not_reopened(seed_data):
    """The seed's editor recorded and resolved the £75bn/£75m discrepancy by hand."""
    before = set(Discrepancy.objects.values_list("pk", "status"))
    call_command("detect_discrepancies", verbosity=0)
    for citation in Citation.objects.all():
        citation.save()
    assert set(Discrepancy.objects.values_list("pk", "status")) == before


def test_a_quote_worded_differently_is_a_discrepancy(seed_sources):
    _, second = seed_sources
    quote = factories.QuoteFactory(
        text="There is a criminal empire operating on our continent, exacting a horrendous "
        "human toll and undermining our national security."
    )
    Citation.objects.create(
        source=second,
        quote=quote,
        excerpt="“There is a criminal empire operating on our continent, exacting a horrendous "
        "human toll and undermining our national security.”",
    )
    other = factories.SourceArticleFactory(
        text="He said: “There is a criminal empire operating in Europe, exacting a terrible "
        "human toll.” Then he left."
    )
    Citation.objects.create(
        source=other,
        quote=quote,
        excerpt="He said: “There is a criminal empire operating in Europe, exacting a terrible "
        "human toll.”",
    )

    discrepancy = Discrepancy.objects.get()
    assert discrepancy.aspect == DisputedAspect.WORDING
    assert discrepancy.status == DiscrepancyStatus.OPEN
    assert sorted(v.stated_value for v in discrepancy.versions.all()) == [
        "“There is a criminal empire operating in Europe, exacting a terrible human toll.”",
        "“There is a criminal empire operating on our continent, exacting a horrendous human "
        "toll and undermining our national security.”",
    ]


def test_quotes_of_different_extents_agree(seed_sources):
    """One source quotes more of it: each citation keeps its own words, nothing is disputed."""
    first, second = seed_sources
    quote = factories.QuoteFactory(text="Our work with our partners in the Western Balkans")
    Citation.objects.create(
        source=first,
        quote=quote,
        excerpt='Yvette Cooper said that work with the Balkan nations is "absolutely key to '
        "dismantling the criminal networks that orchestrate the exploitation of vulnerable "
        'people for financial gain."',
    )
    Citation.objects.create(
        source=second,
        quote=quote,
        excerpt="“Our work with our partners in the Western Balkans is absolutely key to "
        "dismantling the criminal networks that orchestrate the exploitation of vulnerable "
        "people for financial gain,” Cooper said.",
    )
    assert not Discrepancy.objects.exists()


def test_figures_that_count_differently(seed_sources):
    first, second = seed_sources
    figure = factories.FigureFactory(value=100000, unit="people", qualifier="almost")
    Citation.objects.create(
        source=first, figure=figure, excerpt="almost 100,000 illegal immigrants moved through"
    )
    Citation.objects.create(source=second, figure=figure, excerpt="nearly 100,000 migrants")
    assert not Discrepancy.objects.exists()

    other = factories.SourceArticleFactory(text="Some 10,000 migrants crossed the Balkans.")
    Citation.objects.create(source=other, figure=figure, excerpt="Some 10,000 migrants crossed")

    discrepancy = Discrepancy.objects.get()
    assert discrepancy.aspect == DisputedAspect.COUNT
    assert sorted(v.stated_value for v in discrepancy.versions.all()) == [
        "Some 10,000 migrants",
        "almost 100,000 illegal immigrants",
        "nearly 100,000 migrants",
    ]


def test_dates_that_differ(seed_sources):
    _, second = seed_sources
    announcement = factories.AnnouncementFactory()
    Citation.objects.create(
        source=second, announcement=announcement, excerpt="At the EPC meeting on 7 November"
    )
    other = factories.SourceArticleFactory(
        text="The agreements were announced on 8 November in Budapest.",
        published_on=datetime.date(2024, 11, 9),
    )
    Citation.objects.create(
        source=other, announcement=announcement, excerpt="announced on 8 November in Budapest"
    )

    discrepancy = Discrepancy.objects.get()
    assert discrepancy.aspect == DisputedAspect.DATE
    assert sorted(v.stated_value for v in discrepancy.versions.all()) == [
        "7 November (7 November 2024)",
        "8 November (8 November 2024)",
    ]


def test_dates_at_different_precisions_agree(seed_sources):
    _, second = seed_sources
    announcement = factories.AnnouncementFactory()
    Citation.objects.create(
        source=second, announcement=announcement, excerpt="At the EPC meeting on 7 November"
    )
    other = factories.SourceArticleFactory(text="It was announced in November 2024.")
    Citation.objects.create(source=other, announcement=announcement, excerpt=other.text)
    assert not Discrepancy.objects.exists()


def test_fixtures_load_without_detection(db):
    """Loaded fixtures carry their own discrepancies; loading opens none."""
    call_command("loaddata", "seed", verbosity=0)
    assert Discrepancy.objects.count() == 3


def test_the_editor_resolves_it_in_the_admin(editor_client, seed_sources, extra_75m):
    first, second = seed_sources
    Citation.objects.create(source=first, commitment=extra_75m, excerpt=SAYS_BILLION)
    Citation.objects.create(source=second, commitment=extra_75m, excerpt=SAYS_MILLION)
    discrepancy = Discrepancy.objects.get()
    billion, million = sorted(discrepancy.versions.all(), key=lambda v: v.stated_value)

    url = f"/admin/tracker/discrepancy/{discrepancy.pk}/change/"
    form = {
        "subject": discrepancy.subject,
        "slug": discrepancy.slug,
        "aspect": discrepancy.aspect,
        "status": DiscrepancyStatus.RESOLVED,
        "resolution": "£75 million: the total it doubles to is £150 million.",
        "versions-TOTAL_FORMS": "2",
        "versions-INITIAL_FORMS": "2",
        "versions-0-id": str(billion.pk),
        "versions-0-discrepancy": str(discrepancy.pk),
        "versions-0-citation": str(billion.citation_id),
        "versions-0-stated_value": billion.stated_value,
        "versions-1-id": str(million.pk),
        "versions-1-discrepancy": str(discrepancy.pk),
        "versions-1-citation": str(million.citation_id),
        "versions-1-stated_value": million.stated_value,
        "versions-1-is_accepted": "on",
    }
    response = editor_client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors

    discrepancy.refresh_from_db()
    assert discrepancy.status == DiscrepancyStatus.RESOLVED
    assert discrepancy.versions.get(is_accepted=True).stated_value == "£75 million"
    call_command("detect_discrepancies", verbosity=0)
    assert Discrepancy.objects.count() == 1
