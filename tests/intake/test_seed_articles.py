"""The intake assistant on the two seed articles: every quote, amount and country, at the
right offsets, and nothing that is not in the text.

The expected lists were written from reading the articles. Each expected
excerpt's offsets are found here independently (its next whole-word occurrence
after the one before), so a candidate at the wrong place fails.
"""

import datetime
import re

import pytest

from tracker.intake import Kind, find_candidates
from tracker.models import SourceArticle

from .seeds import PM_CALLS, STARMER_TO_SIGN

pytestmark = pytest.mark.django_db

# (excerpt, speaker) in text order
QUOTES = {
    STARMER_TO_SIGN: [
        (
            "absolutely key to dismantling the criminal networks that orchestrate the "
            "exploitation of vulnerable people for financial gain.",
            "Yvette Cooper",
        ),
        (
            "Working more closely with Serbia, North Macedonia and Kosovo, we will share "
            "information and intelligence, and work across borders to map out what is happening "
            "and where, to break the business models of these unscrupulous gangs at source.",
            "Yvette Cooper",
        ),
        (
            "There is a criminal empire operating on our continent, exacting a horrendous human "
            "toll and undermining our national security.",
            "Keir Starmer",
        ),
        (
            "Backed by our new Border Security Command, the UK will be at the heart of the "
            "efforts to end the scourge of organised immigration crime – but we cannot do it in "
            "isolation.",
            "Keir Starmer",
        ),
        (
            "We need to go further and faster, alongside our international partners, and take "
            "the fight directly to the heart of these vile people smuggling networks.",
            "Keir Starmer",
        ),
        (
            "We're going to treat people smugglers like terrorists. So we're taking our approach "
            "to counter-terrorism—which we know works—and applying it to the gangs, with our new "
            "Border Security Command",
            "Keir Starmer",
        ),
    ],
    PM_CALLS: [
        (
            "There is a criminal empire operating on our continent, exacting a horrendous human "
            "toll and undermining our national security.",
            "Keir Starmer",
        ),
        (
            "We need to go further and faster, alongside our international partners, and take "
            "the fight directly to the heart of these vile people smuggling networks",
            "Keir Starmer",
        ),
        (
            "Our work with our partners in the Western Balkans is absolutely key to dismantling "
            "the criminal networks that orchestrate the exploitation of vulnerable people for "
            "financial gain",
            "Yvette Cooper",
        ),
    ],
}

# (excerpt, minor units, currency) in text order
AMOUNTS = {
    STARMER_TO_SIGN: [
        ("£150 million", 150_000_000_00, "GBP"),
        ("£75 billion", 75_000_000_000_00, "GBP"),
        # “(£166,250)” after it is the same fine in sterling, not a second amount (issue 16)
        ("200,000 euros", 200_000_00, "EUR"),
    ],
    PM_CALLS: [("£75 million", 75_000_000_00, "GBP")],
}

# (excerpt, ISO code) in text order: every mention
COUNTRIES = {
    STARMER_TO_SIGN: [
        ("North Macedonia", "MK"),
        ("Serbia", "RS"),
        ("Kosovo", "XK"),
        ("UK", "GB"),  # “the EU and UK”
        ("Serbia", "RS"),
        ("North Macedonia", "MK"),
        ("Kosovo", "XK"),
        ("UK", "GB"),  # “the UK will be at the heart”
        ("Iraq", "IQ"),
        ("France", "FR"),
        ("Poland", "PL"),
        ("Netherlands", "NL"),
        ("Iran", "IR"),
        ("Iraq", "IQ"),
        ("French", "FR"),
        ("British", "GB"),
        ("France", "FR"),  # “France's national policing unit”
        ("UK", "GB"),  # “the UK's NCA”
        ("UK", "GB"),  # “to the UK, via small boat”
    ],
    PM_CALLS: [
        ("UK", "GB"),  # “The UK Prime Minister”
        ("Serbia", "RS"),
        ("North Macedonia", "MK"),
        ("Kosovo", "XK"),
        ("UK", "GB"),  # “enter the UK or EU”
        ("UK", "GB"),  # “the UK’s commitment”
        ("Serbia", "RS"),
        ("North Macedonia", "MK"),
        ("Kosovo", "XK"),
        ("UK", "GB"),  # “before they reach UK shores”
        ("UK", "GB"),  # “UK Partnerships in the Western Balkans”
        ("Serbia", "RS"),  # the table
        ("North Macedonia", "MK"),
        ("Kosovo", "XK"),
        ("Albania", "AL"),
        ("UK", "GB"),  # “The Role of the UK Border Security Command”
        ("UK", "GB"),  # “the newly bolstered UK Border Security Command”
        ("UK", "GB"),  # “the UK’s borders”
        ("UK", "GB"),  # “no right to remain in the UK”
        ("UK", "GB"),  # “before they reach the UK.”
        ("UK", "GB"),  # “other matters critical to the UK”
        ("UK", "GB"),  # “both the UK and its European partners”
        ("Ukraine", "UA"),
        ("UK", "GB"),  # “the UK’s commitment to support Ukraine”
        ("Ukraine", "UA"),
        ("Russian", "RU"),
        ("UK", "GB"),  # “the UK’s relationships”
        ("UK", "GB"),  # “UK citizens”
    ],
}

# (excerpt, date, precision) in text order; both articles are dated November 2024
DATES = {
    STARMER_TO_SIGN: [("last year", datetime.date(2023, 1, 1), "year")],
    PM_CALLS: [
        ("7 November", datetime.date(2024, 11, 7), "day"),
        ("last year", datetime.date(2023, 1, 1), "year"),
        ("this year", datetime.date(2024, 1, 1), "year"),
        ("2023", datetime.date(2023, 1, 1), "year"),
    ],
}

# (excerpt, value, unit) in text order
FIGURES = {
    STARMER_TO_SIGN: [
        ("almost 100,000 illegal immigrants", 100000, "people"),
        ("around 190 countries", 190, "countries"),
        ("two years", 2, "years"),  # “over the next two years”: a number in words (issue 16)
        ("17 members", 17, "people"),
        ("10 years", 10, "years"),
        ("15 years", 15, "years"),
        ("10,000 illegal immigrants", 10000, "people"),
    ],
    PM_CALLS: [
        ("nearly 100,000 migrants", 100000, "people"),
        ("9,400 people", 9400, "people"),
        ("19%", 19, "percent"),
    ],
}


@pytest.fixture
def articles(seed_data):
    return {article.slug: article for article in SourceArticle.objects.all()}


def of_kind(candidates, kind):
    return [c for c in candidates if c.kind == kind]


def expected_offsets(text: str, excerpts: list[str]) -> list[tuple[int, int]]:
    """Each excerpt's next occurrence (as whole words) after the previous one's start."""
    offsets, cursor = [], 0
    for excerpt in excerpts:
        pattern = (r"(?<!\w)" if excerpt[0].isalnum() else "") + re.escape(excerpt)
        pattern += r"(?!\w)" if excerpt[-1].isalnum() else ""
        match = re.compile(pattern).search(text, cursor)
        assert match, f"the test's own excerpt {excerpt!r} is not in the text after {cursor}"
        offsets.append(match.span())
        cursor = match.start() + 1
    return offsets


@pytest.mark.parametrize("slug", [STARMER_TO_SIGN, PM_CALLS])
def test_every_candidate_is_exactly_in_the_text(articles, slug):
    article = articles[slug]
    candidates = find_candidates(article)
    assert candidates
    for candidate in candidates:
        assert article.text[candidate.start : candidate.end] == candidate.excerpt, candidate
        assert candidate.excerpt.strip() == candidate.excerpt
        assert 0 <= candidate.cite_start <= candidate.start
        assert candidate.end <= candidate.cite_end <= len(article.text)


@pytest.mark.parametrize("slug", [STARMER_TO_SIGN, PM_CALLS])
def test_it_finds_every_quote_with_its_speaker(articles, slug):
    article = articles[slug]
    quotes = of_kind(find_candidates(article), Kind.QUOTE)

    assert [(q.excerpt, q.speaker_name) for q in quotes] == QUOTES[slug]
    spans = expected_offsets(article.text, [excerpt for excerpt, _ in QUOTES[slug]])
    assert [(q.start, q.end) for q in quotes] == spans


def test_a_quote_runs_on_into_the_next_paragraph_with_its_speaker(articles):
    quotes = of_kind(find_candidates(articles[STARMER_TO_SIGN]), Kind.QUOTE)
    backed, further = quotes[3], quotes[4]
    assert not backed.continues and further.continues
    assert further.speaker_name == backed.speaker_name == "Keir Starmer"


def test_quotes_cite_their_attribution(articles):
    """The passage a quote's citation gets is the quote with the words that say who said it."""
    article = articles[PM_CALLS]
    text = article.text
    cited = [text[q.cite_start : q.cite_end] for q in of_kind(find_candidates(article), Kind.QUOTE)]
    assert cited[0].startswith("According to the PM,\n“There is a criminal empire")
    assert cited[1].endswith("smuggling networks,” he added.")
    assert cited[2].endswith("financial gain,” Cooper said.")
    first = of_kind(find_candidates(articles[STARMER_TO_SIGN]), Kind.QUOTE)
    assert articles[STARMER_TO_SIGN].text[first[1].cite_start :].startswith("Cooper continued:")


def test_a_term_in_quotation_marks_is_not_a_quote(articles):
    quotes = of_kind(find_candidates(articles[STARMER_TO_SIGN]), Kind.QUOTE)
    assert not any(q.excerpt.startswith("at source") for q in quotes)


@pytest.mark.parametrize("slug", [STARMER_TO_SIGN, PM_CALLS])
def test_it_finds_every_amount_as_minor_units(articles, slug):
    article = articles[slug]
    amounts = of_kind(find_candidates(article), Kind.MONEY)

    assert [(a.excerpt, a.amount_minor, a.currency) for a in amounts] == AMOUNTS[slug]
    spans = expected_offsets(article.text, [excerpt for excerpt, *_ in AMOUNTS[slug]])
    assert [(a.start, a.end) for a in amounts] == spans


@pytest.mark.parametrize("slug", [STARMER_TO_SIGN, PM_CALLS])
def test_it_finds_every_country(articles, slug):
    article = articles[slug]
    countries = of_kind(find_candidates(article), Kind.COUNTRY)

    assert [(c.excerpt, c.country_codes) for c in countries] == [
        (excerpt, (code,)) for excerpt, code in COUNTRIES[slug]
    ]
    spans = expected_offsets(article.text, [excerpt for excerpt, _ in COUNTRIES[slug]])
    assert [(c.start, c.end) for c in countries] == spans


def test_countries_are_named_as_the_country_table_names_them(articles):
    countries = of_kind(find_candidates(articles[PM_CALLS]), Kind.COUNTRY)
    labels = {c.excerpt: c.label for c in countries}
    assert labels["UK"] == "United Kingdom"
    assert labels["Russian"] == "Russia (Russian)"


@pytest.mark.parametrize("slug", [STARMER_TO_SIGN, PM_CALLS])
def test_it_finds_and_resolves_dates(articles, slug):
    article = articles[slug]
    dates = of_kind(find_candidates(article), Kind.DATE)

    assert [(d.excerpt, d.date, d.date_precision) for d in dates] == DATES[slug]
    spans = expected_offsets(article.text, [excerpt for excerpt, *_ in DATES[slug]])
    assert [(d.start, d.end) for d in dates] == spans


@pytest.mark.parametrize("slug", [STARMER_TO_SIGN, PM_CALLS])
def test_it_finds_figures(articles, slug):
    article = articles[slug]
    figures = of_kind(find_candidates(article), Kind.FIGURE)

    assert [(f.excerpt, f.value, f.unit) for f in figures] == FIGURES[slug]


def test_it_finds_known_people_organisations_and_events(articles):
    found = find_candidates(articles[STARMER_TO_SIGN])
    people = {(c.excerpt, c.label) for c in of_kind(found, Kind.PERSON)}
    organisations = {(c.excerpt, c.label) for c in of_kind(found, Kind.ORGANISATION)}
    events = {(c.excerpt, c.label) for c in of_kind(found, Kind.EVENT)}

    assert {
        ("Prime Minister Sir Keir Starmer", "Keir Starmer"),
        ("Starmer", "Keir Starmer"),
        ("Home Secretary Yvette Cooper", "Yvette Cooper"),
        ("Cooper", "Yvette Cooper"),
        ("prime minister", "Keir Starmer"),
    } <= people
    assert {
        ("NCA", "National Crime Agency (NCA)"),
        ("OLTIM", "Office de lutte contre le trafic illicite de migrants (OLTIM)"),
        ("Border Security Command", "Border Security Command"),
        ("Interpol", "Interpol"),
    } <= organisations
    assert events == {("EPC", "European Political Community meeting")}

    second = find_candidates(articles[PM_CALLS])
    assert ("PM", "Keir Starmer") in {(c.excerpt, c.label) for c in of_kind(second, Kind.PERSON)}
    assert ("European Political Community", "European Political Community meeting") in {
        (c.excerpt, c.label) for c in of_kind(second, Kind.EVENT)
    }


def test_candidates_carry_what_their_passage_names(articles):
    quotes = of_kind(find_candidates(articles[STARMER_TO_SIGN]), Kind.QUOTE)
    working_closely, criminal_empire = quotes[1], quotes[2]
    assert working_closely.country_codes == ("RS", "MK", "XK")
    assert criminal_empire.event_id is not None  # “ahead of the EPC meeting”

    money = of_kind(find_candidates(articles[STARMER_TO_SIGN]), Kind.MONEY)
    assert money[0].organisation_ids  # the Border Security Command


def test_the_same_text_gives_the_same_candidates(articles):
    article = articles[PM_CALLS]
    assert find_candidates(article) == find_candidates(article)
