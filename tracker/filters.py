"""The filters of each list, defined once.

Each form validates what the address asks for (``request.GET``) and applies
it to a queryset. Pages, CSV/JSON exports and the JSON API share them; Django's
form rendering draws them (tracker.filter_forms).
"""

from decimal import Decimal

from django import forms
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import NullIf

from tracker import money, search
from tracker.currencies import ISO_4217_CODES
from tracker.filter_forms import (
    DATES_REVERSED,
    ListFilters,
    Sort,
    amount_field,
    date_field,
    slug_choice,
    sort_field,
    text_query,
)
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
from tracker.models.commitment_queries import PARTY_NEWEST_FIRST

# Commitments ----------------------------------------------------------------

# Money sorts by currency first: £1 million and ¥1 million are not the same amount, so
# one currency's face value is never ranked against another's. Filter by currency to
# rank one currency alone. Records without money come last.
_CURRENCY_FIRST = F("currency_sort").asc(nulls_last=True)

COMMITMENT_SORTS = {
    "newest": Sort("Newest first", Commitment.NEWEST_FIRST),
    "oldest": Sort(
        "Oldest first", (F("announced_on").asc(nulls_last=True), "title", "pk"), ascending=True
    ),
    "amount-desc": Sort(
        "Largest amount first, by currency",
        (_CURRENCY_FIRST, F("amount_minor").desc(), "title", "pk"),
    ),
    "amount-asc": Sort(
        "Smallest amount first, by currency",
        (_CURRENCY_FIRST, F("amount_minor").asc(), "title", "pk"),
        ascending=True,
    ),
    "title": Sort("Title (A–Z)", ("title", "pk"), ascending=True),
}

# The same orders of one country's commitments, by its parties' copies of the sort keys
# (``involving_in_party_order()``), each the order of one of the parties' sort indexes.
_PARTY = "country_party__commitment_"
COUNTRY_SORTS = {
    "newest": PARTY_NEWEST_FIRST,
    "oldest": (F(f"{_PARTY}announced_on").asc(nulls_last=True), f"{_PARTY}title", f"{_PARTY}id"),
    "amount-desc": (
        F(f"{_PARTY}currency").asc(nulls_last=True),
        F(f"{_PARTY}amount_minor").desc(),
        f"{_PARTY}title",
        f"{_PARTY}id",
    ),
    "amount-asc": (
        F(f"{_PARTY}currency").asc(nulls_last=True),
        F(f"{_PARTY}amount_minor").asc(),
        f"{_PARTY}title",
        f"{_PARTY}id",
    ),
    "title": (f"{_PARTY}title", f"{_PARTY}id"),
}


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
    q = text_query()
    country = slug_choice(Country.objects.all(), "Country", "country", "All countries")
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
    organisation = slug_choice(
        Organisation.objects.public(),
        "Organisation",
        "organisation",
        "Any organisation",
        chooser="organisations",
    )
    # No control: the meters and totals of person and event pages link with them, and
    # the form carries them, named as active filters the reader can remove.
    person = slug_choice(Person.objects.public(), "Announced by", "person", "", hidden=True)
    event = slug_choice(Event.objects.public(), "Event", "event", "", hidden=True)
    announced_from = date_field("Announced from")
    announced_to = date_field("Announced to")
    amount_min = amount_field("Amount at least", "both in whole units, e.g. pounds")
    amount_max = amount_field("Amount at most")
    currency = forms.CharField(
        label="Currency",
        required=False,
        max_length=3,
        strip=True,
        help_text="ISO code, e.g. GBP",
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    money = forms.ChoiceField(
        label="Money",
        required=False,
        choices=[
            ("", "Every amount"),
            (MoneyFilter.COUNTABLE, "Counted once: leave out money a total includes"),
        ],
        error_messages={"invalid_choice": "“%(value)s” is not a money filter; choose countable."},
    )
    sort = sort_field(COMMITMENT_SORTS)

    DEFAULT_SORT = "newest"
    SORTS = COMMITMENT_SORTS
    NOUNS = ("commitment", "commitments")
    NOUN_FIELD = "kind"
    KIND_NOUNS = {
        CommitmentKind.PARTNERSHIP: ("partnership", "partnerships"),
        CommitmentKind.FUNDING: ("funding commitment", "funding commitments"),
        CommitmentKind.PLEDGE: ("pledge", "pledges"),
    }
    PHRASES = {"country": "involving {}", "money": "with money counted once"}
    BOUND_FIELDS = ("country", "kind", "status", "person", "event", "organisation", "currency")
    SHAPING_FIELDS = ("sort", "money")
    RANGES = (
        ("announced_from", "announced_to", DATES_REVERSED),
        ("amount_min", "amount_max", "The smallest amount is larger than the largest."),
    )

    def clean_currency(self) -> str:
        code = self.cleaned_data["currency"].upper()
        if code and code not in ISO_4217_CODES:
            raise forms.ValidationError(
                f"“{self.cleaned_data['currency']}” is not an ISO 4217 currency code, "
                "such as GBP or EUR."
            )
        return code

    def filter(self, queryset: QuerySet) -> QuerySet:
        country = self.cleaned_data["country"]
        if not country:
            return self.sorted(
                self.matching(queryset).annotate(currency_sort=NullIf("currency", Value("")))
            )
        # A country's commitments in its parties' order (COUNTRY_SORTS).
        rows = self.matching(queryset.involving_in_party_order(country), leave_out=("country",))
        return rows.annotate(currency_sort=NullIf("currency", Value(""))).order_by(
            *COUNTRY_SORTS[self.cleaned_data["sort"]]
        )

    def matching(self, queryset: QuerySet, *, leave_out: tuple[str, ...] = ()) -> QuerySet:
        """The rows the valid filters select, unsorted: what a list's overview counts;
        ``leave_out``, filters not applied (the overview's meter counts every status)."""
        data = {**self.cleaned_data, **dict.fromkeys(leave_out)}
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

QUOTE_SORTS = {
    "newest": Sort("Newest first", Quote.NEWEST_FIRST),
    "oldest": Sort(
        "Oldest first", (F("said_on").asc(nulls_last=True), "speaker__name", "pk"), ascending=True
    ),
}
# The same orders of one country's quotes, by their rows' copies of the sort keys, each the
# order of one of those rows' sort indexes (``country_rows.QuoteCountry``).
_QUOTE_ROW = "country_row__quote_"
QUOTE_COUNTRY_SORTS = {
    "newest": (
        F(f"{_QUOTE_ROW}said_on").desc(nulls_last=True),
        f"{_QUOTE_ROW}speaker_name",
        f"{_QUOTE_ROW}id",
    ),
    "oldest": (
        F(f"{_QUOTE_ROW}said_on").asc(nulls_last=True),
        f"{_QUOTE_ROW}speaker_name",
        f"{_QUOTE_ROW}id",
    ),
}


class QuoteFilters(ListFilters):
    # Only whom and where a published record names: a 200 for anyone else would tell
    # that a draft names them.
    q = text_query()
    speaker = slug_choice(Person.objects.public(), "Speaker", "person", "Anyone", chooser="people")
    country = slug_choice(Country.objects.all(), "Country", "country", "All countries")
    event = slug_choice(Event.objects.public(), "Event", "event", "Any event", chooser="events")
    sort = sort_field(QUOTE_SORTS)

    DEFAULT_SORT = "newest"
    SORTS = QUOTE_SORTS
    NOUNS = ("quote", "quotes")
    PHRASES = {"country": "about {}"}
    BOUND_FIELDS = ("speaker", "country", "event")

    def filter(self, queryset: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data["speaker"]:
            queryset = queryset.filter(speaker=data["speaker"])
        if data["event"]:
            queryset = queryset.filter(event=data["event"])
        if data["q"]:
            queryset = search.matching(queryset, data["q"])
        if data["country"]:
            # A country's quotes in their rows' order (QUOTE_COUNTRY_SORTS).
            rows = queryset.about_in_row_order(data["country"])
            return rows.order_by(*QUOTE_COUNTRY_SORTS[data["sort"]])
        return self.sorted(queryset)


# Source articles ------------------------------------------------------------

SOURCE_SORTS = {
    "newest": Sort("Newest first", SourceArticle.NEWEST_FIRST),
    "oldest": Sort(
        "Oldest first", (F("published_on").asc(nulls_last=True), "headline", "pk"), ascending=True
    ),
    "headline": Sort("Headline (A–Z)", ("headline", "pk"), ascending=True),
}


class SourceFilters(ListFilters):
    q = text_query()
    # A drop-down of the published articles' publishers (offer_values) on the page.
    publisher = forms.CharField(label="Publisher", required=False, max_length=200)
    published_from = date_field("Published from")
    published_to = date_field("Published to")
    sort = sort_field(SOURCE_SORTS)

    DEFAULT_SORT = "newest"
    SORTS = SOURCE_SORTS
    NOUNS = ("source article", "source articles")
    BOUND_FIELDS = ()
    RANGES = (("published_from", "published_to", DATES_REVERSED),)

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
