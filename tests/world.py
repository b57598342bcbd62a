"""Seed-like records made with the factories: one of everything, and a draft of each kind.

``build_world()`` makes them; the ``world`` fixture (tests/conftest.py) builds them once
per test module and gives each test its own copy.
"""

import datetime
from dataclasses import dataclass

from tests import factories
from tracker import models

TEXT = (
    "The Prime Minister announced a new partnership with Serbia on Thursday. "
    '"We will smash the gangs together," he said at the summit in Budapest. '
    "The government will spend £150 million over two years on border security. "
    "Almost 100,000 people crossed the Western Balkans route last year, officials said. "
    "Another report put the figure at £75 million."
)


@dataclass
class World:
    article: models.SourceArticle
    partnership: models.Commitment
    funding: models.Commitment
    pledge: models.Commitment
    announcement: models.Announcement
    quote: models.Quote
    figure: models.Figure
    person: models.Person
    event: models.Event
    discrepancy: models.Discrepancy
    drafts: dict


def cite(article, excerpt: str, **record) -> models.Citation:
    """A citation of the one record passed as ``commitment=``, ``quote=`` …"""
    return factories.CitationFactory(
        source=article, excerpt=excerpt, **{"commitment": None, **record}
    )


def build_world() -> World:
    article = factories.SourceArticleFactory(
        slug="pm-budapest",
        headline="PM strikes deal with Serbia in Budapest",
        publisher="The Daily Record",
        text=TEXT,
    )
    person = factories.PersonFactory(name="Keir Starmer", slug="keir-starmer", country_id="GB")
    factories.RoleFactory(
        person=person, title="Prime Minister", started_on=datetime.date(2024, 7, 5)
    )
    factories.RoleFactory(
        person=person,
        title="Leader of the Opposition",
        started_on=datetime.date(2020, 4, 4),
        ended_on=datetime.date(2024, 7, 5),
    )
    event = factories.EventFactory(
        name="European Political Community meeting", slug="epc-budapest", location="Budapest"
    )
    announcement = factories.AnnouncementFactory(
        slug="budapest-package",
        title="UK and Serbia join forces against smuggling gangs",
        speaker=person,
        event=event,
    )
    announcement.countries.set(["RS", "GB"])
    cite(
        article,
        "The Prime Minister announced a new partnership with Serbia",
        announcement=announcement,
    )

    partnership = factories.PartnershipFactory(
        slug="uk-serbia-partnership",
        title="UK–Serbia partnership against people smuggling",
        announcement=announcement,
        announced_on=datetime.date(2024, 11, 7),
    )
    factories.CommitmentPartyFactory(commitment=partnership, country_id="RS")
    factories.CommitmentPartyFactory(commitment=partnership, country_id="GB", role="lead")
    cite(article, "a new partnership with Serbia on Thursday", commitment=partnership)

    funding = factories.FundingCommitmentFactory(
        slug="border-security-fund",
        title="£150 million for border security",
        amount_minor=15_000_000_000,
        currency="GBP",
        announcement=announcement,
        announced_on=datetime.date(2024, 11, 8),
        status=models.CommitmentStatus.ANNOUNCED,
    )
    factories.CommitmentPartyFactory(commitment=funding, country_id="GB", role="funder")
    funding_citation = cite(
        article, "The government will spend £150 million over two years", commitment=funding
    )
    other_citation = cite(
        article, "Another report put the figure at £75 million.", commitment=funding
    )
    factories.StatusChangeFactory(
        commitment=funding,
        status=models.CommitmentStatus.ANNOUNCED,
        changed_on=datetime.date(2024, 11, 8),
        reason="Announced at the summit.",
        citation=funding_citation,
    )
    discrepancy = factories.DiscrepancyFactory(
        slug="fund-amount",
        subject="How much money was promised",
        status=models.DiscrepancyStatus.RESOLVED,
        resolution="The government's own figure is £150 million.",
    )
    factories.DiscrepancyVersionFactory(
        discrepancy=discrepancy,
        citation=funding_citation,
        stated_value="£150 million",
        is_accepted=True,
    )
    factories.DiscrepancyVersionFactory(
        discrepancy=discrepancy, citation=other_citation, stated_value="£75 million"
    )

    pledge = factories.PledgeFactory(
        slug="treat-smugglers-as-terrorists",
        title="Treat smugglers like terrorists",
        announced_on=datetime.date(2024, 9, 1),
        status=models.CommitmentStatus.IN_PROGRESS,
    )
    factories.CommitmentPartyFactory(commitment=pledge, country_id="AL", role="concerned")
    cite(article, "We will smash the gangs together", commitment=pledge)

    quote = factories.QuoteFactory(
        slug="smash-the-gangs",
        text="We will smash the gangs together",
        speaker=person,
        event=event,
        announcement=announcement,
        said_on=datetime.date(2024, 11, 7),
    )
    quote.countries.set(["RS"])
    cite(article, '"We will smash the gangs together," he said', quote=quote)

    figure = factories.FigureFactory(
        slug="western-balkans-crossings",
        label="People who crossed the Western Balkans route",
        value=100_000,
        unit="people",
        qualifier=models.FigureQualifier.ALMOST,
        announcement=announcement,
    )
    figure.countries.set(["RS"])
    cite(
        article, "Almost 100,000 people crossed the Western Balkans route last year", figure=figure
    )

    draft = {"publication": models.Publication.DRAFT}
    drafts = {
        "commitment": factories.PledgeFactory(slug="draft-pledge", title="Secret plan", **draft),
        "announcement": factories.AnnouncementFactory(slug="draft-announcement", **draft),
        "quote": factories.QuoteFactory(slug="draft-quote", speaker=person, **draft),
        "figure": factories.FigureFactory(slug="draft-figure", **draft),
        "source": factories.SourceArticleFactory(slug="draft-article", **draft),
    }
    factories.CommitmentPartyFactory(commitment=drafts["commitment"], country_id="RS")
    return World(
        article=article,
        partnership=partnership,
        funding=funding,
        pledge=pledge,
        announcement=announcement,
        quote=quote,
        figure=figure,
        person=person,
        event=event,
        discrepancy=discrepancy,
        drafts=drafts,
    )
