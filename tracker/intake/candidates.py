"""What the intake assistant proposes: one candidate per thing found in an article's text."""

import datetime
from dataclasses import dataclass
from decimal import Decimal


class Kind:
    QUOTE = "quote"
    MONEY = "money"
    FIGURE = "figure"
    COUNTRY = "country"
    DATE = "date"
    PERSON = "person"
    ORGANISATION = "organisation"
    EVENT = "event"

    ALL = (QUOTE, MONEY, FIGURE, COUNTRY, DATE, PERSON, ORGANISATION, EVENT)


@dataclass(frozen=True)
class Candidate:
    """Something found in a text, at ``text[start:end] == excerpt``.

    ``cite_start``/``cite_end`` give the passage a citation of it should quote:
    the whole sentence, or a quote with its attribution, as an editor would cite it.
    The other fields are the kind's normalised value.
    """

    kind: str
    start: int
    end: int
    excerpt: str
    cite_start: int
    cite_end: int
    label: str = ""
    # quotes
    speaker_id: int | None = None
    speaker_name: str = ""
    continues: bool = False
    # money (integer minor units of an ISO 4217 currency) and figures
    amount_minor: int | None = None
    currency: str = ""
    value: Decimal | None = None
    unit: str = ""
    qualifier: str = ""
    # what an amount or figure measures, in the text's words (“people returned to Albania”)
    measures: str = ""
    # places and dates in the candidate, or the candidate's own
    country_codes: tuple[str, ...] = ()
    date: datetime.date | None = None
    date_precision: str = ""
    # people, organisations and events: the record named; for others, those in the passage
    record_id: int | None = None
    organisation_ids: tuple[int, ...] = ()
    event_id: int | None = None
    said_on: datetime.date | None = None

    @property
    def key(self) -> str:
        """Identifies the candidate among those of one text: ``quote-120-245``."""
        return f"{self.kind}-{self.start}-{self.end}"
