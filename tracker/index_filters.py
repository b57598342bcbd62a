"""The filters of the indexes: countries, people, organisations, announcements, events and
figures, one form per list, as tracker.filters defines the commitments', quotes' and
sources'. Pages, exports and the API share them.
"""

from django import forms
from django.db.models import F, QuerySet
from django.http import HttpRequest

from tracker import search
from tracker.currencies import ISO_4217_CODES
from tracker.filter_forms import (
    DATES_REVERSED,
    ListFilters,
    Sort,
    date_field,
    slug_choice,
    sort_field,
    text_query,
)
from tracker.http_cache import remembered
from tracker.models import Announcement, Country, Event, Figure, Person
from tracker.models.tallies import most_counted_currency


def _country() -> forms.ModelChoiceField:
    return slug_choice(Country.objects.all(), "Country", "country", "All countries")


class IndexFilters(ListFilters):
    """An index's words and country, which every index has: the words match as search does
    (``search.matching``: a name by its parts, other records by their text and the names
    they carry); the country is looked up through ``COUNTRY_LOOKUP``. Its own filters add
    to them (``narrowed``)."""

    COUNTRY_LOOKUP = "country"
    # The orders of one country's rows, each sort by the copies of the sort keys the rows
    # tying records to their countries hold (``about_in_row_order()``), where the index has
    # them (tracker/models/country_rows.py).
    COUNTRY_SORTS: dict[str, tuple] = {}
    BOUND_FIELDS = ("country",)

    def filter(self, queryset: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data["q"]:
            queryset = search.matching(queryset, data["q"])
        country = data["country"]
        if country and self.COUNTRY_SORTS:
            rows = self.narrowed(queryset.about_in_row_order(country))
            return rows.order_by(*self.COUNTRY_SORTS[data["sort"]])
        if country:
            queryset = queryset.filter(**{self.COUNTRY_LOOKUP: country})
        return self.sorted(self.narrowed(queryset))

    def narrowed(self, queryset: QuerySet) -> QuerySet:
        return queryset


# Countries ------------------------------------------------------------------

# Sorted in Python (CountryFilters.filter), so no ordering of a query.
COUNTRY_SORTS = {
    "commitments": Sort("Most commitments first", ()),
    "money": Sort("Most money first (in one currency)", ()),
    "name": Sort("Name (A–Z)", (), ascending=True),
}


def most_used_currency() -> str:
    """The currency most countable published commitments use (GBP when none has money):
    the kept tallies' funding whose money counts (``counted``: no published total includes
    it, as ``counted_once()`` says), summed per currency over every published commitment
    (``tallies.most_counted_currency``). Counting the commitments themselves read every
    published funding commitment with its total after each edit: 27 ms at 100,000
    commitments, 0.56 s at 1,000,000."""
    return most_counted_currency() or "GBP"


class CountryFilters(ListFilters):
    """Unlike the other lists', it filters and sorts a list of counted countries
    (tracker.country_index), in Python: there are at most 250."""

    # A drop-down of the regions (offer_values) on the page.
    region = forms.CharField(label="Region", required=False, max_length=60)
    currency = forms.ChoiceField(
        label="Currency of the money sort",
        required=False,
        choices=[("", "The most used"), *((code, code) for code in ISO_4217_CODES)],
        error_messages={
            "invalid_choice": "“%(value)s” is not an ISO 4217 currency code, such as GBP."
        },
    )
    sort = sort_field(COUNTRY_SORTS)

    DEFAULT_SORT = "commitments"
    SORTS = COUNTRY_SORTS
    NOUNS = ("country", "countries")
    ORDERING = ("sort", "currency")

    def clean_region(self) -> str:
        region = self.cleaned_data.get("region", "")
        if region and region not in self.regions():
            raise forms.ValidationError(f"There is no region “{region}”.")
        return region

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs):
        """With the ``request``, the most used currency is remembered for its data version:
        finding it counts every countable commitment (120 ms at 100,000 on a loaded
        machine, at every build of the index before)."""
        super().__init__(*args, **kwargs)
        self.request = request

    def regions(self) -> list[str]:
        """Every region, which the drop-down offers and a chosen one must be: remembered
        for the data version with the ``request``."""
        if self.request is None:
            return Country.objects.regions()
        return remembered(self.request, "country-regions", Country.objects.regions)

    def clean_currency(self) -> str:
        """The currency the money sort compares: the one most countable commitments use
        unless the address names one, since amounts in different currencies do not compare."""
        chosen = self.cleaned_data.get("currency")
        if chosen:
            return chosen
        if self.request is None:
            return most_used_currency()
        return remembered(self.request, "most-used-currency", most_used_currency)

    def filter(self, countries: list) -> list:
        """The countries of the region, those with commitments first, each part sorted."""
        data = self.cleaned_data
        if data["region"]:
            countries = [c for c in countries if c.region == data["region"]]
        currency = data["currency"]
        for country in countries:
            country.money_minor = dict(country.money).get(currency)
        order = {
            "commitments": lambda c: (-c.commitment_count, c.name),
            "money": lambda c: (c.money_minor is None, -(c.money_minor or 0), c.name),
            "name": lambda c: c.name,
        }[data["sort"]]
        return sorted(countries, key=lambda c: (not c.commitment_count, order(c)))


# People ---------------------------------------------------------------------

PERSON_SORTS = {
    "name": Sort("Name (A–Z)", ("name", "slug"), ascending=True),
    "quotes": Sort("Most quoted first", ("-quote_count", "name", "slug")),
}


class PersonFilters(IndexFilters):
    q = text_query("Name")
    country = _country()
    sort = sort_field(PERSON_SORTS)

    DEFAULT_SORT = "name"
    SORTS = PERSON_SORTS
    NOUNS = ("person", "people")
    PHRASES = {"country": "from {}"}


# Organisations --------------------------------------------------------------

ORGANISATION_SORTS = {
    "name": Sort("Name (A–Z)", ("name", "slug"), ascending=True),
    "commitments": Sort("Most commitments first", ("-commitment_count", "name", "slug")),
}


class OrganisationFilters(IndexFilters):
    q = text_query("Name")
    country = _country()
    sort = sort_field(ORGANISATION_SORTS)

    DEFAULT_SORT = "name"
    SORTS = ORGANISATION_SORTS
    NOUNS = ("organisation", "organisations")
    PHRASES = {"country": "in {}"}


# Announcements --------------------------------------------------------------

ANNOUNCEMENT_SORTS = {
    "newest": Sort("Newest first", Announcement.NEWEST_FIRST),
    "oldest": Sort(
        "Oldest first", (F("announced_on").asc(nulls_last=True), "title", "pk"), ascending=True
    ),
    "title": Sort("Title (A–Z)", ("title", "pk"), ascending=True),
}
# The same orders of one country's announcements, by their rows' copies of the sort keys,
# each the order of one of those rows' sort indexes (``country_rows.AnnouncementCountry``).
_ROW = "country_row__announcement_"
ANNOUNCEMENT_COUNTRY_SORTS = {
    "newest": (F(f"{_ROW}announced_on").desc(nulls_last=True), f"{_ROW}title", f"{_ROW}id"),
    "oldest": (F(f"{_ROW}announced_on").asc(nulls_last=True), f"{_ROW}title", f"{_ROW}id"),
    "title": (f"{_ROW}title", f"{_ROW}id"),
}


class AnnouncementFilters(IndexFilters):
    q = text_query()
    country = _country()
    speaker = slug_choice(Person.objects.public(), "Speaker", "person", "Anyone", chooser="people")
    event = slug_choice(Event.objects.public(), "Event", "event", "Any event", chooser="events")
    announced_from = date_field("Announced from")
    announced_to = date_field("Announced to")
    sort = sort_field(ANNOUNCEMENT_SORTS)

    DEFAULT_SORT = "newest"
    SORTS = ANNOUNCEMENT_SORTS
    NOUNS = ("announcement", "announcements")
    PHRASES = {"country": "about {}"}
    RANGES = (("announced_from", "announced_to", DATES_REVERSED),)

    COUNTRY_LOOKUP = "countries"
    COUNTRY_SORTS = ANNOUNCEMENT_COUNTRY_SORTS
    BOUND_FIELDS = ("country", "speaker", "event")

    def narrowed(self, queryset: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data["speaker"]:
            queryset = queryset.filter(speaker=data["speaker"])
        if data["event"]:
            queryset = queryset.filter(event=data["event"])
        if data["announced_from"]:
            queryset = queryset.filter(announced_on__gte=data["announced_from"])
        if data["announced_to"]:
            queryset = queryset.filter(announced_on__lte=data["announced_to"])
        return queryset


# Events ---------------------------------------------------------------------

EVENT_SORTS = {
    "newest": Sort("Latest first", (F("starts_on").desc(nulls_last=True), "name", "pk")),
    "oldest": Sort(
        "Earliest first", (F("starts_on").asc(nulls_last=True), "name", "pk"), ascending=True
    ),
    "name": Sort("Name (A–Z)", ("name", "pk"), ascending=True),
}


class EventFilters(IndexFilters):
    q = text_query("Name or place")
    country = _country()
    sort = sort_field(EVENT_SORTS)

    DEFAULT_SORT = "newest"
    SORTS = EVENT_SORTS
    NOUNS = ("event", "events")
    PHRASES = {"country": "in {}"}


# Figures --------------------------------------------------------------------

FIGURE_SORTS = {
    "newest": Sort("Latest period first", Figure.NEWEST_FIRST),
    "label": Sort("What is counted (A–Z)", ("label", "pk"), ascending=True),
}


class FigureFilters(IndexFilters):
    q = text_query()
    country = _country()
    sort = sort_field(FIGURE_SORTS)

    DEFAULT_SORT = "newest"
    SORTS = FIGURE_SORTS
    NOUNS = ("figure", "figures")
    PHRASES = {"country": "about {}"}
    COUNTRY_LOOKUP = "countries"
