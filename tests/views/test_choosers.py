"""The lists' choosers (tracker.choosers): past ``SUGGESTED_ABOVE`` records a filter of
organisations, people or events is a typed field with suggestions from
``/suggestions/?of=<kind>``, published records only, its typed name resolved on the server."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tracker import choosers
from tracker.models import Publication

pytestmark = pytest.mark.django_db

DRAFT = {"publication": Publication.DRAFT}


def named_by(organisation, **commitment) -> None:
    factories.FundingCommitmentFactory(**commitment).organisations.add(organisation)


@pytest.fixture
def agencies():
    """Organisations a published commitment names, and one only a draft names."""
    made = {}
    for slug, name in [
        ("border-agency", "Border Agency"),
        ("border-force", "Border Force"),
        ("north-border-agency", "North Border Agency"),
        ("aid-agency", "Aid Agency"),
    ]:
        made[slug] = factories.OrganisationFactory(slug=slug, name=name)
        named_by(made[slug])
    made["secret"] = factories.OrganisationFactory(slug="border-secret", name="Border Secret Unit")
    named_by(made["secret"], **DRAFT)
    return made


def options(response) -> list[tuple[str, str]]:
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'<li role="option"[^>]*data-value="([^"]*)" data-name="([^"]*)"', html)


def test_suggestions_are_published_names_starting_or_with_a_word_starting_so(client, agencies):
    found = options(client.get("/suggestions/?of=organisations&q=bor"))
    # Names that start with the letters first, then those with a word that does; A to Z.
    assert found == [
        ("border-agency", "Border Agency"),
        ("border-force", "Border Force"),
        ("north-border-agency", "North Border Agency"),
    ]
    assert options(client.get("/suggestions/?of=organisations&q=agen")) == [
        ("aid-agency", "Aid Agency"),
        ("border-agency", "Border Agency"),
        ("north-border-agency", "North Border Agency"),
    ]
    assert options(client.get("/suggestions/?of=organisations&q=rder")) == []


def test_drafts_are_never_suggested(client, agencies, world):
    suggested = client.get("/suggestions/?of=organisations&q=border").content.decode()
    assert "border-secret" not in suggested
    # A person who only speaks in a draft quote is no one the public may choose.
    hidden = factories.PersonFactory(slug="hidden-speaker", name="Keir Hidden")
    factories.QuoteFactory(slug="hidden-quote", speaker=hidden, **DRAFT)
    keir = options(client.get("/suggestions/?of=people&q=keir"))
    assert keir == [("keir-starmer", "Keir Starmer")]


def test_suggestions_mark_the_letters_and_say_when_nothing_matches(client, agencies):
    html = client.get("/suggestions/?of=organisations&q=border+a").content.decode()
    assert "<mark>Border A</mark>gency" in html
    assert "North <mark>Border A</mark>gency" in html
    none = client.get("/suggestions/?of=organisations&q=zzz").content.decode()
    assert 'aria-disabled="true"' in none and "No organisations named “zzz…”" in none
    assert client.get("/suggestions/?of=organisations&q=").content.decode().strip() == ""


def test_suggestions_are_bounded_and_their_queries_do_not_grow(client):
    def count(address: str) -> tuple[int, int]:
        client.get(address)  # the data version, once per change
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        return len(options(response)), len(queries)

    for i in range(3):
        named_by(factories.OrganisationFactory(slug=f"agency-{i}", name=f"Agency {i:02d}"))
    few = count("/suggestions/?of=organisations&q=agency")
    for i in range(3, 30):
        named_by(factories.OrganisationFactory(slug=f"agency-{i}", name=f"Agency {i:02d}"))
    many = count("/suggestions/?of=organisations&q=agency")
    assert few[0] == 3 and many[0] == choosers.SUGGESTIONS
    assert few[1] == many[1] <= 2


@pytest.mark.parametrize(
    ("address", "status", "message"),
    [
        ("/suggestions/?of=organisations&q=" + "a" * 101, 400, "Type at most 100 characters."),
        ("/suggestions/?of=people&q=%00", 400, "Null characters are not allowed."),
        ("/suggestions/?of=countries&q=ser", 400, "No suggestions of “countries”; choose"),
    ],
)
def test_bad_suggestion_input_is_refused_with_a_message(client, world, address, status, message):
    response = client.get(address)
    assert response.status_code == status
    assert message in response.content.decode()


def test_a_typed_name_leads_to_the_address_with_its_slug(client, agencies, world):
    response = client.get("/commitments/?organisation=border+FORCE&kind=funding")
    assert response.status_code == 302
    assert response["Location"] == "/commitments/?kind=funding&organisation=border-force"
    # htmx follows the redirect and pushes the slug's address (tracker.views.listing).
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true")
    assert fragment["HX-Push-Url"] == "/commitments/?kind=funding&organisation=border-force"
    # The quotes and announcements lists resolve their speakers and events the same way.
    quotes = client.get("/quotes/?speaker=Keir+Starmer")
    assert quotes.status_code == 302 and quotes["Location"] == "/quotes/?speaker=keir-starmer"
    assert client.get("/announcements/?event=Summit+none").status_code == 400


def test_a_name_that_is_several_records_or_none_is_a_400_with_the_closest(client, agencies):
    several = client.get("/commitments/?organisation=border")
    assert several.status_code == 400
    html = several.content.decode()
    assert (
        "“border” could be any of these organisations: Border Agency, Border Force, "
        "North Border Agency." in html
    )
    unknown = client.get("/commitments/?organisation=north+border+agen").content.decode()
    assert (
        "There is no organisation “north border agen”. Did you mean North Border Agency?" in unknown
    )
    nothing = client.get("/commitments/?organisation=zzz")
    assert nothing.status_code == 400
    assert "There is no organisation “zzz”." in nothing.content.decode()


def test_a_draft_is_never_chosen_or_named_by_its_name(client, agencies):
    response = client.get("/commitments/?organisation=Border+Secret+Unit")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is no organisation “Border Secret Unit”." in html
    assert "border-secret" not in html
    assert "Border Secret Unit" not in client.get("/commitments/?organisation=bor").content.decode()


def test_names_two_records_share_are_told_apart_by_slug(client, world):
    for slug in ("ana-demir", "ana-demir-2"):
        person = factories.PersonFactory(slug=slug, name="Ana Demir")
        factories.QuoteFactory(slug=f"quote-{slug}", speaker=person)
    html = client.get("/quotes/?speaker=ana+demir").content.decode()
    assert "Ana Demir (ana-demir), Ana Demir (ana-demir-2)" in html
    suggested = client.get("/suggestions/?of=people&q=ana").content.decode()
    assert '<span class="chooser-slug">(ana-demir-2)</span>' in suggested
    assert client.get("/quotes/?speaker=ana-demir-2").status_code == 200


def test_past_the_threshold_the_drop_down_becomes_a_chooser(client, agencies, monkeypatch):
    drop_down = client.get("/commitments/").content.decode()
    assert '<select name="organisation"' in drop_down
    monkeypatch.setattr(choosers, "SUGGESTED_ABOVE", 3)
    factories.CommitmentFactory()  # a new data version: the offers are read again
    html = client.get("/commitments/?organisation=border-force").content.decode()
    assert '<select name="organisation"' not in html
    chooser = re.search(r'<input type="text" name="organisation"[^>]*>', html).group(0)
    for attribute in (
        'value="Border Force"',  # its name, not its slug
        'role="combobox"',
        'aria-autocomplete="list"',
        'aria-expanded="false"',
        'aria-controls="f-organisation-suggestions"',
        'hx-get="/suggestions/?of=organisations"',
        'hx-push-url="false"',
        'data-slug="border-force"',
        'placeholder="Any organisation"',
    ):
        assert attribute in chooser
    assert '<label for="f-organisation">Organisation</label>' in html
    assert '<ul id="f-organisation-suggestions" class="chooser-suggestions" role="listbox"' in html
    # The active filter's chip names it too.
    assert "Organisation: <strong>Border Force</strong>" in html
    # The country drop-down (not a chooser) stays a drop-down whatever its length.
    assert '<select name="country"' in html


def test_a_chooser_page_does_not_grow_with_the_records_it_could_offer(
    client, agencies, monkeypatch
):
    monkeypatch.setattr(choosers, "SUGGESTED_ABOVE", 3)

    def form_and_queries() -> tuple[str, int]:
        client.get("/commitments/")  # what is remembered per data version
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/commitments/").content.decode()
        form = re.search(r'<form id="commitment-filters".*?</form>', html, re.S).group(0)
        return re.sub(r'<select name="country".*?</select>', "", form, flags=re.S), len(queries)

    few = form_and_queries()
    for i in range(40):
        named_by(factories.OrganisationFactory(slug=f"agency-{i}", name=f"Agency {i}"))
    many = form_and_queries()
    assert few == many
    assert few[1] <= 10
