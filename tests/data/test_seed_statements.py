"""The seed fixture's quotes, figures and disagreements: each says what the two seed
articles say, word for word and value for value (the fixture itself: test_seed.py)."""

import datetime
from decimal import Decimal

import pytest

from tracker import excerpts
from tracker.models import Commitment, Discrepancy, Figure, Quote, SourceArticle

from .test_seed import ARTICLE_1, ARTICLE_2

pytestmark = pytest.mark.django_db


def words(text: str) -> str:
    """A quote's words without the closing punctuation a source may change (“gain.”/“gain,”)."""
    return excerpts.normalise(text).rstrip(".,")


# --------------------------------------------------------------------------- quotes

QUOTES = {
    "cooper-absolutely-key": (
        "yvette-cooper",
        "Our work with our partners in the Western Balkans is absolutely key to dismantling "
        "the criminal networks that orchestrate the exploitation of vulnerable people for "
        "financial gain",
    ),
    "cooper-working-more-closely": (
        "yvette-cooper",
        "Working more closely with Serbia, North Macedonia and Kosovo, we will share "
        "information and intelligence, and work across borders to map out what is happening "
        "and where, to break the business models of these unscrupulous gangs at source.",
    ),
    "starmer-criminal-empire": (
        "keir-starmer",
        "There is a criminal empire operating on our continent, exacting a horrendous human "
        "toll and undermining our national security.",
    ),
    "starmer-backed-by-border-security-command": (
        "keir-starmer",
        "Backed by our new Border Security Command, the UK will be at the heart of the efforts "
        "to end the scourge of organised immigration crime – but we cannot do it in isolation.",
    ),
    "starmer-further-and-faster": (
        "keir-starmer",
        "We need to go further and faster, alongside our international partners, and take the "
        "fight directly to the heart of these vile people smuggling networks.",
    ),
    "starmer-treat-smugglers-like-terrorists": (
        "keir-starmer",
        "We're going to treat people smugglers like terrorists. So we're taking our approach "
        "to counter-terrorism—which we know works—and applying it to the gangs, with our new "
        "Border Security Command",
    ),
}


def test_quotes_speakers_and_words(seed_data):
    found = {quote.slug: (quote.speaker.slug, quote.text) for quote in Quote.objects.all()}
    assert found == QUOTES


def test_every_quote_is_verbatim_in_an_article(seed_data):
    articles = [excerpts.normalise(article.text) for article in SourceArticle.objects.all()]
    for quote in Quote.objects.all():
        assert any(excerpts.normalise(quote.text) in article for article in articles), quote.slug


@pytest.mark.parametrize(
    ("slug", "sources"),
    [
        ("cooper-absolutely-key", {ARTICLE_1, ARTICLE_2}),
        ("cooper-working-more-closely", {ARTICLE_1}),
        ("starmer-criminal-empire", {ARTICLE_1, ARTICLE_2}),
        ("starmer-backed-by-border-security-command", {ARTICLE_1}),
        ("starmer-further-and-faster", {ARTICLE_1, ARTICLE_2}),
        ("starmer-treat-smugglers-like-terrorists", {ARTICLE_1}),
    ],
)
def test_quote_citations_hold_the_words(seed_data, slug, sources):
    quote = Quote.objects.get(slug=slug)
    citations = list(quote.citations.select_related("source"))
    assert {citation.source.slug for citation in citations} == sources
    # the quote's text is the fullest extent a source gives: one citation holds all of it
    assert any(words(quote.text) in excerpts.normalise(c.excerpt) for c in citations)


def test_quote_citations_keep_their_own_extent(seed_data):
    quote = Quote.objects.get(slug="cooper-absolutely-key")
    shorter = quote.citations.get(source__slug=ARTICLE_1)
    assert "Our work with our partners" not in shorter.excerpt
    assert '"absolutely key to dismantling the criminal networks' in shorter.excerpt


def test_quote_circumstances(seed_data):
    """Said ahead of the Budapest meeting is not said at it: those quotes name no event
    (issue 12); every quote is dated to November 2024, to the month."""
    november = (datetime.date(2024, 11, 1), "month")
    expected = {
        "cooper-absolutely-key": (None, november),
        "cooper-working-more-closely": (None, november),
        "starmer-criminal-empire": (None, november),
        "starmer-backed-by-border-security-command": (None, november),
        "starmer-further-and-faster": (None, november),
        "starmer-treat-smugglers-like-terrorists": (
            "interpol-conference-glasgow-2024",
            november,
        ),
    }
    found = {
        quote.slug: (
            quote.event.slug if quote.event else None,
            (quote.said_on, quote.said_on_precision),
        )
        for quote in Quote.objects.all()
    }
    assert found == expected
    assert Quote.objects.get(slug="starmer-criminal-empire").context.startswith("Ahead of")


# --------------------------------------------------------------------------- figures

FIGURES = {
    "western-balkans-migrants-last-year": (Decimal(100_000), "people", "", "almost"),
    "returns-no-right-to-remain-2024": (Decimal(9_400), "people", "", "exact"),
    "returns-increase-on-2023": (Decimal(19), "percent", "", "exact"),
    "interpol-summit-countries": (Decimal(190), "countries", "", "about"),
    "smuggling-gang-members-sentenced": (Decimal(17), "people", "", "exact"),
    "sentenced-gang-members-from-iraq": (Decimal(13), "people", "", "exact"),
    "gang-members-shortest-sentence": (Decimal(2), "years", "", "exact"),
    "gang-members-longest-sentence": (Decimal(10), "years", "", "exact"),
    "gang-leader-sentence": (Decimal(15), "years", "", "exact"),
    "gang-leader-fine": (Decimal(200_000), "EUR", "EUR", "exact"),
    "network-smuggled-to-uk": (Decimal(10_000), "people", "", "about"),
}


def test_figures(seed_data):
    found = {
        figure.slug: (figure.value, figure.unit, figure.currency, figure.qualifier)
        for figure in Figure.objects.all()
    }
    assert found == FIGURES
    fine = Figure.objects.get(slug="gang-leader-fine")
    assert "£166,250" in fine.note


def test_western_balkans_figure_cites_both_articles(seed_data):
    figure = Figure.objects.get(slug="western-balkans-migrants-last-year")
    cited = {c.source.slug: c.excerpt for c in figure.citations.select_related("source")}
    assert "almost 100,000 illegal immigrants" in cited[ARTICLE_1]
    assert "nearly 100,000 migrants" in cited[ARTICLE_2]
    assert (figure.period_start, figure.period_end) == (
        datetime.date(2023, 1, 1),
        datetime.date(2023, 12, 31),
    )
    # The Western Balkan countries the articles name; not Bosnia or Montenegro (issue 12).
    assert set(figure.countries.values_list("code", flat=True)) == {"AL", "MK", "RS", "XK"}


# --------------------------------------------------------------------------- discrepancies


def versions_of(slug: str) -> dict[str, tuple[str, bool]]:
    discrepancy = Discrepancy.objects.get(slug=slug)
    return {
        version.citation.source.slug: (version.stated_value, version.is_accepted)
        for version in discrepancy.versions.select_related("citation__source")
    }


def test_only_the_genuine_disagreements_are_recorded(seed_data):
    assert set(Discrepancy.objects.values_list("slug", "aspect", "status")) == {
        ("additional-bsc-funding-amount", "amount", "resolved"),
        ("criminal-empire-quote-circumstances", "circumstances", "resolved"),
        ("further-and-faster-quote-circumstances", "circumstances", "resolved"),
    }


def test_money_discrepancy(seed_data):
    assert versions_of("additional-bsc-funding-amount") == {
        ARTICLE_1: ("£75 billion", False),
        ARTICLE_2: ("£75 million", True),
    }
    discrepancy = Discrepancy.objects.get(slug="additional-bsc-funding-amount")
    assert discrepancy.resolution.startswith("£75 million.")
    addition = Commitment.objects.get(slug="border-security-command-extra-75m")
    assert list(Discrepancy.objects.about(addition)) == [discrepancy]
    for version in discrepancy.versions.all():
        assert version.citation.commitment == addition
        assert version.stated_value.replace("£", "") in version.citation.excerpt.replace("£", "")


@pytest.mark.parametrize(
    ("slug", "quote_slug"),
    [
        ("criminal-empire-quote-circumstances", "starmer-criminal-empire"),
        ("further-and-faster-quote-circumstances", "starmer-further-and-faster"),
    ],
)
def test_quote_circumstance_discrepancies(seed_data, slug, quote_slug):
    versions = versions_of(slug)
    assert versions[ARTICLE_1][0].startswith("Ahead of the EPC meeting")
    assert versions[ARTICLE_1][1] is True
    assert versions[ARTICLE_2][0].startswith("At the EPC meeting in Budapest on 7 November")
    assert versions[ARTICLE_2][1] is False
    discrepancy = Discrepancy.objects.get(slug=slug)
    assert discrepancy.resolution.startswith("Ahead of the meeting.")
    quote = Quote.objects.get(slug=quote_slug)
    assert list(Discrepancy.objects.about(quote)) == [discrepancy]
    # Not said at the meeting, so no event; the day is unknown, the month is not.
    assert quote.event is None
    assert (quote.said_on, quote.said_on_precision) == (datetime.date(2024, 11, 1), "month")


def test_each_discrepancy_accepts_exactly_one_version(seed_data):
    for discrepancy in Discrepancy.objects.all():
        assert discrepancy.versions.count() == 2
        assert discrepancy.versions.filter(is_accepted=True).count() == 1
        assert discrepancy.resolution
