"""Issue 12: the seed says only what its two articles say, value by value, and shows it.

Each test pins one fact the seed used to state without (or against) its sources."""

import datetime
import re

import pytest
from django.conf import settings

from tracker.models import Commitment, Event, Figure, Person, Quote, Role

pytestmark = pytest.mark.django_db

ARTICLE_1 = "starmer-to-sign-deals-with-balkan-states"
NOVEMBER_2024 = (datetime.date(2024, 11, 1), "month")
SAID_AHEAD_OF_BUDAPEST = (
    "starmer-criminal-empire",
    "starmer-backed-by-border-security-command",
    "starmer-further-and-faster",
)


@pytest.mark.parametrize("slug", SAID_AHEAD_OF_BUDAPEST)
def test_quotes_said_ahead_of_the_meeting_are_not_placed_at_it(client, seed_data, slug):
    quote = Quote.objects.get(slug=slug)
    assert quote.event is None
    assert quote.context.startswith("Ahead of the European Political Community meeting")
    html = client.get(quote.get_absolute_url()).content.decode()
    assert "<dt>Where</dt>" not in html


def test_the_meeting_page_does_not_list_what_was_said_ahead_of_it(client, seed_data):
    html = client.get("/events/epc-budapest-2024/").content.decode()
    for slug in SAID_AHEAD_OF_BUDAPEST:
        assert f'data-slug="{slug}"' not in html


def test_the_uk_france_investigation_is_not_a_commitment(seed_data):
    assert not Commitment.objects.filter(slug="uk-france-smuggling-investigation").exists()
    assert not Commitment.objects.filter(parties__country="FR").exists()
    # Its facts are figures, with their citations: the sentence about the investigation
    # now backs the figure of the members sentenced.
    sentenced = Figure.objects.get(slug="smuggling-gang-members-sentenced")
    excerpts = [citation.excerpt for citation in sentenced.citations.all()]
    assert any(e.startswith("The investigation into the people smuggling racket") for e in excerpts)
    assert "not a promise" in sentenced.note


def test_the_existing_albania_partnership_is_in_progress(client, seed_data):
    albania = Commitment.objects.get(slug="uk-albania-partnership")
    assert (albania.status, albania.novelty) == ("in_progress", "existing")
    assert albania.status_history.get().status == "in_progress"
    assert "In progress" in client.get(albania.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "slug",
    [
        "border-security-command-150m",
        "border-security-command-extra-75m",
        "treat-smugglers-like-terrorists",
        "organised-immigration-crime-intelligence-unit",
        "recruit-specialist-investigators",
    ],
)
def test_the_interpol_money_and_pledges_are_dated_november_2024(seed_data, slug):
    commitment = Commitment.objects.get(slug=slug)
    assert (commitment.announced_on, commitment.announced_on_precision) == NOVEMBER_2024
    change = commitment.status_history.get()
    assert (change.changed_on, change.changed_on_precision) == NOVEMBER_2024


def test_a_2024_date_filter_keeps_all_the_money(client, seed_data):
    address = "/commitments/?kind=funding&announced_from=2024-01-01&announced_to=2024-12-31"
    html = client.get(address).content.decode()
    assert "2 funding commitments announced in 2024" in html
    assert 'data-slug="border-security-command-150m"' in html
    assert 'data-slug="border-security-command-extra-75m"' in html


def test_figures_tag_only_countries_the_articles_tie_them_to(seed_data):
    tagged = {
        figure.slug: set(figure.countries.values_list("code", flat=True))
        for figure in Figure.objects.all()
    }
    assert tagged["western-balkans-migrants-last-year"] == {"AL", "MK", "RS", "XK"}
    for slug in (
        "smuggling-gang-members-sentenced",
        "sentenced-gang-members-from-iraq",
        "gang-members-shortest-sentence",
        "gang-members-longest-sentence",
        "gang-leader-sentence",
        "gang-leader-fine",
    ):
        assert tagged[slug] == {"GB", "FR"}, slug
    # Neither article names Bosnia and Herzegovina or Montenegro; nationalities of the
    # people convicted do not make a country concerned.
    every_tag = set().union(*tagged.values())
    assert every_tag.isdisjoint({"BA", "ME", "IQ", "PL", "NL", "IR"})


def test_iraq_is_not_concerned_by_any_record(client, seed_data):
    html = client.get("/countries/iraq/").content.decode()
    assert 'class="figure"' not in html


def test_every_role_has_a_source_and_dates_are_background(seed_data):
    roles = {
        (role.person.slug, role.title): role
        for role in Role.objects.select_related("person", "citation__source")
    }
    prime_minister = roles["keir-starmer", "Prime Minister"]
    assert prime_minister.citation.source.slug == ARTICLE_1
    assert "Prime Minister Sir Keir Starmer" in prime_minister.citation.excerpt
    home_secretary = roles["yvette-cooper", "Home Secretary"]
    assert "Home Secretary Yvette Cooper" in home_secretary.citation.excerpt
    # The dates and the later role come from no cited article: background, referenced.
    foreign_secretary = roles["yvette-cooper", "Foreign Secretary"]
    assert foreign_secretary.citation is None
    for role in roles.values():
        assert role.background_reference.startswith("https://www.gov.uk/government/people/")


def test_descriptions_of_people_claim_no_unsourced_dates(seed_data):
    for person in Person.objects.all():
        assert not re.search(r"\b(July|September) 20\d\d\b", person.description), person.slug


def test_the_person_page_shows_each_role_with_its_source(client, seed_data):
    html = client.get("/people/yvette-cooper/").content.decode()
    assert "Named in this role by:" in html
    assert "Home Secretary Yvette Cooper said that work with the Balkan nations" in html
    assert html.count("Background, not from the cited articles:") == 2
    assert 'href="https://www.gov.uk/government/people/yvette-cooper"' in html


@pytest.mark.parametrize(
    "slug, role",
    [
        ("cooper-absolutely-key", "Home Secretary"),
        ("cooper-working-more-closely", "Home Secretary"),
        ("starmer-criminal-empire", "Prime Minister"),
        ("starmer-treat-smugglers-like-terrorists", "Prime Minister"),
    ],
)
def test_quotes_carry_their_month_and_show_the_speakers_role_then(client, seed_data, slug, role):
    quote = Quote.objects.get(slug=slug)
    assert (quote.said_on, quote.said_on_precision) == NOVEMBER_2024
    assert quote.speaker_role.title == role
    html = client.get(quote.get_absolute_url()).content.decode()
    assert f"</a>, {role}" in html
    assert "Foreign Secretary" not in html
    assert '<time datetime="2024-11">November 2024</time>' in html


def test_the_19_percent_figure_says_its_comparison_once(client, seed_data):
    figure = Figure.objects.get(slug="returns-increase-on-2023")
    assert figure.label == "Increase in returns of people with no right to remain"
    assert figure.period_label == "2024 so far, compared with 2023"
    home = client.get("/").content.decode()
    assert (
        "Increase in returns of people with no right to remain, 2024 so far, compared with 2023"
        in home
    )
    assert home.count("compared with 2023") == 1
    # Its period is a period, not a single date.
    page = client.get(figure.get_absolute_url()).content.decode()
    assert "<dt>Period</dt><dd>Since 1 January 2024" in page


def test_no_name_the_sources_do_not_use(seed_data):
    """The sources say "Interpol summit" and "Interpol Conference in Glasgow"."""
    fixture = (settings.BASE_DIR / "fixtures" / "seed.json").read_text(encoding="utf-8")
    assert "general assembly" not in fixture.lower()
    assert "general-assembly" not in fixture  # nor in a permalink
    interpol = Event.objects.get(slug="interpol-conference-glasgow-2024")
    assert (interpol.name, interpol.location) == ("Interpol Conference", "Glasgow")
