"""The filters of each list, defined once.

Each form validates what the address asks for (``request.GET``) and applies
it to a queryset. Pages, CSV/JSON exports and the JSON API share them, so they
know nothing of HTML: templates lay the fields out.
"""

from decimal import Decimal

from django import forms
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import NullIf

from tracker import money, search
from tracker.currencies import ISO_4217_CODES
from tracker.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Country,
    Event,
    Organisation,
    Person,
    Quote,
    SourceArticle,
)

DATE_FORMAT = "%Y-%m-%d"
# Large enough for any budget, small enough that minor units fit a 64-bit integer.
AMOUNT_DIGITS = 15


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=[DATE_FORMAT],
        error_messages={"invalid": "Enter a date as YYYY-MM-DD, for example 2024-11-07."},
    )


def _amount_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
        error_messages={
            "invalid": "Enter an amount as a number, for example 150000000.",
            "min_value": "Enter an amount of zero or more.",
            "max_digits": "Enter an amount of fewer than 13 digits.",
            "max_whole_digits": "Enter an amount of fewer than 13 digits.",
            "max_decimal_places": "Enter an amount with at most two decimal places.",
        },
    )


def _slug_choice(queryset: QuerySet, label: str, noun: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=queryset,
        to_field_name="slug",
        required=False,
        label=label,
        error_messages={"invalid_choice": f"There is no {noun} “%(value)s”."},
    )


def _text_query() -> forms.CharField:
    return forms.CharField(label="Words", required=False, max_length=200, strip=True)


class ListFilters(forms.Form):
    """What every list's filters share: a sort order, applied after the filters."""

    SORTS: dict[str, tuple] = {}
    DEFAULT_SORT = ""

    def clean_sort(self) -> str:
        return self.cleaned_data.get("sort") or self.DEFAULT_SORT

    def filter(self, queryset: QuerySet) -> QuerySet:
        """The rows the valid filters select, in the chosen order. Call after is_valid()."""
        raise NotImplementedError

    def sorted(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by(*self.SORTS[self.cleaned_data["sort"]])


def _sort_field(sorts: dict[str, str]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=list(sorts.items()),
        error_messages={
            "invalid_choice": "“%(value)s” is not a sort order; choose " + ", ".join(sorts) + "."
        },
    )


def _date_range_error(start, end) -> str | None:
    if start and end and start > end:
        return "The “from” date is after the “to” date."
    return None


# Commitments ----------------------------------------------------------------

COMMITMENT_SORTS = {
    "newest": "Newest first",
    "oldest": "Oldest first",
    "amount-desc": "Largest amount first, by currency",
    "amount-asc": "Smallest amount first, by currency",
    "title": "Title (A–Z)",
}

# Money sorts by currency first: £1 million and ¥1 million are not the same amount, so
# one currency's face value is never ranked against another's. Filter by currency to
# rank one currency alone. Records without money come last.
_CURRENCY_FIRST = F("currency_sort").asc(nulls_last=True)


class MoneyFilter:
    """Values of the ``money`` filter."""

    COUNTABLE = "countable"


def _amount_at_least(amount: Decimal) -> Q:
    return _amount_bound(amount, lower=True)


def _amount_at_most(amount: Decimal) -> Q:
    return _amount_bound(amount, lower=False)


def _amount_bound(amount: Decimal, *, lower: bool) -> Q:
    """Amounts beyond ``amount`` major units, in each currency's own minor units."""
    lookup = "amount_minor__gte" if lower else "amount_minor__lte"
    condition = Q()
    listed: list[str] = []
    for places, codes in money.exponent_groups().items():
        bound = {lookup: money.to_minor(amount, places, round_up=lower)}
        if codes is None:
            condition |= Q(**bound) & ~Q(currency__in=listed)
        else:
            listed.extend(codes)
            condition |= Q(currency__in=codes, **bound)
    return condition


class CommitmentFilters(ListFilters):
    country = _slug_choice(Country.objects.all(), "Country", "country")
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "All kinds"), *CommitmentKind.choices],
        error_messages={
            "invalid_choice": "“%(value)s” is not a kind of commitment; choose "
            "partnership, funding or pledge."
        },
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *CommitmentStatus.choices],
        error_messages={
            "invalid_choice": "“%(value)s” is not a status; choose "
            + ", ".join(CommitmentStatus.values)
            + "."
        },
    )
    person = _slug_choice(Person.objects.all(), "Announced by", "person")
    event = _slug_choice(Event.objects.all(), "Event", "event")
    organisation = _slug_choice(Organisation.objects.all(), "Organisation", "organisation")
    q = _text_query()
    announced_from = _date_field("Announced from")
    announced_to = _date_field("Announced to")
    amount_min = _amount_field("Amount at least")
    amount_max = _amount_field("Amount at most")
    currency = forms.CharField(label="Currency", required=False, max_length=3, strip=True)
    money = forms.ChoiceField(
        label="Money",
        required=False,
        choices=[
            ("", "Every amount"),
            (MoneyFilter.COUNTABLE, "Counted once: leave out money a total includes"),
        ],
        error_messages={"invalid_choice": "“%(value)s” is not a money filter; choose countable."},
    )
    sort = _sort_field(COMMITMENT_SORTS)

    DEFAULT_SORT = "newest"
    SORTS = {
        "newest": Commitment.NEWEST_FIRST,
        "oldest": (F("announced_on").asc(nulls_last=True), "title", "pk"),
        "amount-desc": (_CURRENCY_FIRST, F("amount_minor").desc(), "title", "pk"),
        "amount-asc": (_CURRENCY_FIRST, F("amount_minor").asc(), "title", "pk"),
        "title": ("title", "pk"),
    }

    def clean_currency(self) -> str:
        code = self.cleaned_data["currency"].upper()
        if code and code not in ISO_4217_CODES:
            raise forms.ValidationError(
                f"“{self.cleaned_data['currency']}” is not an ISO 4217 currency code, "
                "such as GBP or EUR."
            )
        return code

    def clean(self) -> dict:
        data = super().clean()
        if message := _date_range_error(data.get("announced_from"), data.get("announced_to")):
            self.add_error("announced_to", message)
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", "The smallest amount is larger than the largest.")
        return data

    def filter(self, queryset: QuerySet) -> QuerySet:
        return self.sorted(
            self.matching(queryset).annotate(currency_sort=NullIf("currency", Value("")))
        )

    def matching(self, queryset: QuerySet) -> QuerySet:
        """The rows the valid filters select, unsorted: what a list's overview counts."""
        data = self.cleaned_data
        if data["country"]:
            queryset = queryset.involving(data["country"])
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["person"]:
            queryset = queryset.announced_by(data["person"])
        if data["event"]:
            queryset = queryset.made_at(data["event"])
        if data["organisation"]:
            queryset = queryset.concerning(data["organisation"])
        if data["q"]:
            queryset = search.matching(queryset, data["q"])
        if data["announced_from"]:
            queryset = queryset.filter(announced_on__gte=data["announced_from"])
        if data["announced_to"]:
            queryset = queryset.filter(announced_on__lte=data["announced_to"])
        if data["amount_min"] is not None:
            queryset = queryset.filter(_amount_at_least(data["amount_min"]))
        if data["amount_max"] is not None:
            queryset = queryset.filter(_amount_at_most(data["amount_max"]))
        if data["currency"]:
            queryset = queryset.filter(currency=data["currency"])
        if data["money"] == MoneyFilter.COUNTABLE:
            queryset = queryset.countable_money()
        return queryset


# Quotes ---------------------------------------------------------------------

QUOTE_SORTS = {"newest": "Newest first", "oldest": "Oldest first"}


class QuoteFilters(ListFilters):
    # Only whom and where a published record names: a 200 for anyone else would tell
    # that a draft names them.
    speaker = _slug_choice(Person.objects.public(), "Speaker", "person")
    country = _slug_choice(Country.objects.all(), "Country", "country")
    event = _slug_choice(Event.objects.public(), "Event", "event")
    q = _text_query()
    sort = _sort_field(QUOTE_SORTS)

    DEFAULT_SORT = "newest"
    SORTS = {
        "newest": Quote.NEWEST_FIRST,
        "oldest": (F("said_on").asc(nulls_last=True), "speaker__name", "pk"),
    }

    def filter(self, queryset: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data["speaker"]:
            queryset = queryset.filter(speaker=data["speaker"])
        if data["country"]:
            queryset = queryset.filter(countries=data["country"])
        if data["event"]:
            queryset = queryset.filter(event=data["event"])
        if data["q"]:
            queryset = search.matching(queryset, data["q"])
        return self.sorted(queryset)


# Source articles ------------------------------------------------------------

SOURCE_SORTS = {"newest": "Newest first", "oldest": "Oldest first", "headline": "Headline (A–Z)"}


class SourceFilters(ListFilters):
    publisher = forms.CharField(label="Publisher", required=False, max_length=200)
    q = _text_query()
    published_from = _date_field("Published from")
    published_to = _date_field("Published to")
    sort = _sort_field(SOURCE_SORTS)

    DEFAULT_SORT = "newest"
    SORTS = {
        "newest": SourceArticle.NEWEST_FIRST,
        "oldest": (F("published_on").asc(nulls_last=True), "headline", "pk"),
        "headline": ("headline", "pk"),
    }

    def clean(self) -> dict:
        data = super().clean()
        if message := _date_range_error(data.get("published_from"), data.get("published_to")):
            self.add_error("published_to", message)
        return data

    def filter(self, queryset: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data["publisher"]:
            queryset = queryset.filter(publisher__iexact=data["publisher"])
        if data["q"]:
            queryset = search.matching(queryset, data["q"])
        if data["published_from"]:
            queryset = queryset.filter(published_on__gte=data["published_from"])
        if data["published_to"]:
            queryset = queryset.filter(published_on__lte=data["published_to"])
        return self.sorted(queryset)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        strip=True,
        error_messages={"max_length": "Search for at most 200 characters."},
    )
