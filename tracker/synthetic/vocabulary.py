"""The words of the synthetic data set.

The lists its records and articles draw from, with the weights of the choices
that are weighted, and how its sentences say dates, amounts, countries and lists.
"""

import datetime

from tracker import models as m


def _pool(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split("|"))


MONTHS = _pool(
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
KINDS, KIND_WEIGHTS = ("partnership", "funding", "pledge"), (35, 35, 30)
FUNDING_TYPES, FUNDING_WEIGHTS = ("new", "total", "additional"), (6, 2, 2)
STATUS_WEIGHTS = {"announced": 30, "in_progress": 25, "delivered": 15, "stalled": 12}
STATUS_WEIGHTS |= {"broken": 8, "superseded": 10}
STATUS_PHRASES = {
    "announced": "was confirmed by officials this week",
    "in_progress": "is under way, officials said",
    "delivered": "has been delivered in full, according to a government report",
    "stalled": "has stalled, according to people familiar with it",
    "broken": "has been quietly dropped, the government admitted",
    "superseded": "has been replaced by a new plan, ministers confirmed",
}
CURRENCIES = {"GBP": "£", "EUR": "€", "USD": "$", "CHF": "CHF ", "SEK": "SEK ", "CAD": "CA$"}
CURRENCY_WEIGHTS = (50, 25, 12, 5, 4, 4)
FOCI = _pool(
    "intelligence sharing|joint operations against smuggling gangs|returns|border policing|"
    "tackling illegal working|data exchange on organised crime|maritime surveillance|"
    "document fraud|victim protection|asylum processing"
)
PURPOSES = _pool(
    "border security|returns flights|a new intelligence unit|coastguard equipment|"
    "the reintegration of returnees|anti-smuggling police|support for victims|"
    "faster asylum decisions|biometric checks|local development"
)
PLEDGES = _pool(
    "treat people smugglers like terrorists|double the number of returns|"
    "set up a new intelligence unit|hire more border officers|close a smuggling route|"
    "seize the assets of smuggling gangs|clear the asylum backlog|end the use of hotels"
)
THEMES = _pool("people smuggling|irregular migration|organised crime|border security|returns")
ORG_KINDS = _pool(
    "Border Police|National Crime Agency|Interior Ministry|Coastguard|Migration Office|"
    "Intelligence Directorate|Development Agency"
)
ROLE_TITLES = _pool(
    "Prime Minister|Interior Minister|Home Secretary|Foreign Minister|Minister for Migration|"
    "Director General|Security Minister"
)
FIRST_NAMES = _pool(
    "Mara|Jonas|Elif|Tomas|Ana|Dario|Lena|Viktor|Ines|Arben|Sofia|Milan|Hana|Peter|Nadia|Luka"
)
LAST_NAMES = _pool(
    "Ellison|Marek|Hoxha|Novak|Lindqvist|Petrovic|Castell|Brandt|Kovacs|Demir|Roth|Salas|"
    "Varga|Keller|Moreau|Duka|Jensen|Horvat|Weller|Basha"
)
EVENT_KINDS = _pool(
    "Interior ministers' meeting|Border Security Summit|Regional summit|Migration conference|"
    "Police chiefs' conference"
)
CONTEXTS = _pool("at a press conference|in a speech|in an interview|ahead of the meeting")
QUOTE_OPENERS = _pool("We will|This government will|Our countries will|We are determined to")
QUOTE_ACTIONS = _pool(
    "work together against the gangs|stop the boats|protect our borders|"
    "bring smugglers to justice|return those with no right to stay|share what we know|"
    "follow the money|keep our promises"
)
QUOTE_CODAS = _pool(
    "nobody should doubt our resolve|the results will speak for themselves|"
    "we will not be deterred|this is only the beginning"
)
FIGURE_LABELS = (
    ("migrants returned to {}", "people"),
    ("smugglers arrested in {}", "people"),
    ("people who crossed into {} irregularly", "people"),
    ("small boats intercepted off {}", "boats"),
    ("asylum claims lodged in {}", "claims"),
)
QUALIFIERS = {"exact": "", "about": "About ", "almost": "Almost ", "more_than": "More than "}
QUALIFIERS["up_to"] = "Up to "
FILLERS = _pool(
    "The opposition called the plan too little, too late.|"
    "Charities warned that the measures could put vulnerable people at risk.|"
    "Officials declined to give further details.|The talks lasted most of the day.|"
    "Critics questioned how the work would be paid for.|"
    "Ministers are expected to report on progress next year.|"
    "The announcement follows months of negotiations.|"
    "Numbers have risen sharply over the past two years.|"
    "Police said several arrests had already been made.|"
    "The details are to be set out in a memorandum of understanding."
)


def say_date(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def say_amount(amount_minor: int, currency: str) -> str:
    return f"{CURRENCIES[currency]}{amount_minor / 10**8:g} million"


def in_prose(country: m.Country) -> str:
    """The name as a sentence uses it: “the United Kingdom”, “the Netherlands”, “Serbia”."""
    plural = ("Islands", "Republic", "Kingdom", "States", "Emirates", "lands", "pines", "mas")
    return f"the {country.name}" if country.name.endswith(plural) else country.name


def and_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
