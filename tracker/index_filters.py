"""The filters of the indexes: countries, people, organisations, announcements, events and
figures, one form per list, as tracker.filters defines the commitments', quotes' and
sources'. Pages, exports and the API share them.
"""

from django import forms
from django.db.models import Count, F, QuerySet

from tracker import search
from tracker.currencies import ISO_4217_CODES
from tracker.filters import (
    ListFilters,
    _date_field,
    _date_range_error,
    _slug_choice,
    _sort_field,
    _text_query,
)
from tracker.models import Announcement, Commitment, Country, Event, Figure, Person


def _name_query() -> forms.CharField:
    return forms.CharField(label="Name", required=False, max_length=200, strip=True)


# Countries ------------------------------------------------------------------

COUNTRY_SORTS = {
    "commitments": "Most commitments first",
    "money": "Most money first (in one currency)",
    "name": "Name (A–Z)",
}


class CountryFilters(ListFilters):
    """Unlike the other lists', it filters and sorts a list of counted countries
    (tracker.country_index), in Python: there are at most 250."""

    region = forms.CharField(label="Region", required=False, max_length=60)
    currency = forms.ChoiceField(
        label="Currency of the money sort",
        required=False,
        choices=[("", "The most used"), *((code, code) for code in ISO_4217_CODES)],
        error_messages={
            "invalid_choice": "“%(value)s” is not an ISO 4217 currency code, such as GBP."
        },
    )
    sort = _sort_field(COUNTRY_SORTS)

    DEFAULT_SORT = "commitments"

    def clean_region(self) -> str:
        region = self.cleaned_data.get("region", "")
        if region and not Country.objects.in_region(region).exists():
            raise forms.ValidationError(f"There is no region “{region}”.")
        return region

    def clean_currency(self) -> str:
        """The currency the money sort compares: the one most countable commitments use
        unless the address names one, since amounts in different currencies do not compare."""
        chosen = self.cleaned_data.get("currency")
        if chosen:
            return chosen
        most_used = (
            Commitment.objects.published()
            .countable_money()
            .values_list("currency", flat=True)
            .order_by()
            .annotate(n=Count("pk"))
            .order_by("-n", "currency")
            .first()
        )
        return most_used or "GBP"

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

PERSON_SORTS = {"name": "Name (A–Z)", "quotes": "Most quoted first"}


class PersonFilters(ListFilters):
    q = _name_query()
    country = _slug_choice(Country.objects.all(), "Country", "country")
    sort = _sort_field(PERSON_SORTS)

    DEFAULT_SORT = "name"
    SORTS = {"name": ("name", "slug"), "quotes": ("-quote_count", "name", "slug")}

    def filter(self, queryset: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data["q"]:
            queryset = search.matching(queryset, data["q"])
        if data["country"]:
            queryset = queryset.filter(country=data["country"])
        return self.sorted(queryset)


# Organisations --------------------------------------------------------------

ORGANISATION_SORTS = {"name": "Name (A–Z)", "commitments": "Most commitments first"}


class OrganisationFilters(ListFilters):
    q = _name_query()
    country = _slug_choice(Country.objects.all(), "Country", "country")
    sort = _sort_field(ORGANISATION_SORTS)

    DEFAULT_SORT = "name"
    SORTS = {
        "name": ("name", "slug"),
        "commitments": ("-commitment_count", "name", "slug"),
    }

    def filter(self, queryset: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data["q"]:
            queryset = search.matching(queryset, data["q"])
        if data["country"]:
            queryset = queryset.filter(country=data["country"])
        return self.sorted(queryset)


# Announcements --------------------------------------------------------------

ANNOUNCEMENT_SORTS = {"newest": "Newest first", "oldest": "Oldest first", "title": "Title (A–Z)"}


class AnnouncementFilters(ListFilters):
    q = _text_query()
    country = _slug_choice(Country.objects.all(), "Country", "country")
    speaker = _slug_choice(Person.objects.all(), "Speaker", "person")
    event = _slug_choice(Event.objects.all(), "Event", "event")
    announced_from = _date_field("Announced from")
    announced_to = _date_field("Announced to")
    sort = _sort_field(ANNOUNCEMENT_SORTS)

    DEFAULT_SORT = "newest"
    SORTS = {
        "newest": Announcement.NEWEST_FIRST,
        "oldest": (F("announced_on").asc(nulls_last=True), "title", "pk"),
        "title": ("title", "pk"),
    }

    def clean(self) -> dict:
        data = super().clean()
        if message := _date_range_error(data.get("announced_from"), data.get("announced_to")):
            self.add_error("announced_to", message)
        return data

    def filter(self, queryset: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data["q"]:
            queryset = search.matching(queryset, data["q"])
        if data["country"]:
            queryset = queryset.filter(countries=data["country"])
        if data["speaker"]:
            queryset = queryset.filter(speaker=data["speaker"])
        if data["event"]:
            queryset = queryset.filter(event=data["event"])
        if data["announced_from"]:
            queryset = queryset.filter(announced_on__gte=data["announced_from"])
        if data["announced_to"]:
            queryset = queryset.filter(announced_on__lte=data["announced_to"])
        return self.sorted(queryset)


# Events ---------------------------------------------------------------------

EVENT_SORTS = {"newest": "Latest first", "oldest": "Earliest first", "name": "Name (A–Z)"}


class EventFilters(ListFilters):
    q = _name_query()
    country = _slug_choice(Country.objects.all(), "Country", "country")
    sort = _sort_field(EVENT_SORTS)

    DEFAULT_SORT = "newest"
    SORTS = {
        "newest": (F("starts_on").desc(nulls_last=True), "name", "pk"),
        "oldest": (F("starts_on").asc(nulls_last=True), "name", "pk"),
        "name": ("name", "pk"),
    }

    def filter(self, queryset: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data["q"]:
            queryset = search.matching(queryset, data["q"])
        if data["country"]:
            queryset = queryset.filter(country=data["country"])
        return self.sorted(queryset)


# Figures --------------------------------------------------------------------

FIGURE_SORTS = {"newest": "Latest period first", "label": "What is counted (A–Z)"}


class FigureFilters(ListFilters):
    q = _text_query()
    country = _slug_choice(Country.objects.all(), "Country", "country")
    sort = _sort_field(FIGURE_SORTS)

    DEFAULT_SORT = "newest"
    SORTS = {
        "newest": Figure.NEWEST_FIRST,
        "label": ("label", "pk"),
    }

    def filter(self, queryset: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data["q"]:
            queryset = search.matching(queryset, data["q"])
        if data["country"]:
            queryset = queryset.filter(countries=data["country"])
        return self.sorted(queryset)
