"""Property: whatever is published and whatever points where, no public output names an
unpublished record.

Hypothesis draws a publication state for every record of a small, fully linked world
(an announcement with its speaker, event and organisation; a total, money counted in it
and added to it, a partnership; a quote and a figure; two source articles citing them; a
status change and a discrepancy) and which optional relations exist. Every record's slug
and title hold a word of its own; the words of the records the public may not see
(drafts, and people, events and organisations no published record names) must then be
absent from every page, index, htmx fragment, CSV, JSON, Atom feed, API response,
search result, embed card and oEmbed answer the public can reach.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.exports.bulk import body
from tracker import models

TEXT = (
    "The minister announced a plan with Serbia. "
    '"We will stop the gangs," she said. '
    "The government will spend £10 million on the border. "
    "Another report put the figure at £20 million. "
    "Almost 1,000 people crossed last year."
)
EXCERPTS = {
    "announcement": "The minister announced a plan with Serbia.",
    "partnership": "a plan with Serbia",
    "total": "The government will spend £10 million",
    "money": "on the border",
    "addition": "Another report put the figure at £20 million.",
    "quote": "We will stop the gangs",
    "figure": "Almost 1,000 people crossed last year.",
}
PUBLISHABLE = ("announcement", "total", "money", "addition", "partnership", "quote", "figure")
SOURCES = ("first", "second")
# Each record's own word, in its slug and its title (or name, headline, text); no word is
# part of another, nor of anything the site prints of its own.
WORDS = {
    "announcement": "qzannounce",
    "total": "qztotal",
    "money": "qzmoney",
    "addition": "qzaddition",
    "partnership": "qzpartner",
    "quote": "qzquote",
    "figure": "qzfigure",
    "first": "qzfirstsource",
    "second": "qzsecondsource",
    "announcer": "qzannouncer",
    "speaker": "qzspeaker",
    "venue": "qzvenue",
    "gathering": "qzgathering",
    "agency": "qzagency",
}
HTMX = {"HTTP_HX_REQUEST": "true"}
# Not published by editors: public while a published record names them.
PUBLIC_THROUGH_OTHERS = (models.Person, models.Event, models.Organisation)
API_PATHS = {
    models.Commitment: "commitments",
    models.Announcement: "announcements",
    models.Quote: "quotes",
    models.Figure: "figures",
    models.SourceArticle: "sources",
    models.Person: "people",
    models.Event: "events",
    models.Organisation: "organisations",
}

states = st.fixed_dictionaries(
    {
        "published": st.fixed_dictionaries(
            {name: st.booleans() for name in (*PUBLISHABLE, *SOURCES)}
        ),
        "cited_in": st.fixed_dictionaries({name: st.sampled_from(SOURCES) for name in PUBLISHABLE}),
        "in_announcement": st.sets(st.sampled_from(["money", "partnership", "quote", "figure"])),
        "money_counted_in_total": st.booleans(),
        "addition_adds_to_total": st.booleans(),
        "quote_at_gathering": st.booleans(),
        "agency_funds_money": st.booleans(),
        "agency_in_announcement": st.booleans(),
    }
)


def build(state: dict) -> dict:
    """The records ``state`` describes, by name."""
    publication = {
        name: models.Publication.PUBLISHED if published else models.Publication.DRAFT
        for name, published in state["published"].items()
    }
    made = {
        source: factories.SourceArticleFactory(
            slug=WORDS[source],
            headline=f"{WORDS[source]} report",
            text=TEXT,
            publication=publication[source],
        )
        for source in SOURCES
    }
    for person in ("announcer", "speaker"):
        made[person] = factories.PersonFactory(slug=WORDS[person], name=f"{WORDS[person]} Smith")
    for event in ("venue", "gathering"):
        made[event] = factories.EventFactory(slug=WORDS[event], name=f"{WORDS[event]} summit")
    made["announcement"] = factories.AnnouncementFactory(
        slug=WORDS["announcement"],
        title=f"{WORDS['announcement']} plan",
        speaker=made["announcer"],
        event=made["venue"],
        publication=publication["announcement"],
    )
    made["announcement"].countries.set(["RS"])
    made["agency"] = factories.OrganisationFactory(
        slug=WORDS["agency"], name=f"{WORDS['agency']} Border Force"
    )
    if state["agency_in_announcement"]:
        made["announcement"].organisations.add(made["agency"])
    announcement = {
        name: made["announcement"] if name in state["in_announcement"] else None
        for name in ("money", "partnership", "quote", "figure")
    }
    made["total"] = factories.FundingCommitmentFactory(
        slug=WORDS["total"],
        title=f"{WORDS['total']} plan",
        funding_type=models.FundingType.TOTAL,
        publication=publication["total"],
    )
    made["money"] = factories.FundingCommitmentFactory(
        slug=WORDS["money"],
        title=f"{WORDS['money']} plan",
        announcement=announcement["money"],
        included_in=made["total"] if state["money_counted_in_total"] else None,
        funder=made["agency"] if state["agency_funds_money"] else None,
        publication=publication["money"],
    )
    made["addition"] = factories.FundingCommitmentFactory(
        slug=WORDS["addition"],
        title=f"{WORDS['addition']} plan",
        funding_type=models.FundingType.ADDITIONAL,
        adds_to=made["total"] if state["addition_adds_to_total"] else None,
        publication=publication["addition"],
    )
    made["partnership"] = factories.PartnershipFactory(
        slug=WORDS["partnership"],
        title=f"{WORDS['partnership']} plan",
        announcement=announcement["partnership"],
        publication=publication["partnership"],
    )
    for name in ("total", "money", "addition", "partnership"):
        factories.CommitmentPartyFactory(commitment=made[name], country_id="RS")
    made["quote"] = factories.QuoteFactory(
        slug=WORDS["quote"],
        text=f"We will stop the gangs, {WORDS['quote']} plan",
        speaker=made["speaker"],
        event=made["gathering"] if state["quote_at_gathering"] else None,
        announcement=announcement["quote"],
        publication=publication["quote"],
    )
    made["quote"].countries.set(["RS"])
    made["figure"] = factories.FigureFactory(
        slug=WORDS["figure"],
        label=f"{WORDS['figure']} plan",
        announcement=announcement["figure"],
        publication=publication["figure"],
    )
    made["figure"].countries.set(["RS"])
    citations = {}
    for name in PUBLISHABLE:
        target = "commitment" if isinstance(made[name], models.Commitment) else name
        citations[name] = factories.CitationFactory(
            source=made[state["cited_in"][name]],
            excerpt=EXCERPTS[name],
            **{"commitment": None, target: made[name]},
        )
    # The money's amount as the other article states it, and the editors' discrepancy.
    other = "second" if state["cited_in"]["money"] == "first" else "first"
    disputed = factories.CitationFactory(
        source=made[other], excerpt=EXCERPTS["addition"], commitment=made["money"]
    )
    factories.StatusChangeFactory(
        commitment=made["money"], changed_on=datetime.date(2024, 11, 8), citation=disputed
    )
    discrepancy = factories.DiscrepancyFactory(slug="qz-discrepancy")
    factories.DiscrepancyVersionFactory(
        discrepancy=discrepancy, citation=citations["money"], stated_value="£10 million"
    )
    factories.DiscrepancyVersionFactory(
        discrepancy=discrepancy, citation=disputed, stated_value="£20 million"
    )
    return made


def unseen_words(made: dict) -> list[str]:
    """The words of what the public may not see: drafts, and people and events that no
    published record names."""
    hidden = []
    for name, record in made.items():
        if isinstance(record, PUBLIC_THROUGH_OTHERS):
            visible = type(record).objects.public().filter(pk=record.pk).exists()
        else:
            visible = record.publication == models.Publication.PUBLISHED
        if not visible:
            hidden.append(WORDS[name])
    return hidden


def public_addresses(made: dict) -> list[tuple[str, dict]]:
    """Every address the public can reach in this world, with the headers to send."""
    lists = ["commitments", "quotes", "sources", "countries", "people", "organisations"]
    lists += ["figures", "announcements", "events"]
    pages = ["/", "/countries/serbia/", *(f"/{name}/" for name in lists)]
    feeds = ["/", "/commitments/", "/countries/serbia/", "/announcements/", "/figures/"]
    api = [f"/api/{name}?page_size=100" for name in ("discrepancies", *API_PATHS.values())]
    addresses = [
        *((page, {}) for page in pages),
        *((f"{page}?format={fmt}", {}) for page in pages[1:] for fmt in ("csv", "json")),
        *((f"{page}?format=atom", {}) for page in feeds),
        *((f"/{name}/", HTMX) for name in lists),
        *((f"/search/?q=plan{fmt}", {}) for fmt in ("", "&format=csv", "&format=json")),
        ("/search/?q=plan", HTMX),
        ("/api/countries", {}),
        *((address, {}) for address in api),
    ]
    for record in made.values():
        if isinstance(record, PUBLIC_THROUGH_OTHERS):
            shown = type(record).objects.public().filter(pk=record.pk).exists()
        else:
            shown = record.publication == models.Publication.PUBLISHED
        if not shown:
            continue
        page = record.get_absolute_url()
        key = record.pk if isinstance(record, models.SourceArticle) else record.slug
        addresses += [(page, {}), (f"{page}?format=csv", {}), (f"{page}?format=json", {})]
        addresses.append((f"/api/{API_PATHS[type(record)]}/{key}", {}))
        if isinstance(record, models.Person):
            addresses.append((f"{page}?format=atom", {}))
        if isinstance(record, models.Commitment | models.Quote):  # its embed card, oEmbed
            addresses.append((f"/embed{page}", {}))
            addresses.append((f"/oembed?url=http://testserver{page}", {}))
    return addresses


# About 90 requests an example: some 40 s of CPU for the 25 examples (in CI on both engines).
@pytest.mark.slow
@pytest.mark.both_engines
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(state=states)
def test_no_public_output_names_an_unpublished_record(client, db, state):
    with transaction.atomic():
        cache.clear()  # counts and choices are remembered per data version
        made = build(state)
        hidden = unseen_words(made)
        for address, headers in public_addresses(made):
            response = client.get(address, **headers)
            assert response.status_code == 200, (address, response.status_code)
            content = body(response).decode().lower()
            leaked = [word for word in hidden if word in content]
            assert not leaked, (address, leaked)
        transaction.set_rollback(True)
