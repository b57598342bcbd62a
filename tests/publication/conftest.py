"""Published records whose relations point at drafts: what the public must never see.

Every draft here has a title and slug containing ``xyzzy``, so that a test can look for
that one word in whatever a public address answers.
"""

import datetime
from dataclasses import dataclass

import pytest

from tests import factories
from tests.world import World, cite
from tracker import models

HIDDEN = "xyzzy"
DRAFT = models.Publication.DRAFT


@dataclass
class Leaky:
    funding: models.Commitment
    addition: models.Commitment
    quote: models.Quote
    figure: models.Figure
    draft_announcement: models.Announcement
    draft_total: models.Commitment
    draft_source: models.SourceArticle


@pytest.fixture
def leaky(world: World) -> Leaky:
    """Published funding, quote and figure made in a draft announcement (whose speaker and
    event nothing published names), money counted in and added to a draft total, and a
    citation of a draft article."""
    speaker = factories.PersonFactory(name="Xyzzy Speaker", slug="xyzzy-speaker")
    event = factories.EventFactory(name="Xyzzy Summit", slug="xyzzy-summit")
    draft_announcement = factories.AnnouncementFactory(
        slug="xyzzy-announcement",
        title="Xyzzy announcement of a plan",
        speaker=speaker,
        event=event,
        publication=DRAFT,
    )
    draft_total = factories.FundingCommitmentFactory(
        slug="xyzzy-total",
        title="Xyzzy total of every fund",
        funding_type=models.FundingType.TOTAL,
        publication=DRAFT,
    )
    factories.CommitmentPartyFactory(commitment=draft_total, country_id="RS", role="funder")
    funding = factories.FundingCommitmentFactory(
        slug="counted-fund",
        title="£10 million counted in a total",
        announcement=draft_announcement,
        included_in=draft_total,
        announced_on=datetime.date(2024, 11, 9),
    )
    factories.CommitmentPartyFactory(commitment=funding, country_id="RS", role="funder")
    addition = factories.FundingCommitmentFactory(
        slug="added-fund",
        title="£5 million more for the total",
        amount_minor=500_000_000,
        funding_type=models.FundingType.ADDITIONAL,
        adds_to=draft_total,
        announced_on=datetime.date(2024, 11, 9),
    )
    factories.CommitmentPartyFactory(commitment=addition, country_id="RS", role="funder")
    draft_source = factories.SourceArticleFactory(
        slug="xyzzy-article", headline="Xyzzy article about the fund", publication=DRAFT
    )
    citation = cite(draft_source, "The government will spend £10 million", commitment=funding)
    factories.StatusChangeFactory(
        commitment=funding, changed_on=datetime.date(2024, 11, 9), citation=citation
    )
    cite(world.article, "The government will spend £150 million", commitment=funding)
    quote = factories.QuoteFactory(
        slug="quote-at-a-draft", speaker=world.person, announcement=draft_announcement
    )
    quote.countries.set(["RS"])
    cite(world.article, "We will smash the gangs together", quote=quote)
    figure = factories.FigureFactory(slug="figure-in-a-draft", announcement=draft_announcement)
    figure.countries.set(["RS"])
    cite(world.article, "Almost 100,000 people crossed", figure=figure)
    return Leaky(
        funding=funding,
        addition=addition,
        quote=quote,
        figure=figure,
        draft_announcement=draft_announcement,
        draft_total=draft_total,
        draft_source=draft_source,
    )
