"""Records in bulk around a few hubs, to show that a page's queries do not grow with its rows.

``Scale.grow(n)`` adds n more of everything each page lists: commitments,
quotes, figures and announcements about Serbia, by one person, at one event,
in one announcement, naming one organisation; people from Serbia, events in
Serbia and organisations, for the indexes; citations, status changes and discrepancies of one hub
commitment; citations of one hub quote and figure; all citing one article.
"""

import datetime

from tests import factories
from tracker import models

SENTENCES = 120
TEXT = " ".join(f"Record number {i:03d} concerns Serbia and the border." for i in range(SENTENCES))
DAY = datetime.date(2024, 1, 1)


def sentence(i: int) -> str:
    return f"Record number {i:03d} concerns Serbia and the border."


class Scale:
    def __init__(self) -> None:
        self.size = 0
        self.article = factories.SourceArticleFactory(slug="scale-article", text=TEXT)
        self.person = factories.PersonFactory(name="Scale Minister", slug="scale-minister")
        self.event = factories.EventFactory(slug="scale-summit")
        self.announcement = factories.AnnouncementFactory(
            slug="scale-announcement", speaker=self.person, event=self.event
        )
        self.announcement.countries.add("RS")
        self.organisation = factories.OrganisationFactory(slug="scale-agency", country_id="RS")
        self.announcement.organisations.add(self.organisation)
        self.commitment = factories.FundingCommitmentFactory(
            slug="scale-funding", announcement=self.announcement
        )
        self.commitment.organisations.add(self.organisation)
        factories.CommitmentPartyFactory(commitment=self.commitment, country_id="RS")
        self.quote = factories.QuoteFactory(
            slug="scale-quote",
            speaker=self.person,
            event=self.event,
            announcement=self.announcement,
        )
        self.figure = factories.FigureFactory(slug="scale-figure", announcement=self.announcement)

    def cite(self, i: int, **record) -> models.Citation:
        return factories.CitationFactory(
            source=self.article, excerpt=sentence(i), **{"commitment": None, **record}
        )

    def grow(self, count: int) -> "Scale":
        kinds = (
            factories.PartnershipFactory,
            factories.FundingCommitmentFactory,
            factories.PledgeFactory,
        )
        for i in range(self.size, self.size + count):
            commitment = kinds[i % 3](announcement=self.announcement)
            factories.CommitmentPartyFactory(commitment=commitment, country_id="RS")
            commitment.organisations.add(
                self.organisation, factories.OrganisationFactory(country_id="RS")
            )
            self.cite(i, commitment=commitment)

            citation = self.cite(i, commitment=self.commitment)
            factories.StatusChangeFactory(
                commitment=self.commitment,
                changed_on=DAY + datetime.timedelta(days=i),
                citation=citation,
            )
            factories.DiscrepancyVersionFactory(citation=citation)
            if i < len(PARTY_COUNTRIES):
                factories.CommitmentPartyFactory(
                    commitment=self.commitment, country_id=PARTY_COUNTRIES[i]
                )

            quote = factories.QuoteFactory(
                speaker=self.person, event=self.event, announcement=self.announcement
            )
            quote.countries.add("RS")
            self.cite(i, quote=quote)
            self.cite(i, quote=self.quote)

            figure = factories.FigureFactory(announcement=self.announcement)
            figure.countries.add("RS")
            self.cite(i, figure=figure)
            self.cite(i, figure=self.figure)

            announcement = factories.AnnouncementFactory(speaker=self.person, event=self.event)
            announcement.countries.add("RS")
            announcement.organisations.add(self.organisation)
            self.cite(i, announcement=announcement)

            # For the people and events indexes: someone from Serbia, with a role in the
            # organisation, announcing at an event in Serbia.
            speaker = factories.PersonFactory(country_id="RS")
            factories.RoleFactory(person=speaker, organisation=self.organisation)
            event = factories.EventFactory(country_id="RS")
            factories.AnnouncementFactory(speaker=speaker, event=event)

            factories.RoleFactory(person=self.person, title=f"Minister {i}", started_on=DAY)
            factories.SourceArticleFactory(text=TEXT)
        self.size += count
        return self


# Countries other than Serbia that join the hub commitment, one more each time it grows.
PARTY_COUNTRIES = ("AL", "XK", "MK", "ME", "BA", "GB", "FR", "DE", "IT", "NL", "BE")
