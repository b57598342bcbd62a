"""What the tracker already knows, as names to look for: countries, people, their roles,
organisations and events. Built from the database once per article."""

import datetime
import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from tracker.models import Country, Event, Organisation, Person

from .candidates import Kind
from .text import Entry, PhraseTable

# Other names of countries, and the adjectives and demonyms of the ones the
# sources talk about most, by ISO 3166-1 code.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"),
    "US": ("US", "U.S.", "USA", "United States of America", "America"),
    "NL": ("Holland",),
    "MK": ("Macedonia", "Republic of North Macedonia"),
    "BA": ("Bosnia and Herzegovina", "Bosnia-Herzegovina", "Bosnia"),
    "CZ": ("Czech Republic",),
    "TR": ("Turkey",),
    "CD": ("DR Congo", "DRC"),
    "CI": ("Ivory Coast", "Côte d'Ivoire"),
    "PS": ("Palestine",),
}
DEMONYMS: dict[str, tuple[str, ...]] = {
    "GB": ("British", "Briton", "Britons"),
    "US": ("American", "Americans"),
    "RS": ("Serbian", "Serbians", "Serb", "Serbs"),
    "MK": ("Macedonian", "Macedonians"),
    "XK": ("Kosovan", "Kosovans", "Kosovar", "Kosovars"),
    "AL": ("Albanian", "Albanians"),
    "BA": ("Bosnian", "Bosnians"),
    "ME": ("Montenegrin", "Montenegrins"),
    "HR": ("Croatian", "Croatians"),
    "SI": ("Slovenian", "Slovenians", "Slovene", "Slovenes"),
    "HU": ("Hungarian", "Hungarians"),
    "RO": ("Romanian", "Romanians"),
    "BG": ("Bulgarian", "Bulgarians"),
    "GR": ("Greek", "Greeks"),
    "TR": ("Turkish",),
    "FR": ("French",),
    "DE": ("German", "Germans"),
    "IT": ("Italian", "Italians"),
    "ES": ("Spanish",),
    "PT": ("Portuguese",),
    "NL": ("Dutch",),
    "BE": ("Belgian", "Belgians"),
    "IE": ("Irish",),
    "PL": ("Polish",),
    "CZ": ("Czech",),
    "AT": ("Austrian", "Austrians"),
    "CH": ("Swiss",),
    "SE": ("Swedish",),
    "DK": ("Danish",),
    "NO": ("Norwegian", "Norwegians"),
    "FI": ("Finnish",),
    "UA": ("Ukrainian", "Ukrainians"),
    "RU": ("Russian", "Russians"),
    "BY": ("Belarusian", "Belarusians"),
    "MD": ("Moldovan", "Moldovans"),
    "IR": ("Iranian", "Iranians"),
    "IQ": ("Iraqi", "Iraqis"),
    "SY": ("Syrian", "Syrians"),
    "AF": ("Afghan", "Afghans"),
    "ER": ("Eritrean", "Eritreans"),
    "SD": ("Sudanese",),
    "SO": ("Somali", "Somalis"),
    "ET": ("Ethiopian", "Ethiopians"),
    "EG": ("Egyptian", "Egyptians"),
    "LY": ("Libyan", "Libyans"),
    "TN": ("Tunisian", "Tunisians"),
    "MA": ("Moroccan", "Moroccans"),
    "DZ": ("Algerian", "Algerians"),
    "NG": ("Nigerian", "Nigerians"),
    "VN": ("Vietnamese",),
    "CN": ("Chinese",),
    "IN": ("Indian", "Indians"),
    "PK": ("Pakistani", "Pakistanis"),
    "BD": ("Bangladeshi", "Bangladeshis"),
    "IL": ("Israeli", "Israelis"),
    "JP": ("Japanese",),
    "CA": ("Canadian", "Canadians"),
    "AU": ("Australian", "Australians"),
}
# Short forms of role titles as the press writes them.
ROLE_ALIASES = {"Prime Minister": ("PM",)}
# Generic words after an event's proper name: “the EPC meeting”.
_EVENT_NOUNS = {"meeting", "summit", "conference", "assembly", "forum", "session"}
_PRONOUNS = ("He", "She", "he", "she")


@dataclass(frozen=True)
class PersonRef:
    """A person the tracker knows (``pk``), or only a name the text gives (``pk`` None)."""

    pk: int | None
    name: str


@dataclass(frozen=True)
class Lexicon:
    countries: PhraseTable
    country_names: dict[str, str]
    entities: PhraseTable
    # Identifies the names looked for: an analysis kept under it is still right.
    fingerprint: str = ""

    @classmethod
    def build(cls, on: datetime.date | None = None) -> "Lexicon":
        countries = {code: name for code, name in Country.objects.values_list("code", "name")}
        country_entries = list(_country_entries(countries))
        entity_entries = [
            *_people_entries(on),
            *_organisation_entries(),
            *_event_entries(),
            *_pronouns(),
        ]
        names = sorted(repr(entry) for entry in (*country_entries, *entity_entries))
        return cls(
            countries=PhraseTable(country_entries),
            country_names=countries,
            entities=PhraseTable(entity_entries),
            fingerprint=hashlib.sha256("\n".join(names).encode()).hexdigest(),
        )


def _country_entries(countries: dict[str, str]):
    for code, name in countries.items():
        yield Entry(name, Kind.COUNTRY, code, label=name)
        for alias in COUNTRY_ALIASES.get(code, ()):
            yield Entry(alias, Kind.COUNTRY, code, label=name)
        for demonym in DEMONYMS.get(code, ()):
            yield Entry(demonym, Kind.COUNTRY, code, label=f"{name} ({demonym})")


def _people_entries(on: datetime.date | None):
    people = list(Person.objects.prefetch_related("roles"))
    surnames = Counter(_surname(person.name) for person in people)
    holders: dict[str, set[PersonRef]] = {}
    for person in people:
        ref = PersonRef(person.pk, person.name)
        yield Entry(person.name, Kind.PERSON, ref, label=person.name)
        if person.honorific:
            yield Entry(f"{person.honorific} {person.name}", Kind.PERSON, ref, label=person.name)
        surname = _surname(person.name)
        if surname and surnames[surname] == 1 and surname != person.name:
            yield Entry(surname, Kind.PERSON, ref, label=person.name)
        for role in person.roles.all():
            if role.held_on(on) if on else role.ended_on is None:
                holders.setdefault(role.title, set()).add(ref)
    for title, refs in holders.items():
        if len(refs) != 1:
            continue  # two holders at once: the title names no one in particular
        (ref,) = refs
        label = f"{ref.name} ({title})"
        yield Entry(title, Kind.PERSON, ref, case_sensitive=False, label=label)
        for alias in ROLE_ALIASES.get(title, ()):
            yield Entry(alias, Kind.PERSON, ref, label=label)


def _surname(name: str) -> str:
    words = name.split()
    surname = words[-1] if words else ""
    return surname if len(surname) >= 3 and surname.isalpha() and surname[0].isupper() else ""


def _organisation_entries():
    """An organisation by its name in any case (“INTERPOL”), by its abbreviation, or,
    when it has none, by the initials of its capitalised words (“NCA”)."""
    for pk, name, abbreviation in Organisation.objects.values_list("pk", "name", "abbreviation"):
        yield Entry(name, Kind.ORGANISATION, pk, case_sensitive=False, label=name)
        initials = abbreviation or _initials(name)
        if len(initials) >= 2:
            yield Entry(initials, Kind.ORGANISATION, pk, label=f"{name} ({initials})")


_LINKING_WORDS = {"of", "for", "and", "the", "on", "in", "&"}


def _initials(name: str) -> str:
    words = [word for word in name.split() if word.lower() not in _LINKING_WORDS]
    if len(words) < 3 or not all(word[0].isupper() for word in words):
        return ""
    return "".join(word[0] for word in words)


def _event_entries():
    for pk, name in Event.objects.values_list("pk", "name"):
        yield Entry(name, Kind.EVENT, pk, case_sensitive=len(name.split()) == 1, label=name)
        words = name.split()
        proper = list(words)
        while proper and proper[-1].lower() in _EVENT_NOUNS:
            proper.pop()
        if proper != words and len(proper) >= 2:
            yield Entry(" ".join(proper), Kind.EVENT, pk, label=name)
        capitals = [word[0] for word in proper if re.match(r"[A-Z]", word)]
        if len(capitals) >= 3 and len(capitals) == len(proper):
            yield Entry("".join(capitals), Kind.EVENT, pk, label=name)


def _pronouns():
    for pronoun in _PRONOUNS:
        yield Entry(pronoun, "pronoun", None)
