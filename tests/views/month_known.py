"""Records whose dates the sources give only to the month or the year, as in the seed's
Interpol announcement: stored as the 1st of the month (or 1 January), never shown as it.

Import the fixture where it is used: ``from tests.views.month_known import month_known``.
"""

import datetime
from dataclasses import dataclass

import pytest

from tests import factories
from tracker import models

NOVEMBER_2024 = datetime.date(2024, 11, 1)
# What no page, export or feed may say of these records: a day the sources do not give.
FIRST_OF_NOVEMBER = ("1 November 2024", "2024-11-01")


@dataclass
class MonthKnown:
    person: models.Person
    event: models.Event
    announcement: models.Announcement
    funding: models.Commitment
    partnership: models.Commitment
    pledge: models.Commitment
    quote: models.Quote


@pytest.fixture
def month_known(db) -> MonthKnown:
    uk = models.Country.objects.get(code="GB")
    in_november = {"announced_on": NOVEMBER_2024, "announced_on_precision": "month"}
    person = factories.PersonFactory(name="Keir Starmer", slug="keir-starmer")
    event = factories.EventFactory(
        name="Interpol General Assembly",
        slug="interpol-glasgow",
        location="Glasgow",
        starts_on=NOVEMBER_2024,
        starts_on_precision="month",
    )
    announcement = factories.AnnouncementFactory(
        slug="glasgow-funding",
        title="Glasgow funding doubled",
        speaker=person,
        event=event,
        **in_november,
    )
    announcement.countries.add(uk)
    funding = factories.FundingCommitmentFactory(
        slug="glasgow-150m",
        title="Glasgow £150 million",
        announcement=announcement,
        period_start=datetime.date(2025, 1, 1),
        period_start_precision="year",
        period_end=datetime.date(2026, 1, 1),
        period_end_precision="year",
        **in_november,
    )
    partnership = factories.PartnershipFactory(
        slug="glasgow-partnership",
        title="Glasgow partnership",
        signed_on=NOVEMBER_2024,
        signed_on_precision="month",
        **in_november,
    )
    pledge = factories.PledgeFactory(slug="glasgow-pledge", title="Glasgow pledge", **in_november)
    for commitment in (funding, partnership, pledge):
        factories.CommitmentPartyFactory(commitment=commitment, country=uk)
        factories.StatusChangeFactory(
            commitment=commitment,
            changed_on=NOVEMBER_2024,
            changed_on_precision="month",
            reason="Announced in Glasgow; the sources give no day.",
        )
    quote = factories.QuoteFactory(
        slug="glasgow-quote",
        text="We will treat smugglers like terrorists in Glasgow.",
        speaker=person,
        event=event,
        announcement=announcement,
        said_on=NOVEMBER_2024,
        said_on_precision="month",
    )
    quote.countries.add(uk)
    return MonthKnown(person, event, announcement, funding, partnership, pledge, quote)
