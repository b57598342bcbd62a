"""A commitments list's tally, from a summary read once per data version where one can
answer it.

A list's overview (meter, money, timeline) reads a tally of every commitment the list
matches, not of the page's 25: for a country, every commitment it is a party to (1,053 of
Grenada's at 100,000 commitments, 8,181 of Paraguay's at 1,000,000), a probe by key each,
on every build of every page, sort and kind of its list. Only an edit changes them. So the
database keeps each country's published commitments tallied by kind, status, currency and
month (and all published commitments likewise, for the lists of no country:
``tracker.models.tallies``), read once per data version, and each list whose filters are
among those keys takes its rows from that summary: a kind, a currency and countable money
choose rows, never change them (``summary_rows``). Filters the summary cannot answer
(words, a person, an event, an organisation, dates, amounts) are tallied as before, from
the rows they match.
"""

from django.http import HttpRequest

from tracker.filters import CommitmentFilters, MoneyFilter
from tracker.http_cache import remembered
from tracker.models import Commitment, CommitmentKind
from tracker.models.tallies import kept_tally

from .tally import tally

# The filters a summary answers: the country it was read for, and its rows' own keys.
# ``sort`` orders a list's rows and ``status`` is left out of its tally (the meter shows
# every status): neither changes what is counted.
ANSWERED = frozenset({"country", "kind", "currency", "money", "sort", "status"})


def summary(request: HttpRequest, country=None) -> list[dict]:
    """The published commitments of ``country`` (of every country if None) tallied by
    kind, status, currency and month: the rows the database keeps
    (``tracker.models.tallies``), read once per data version."""
    if country is None:
        return remembered(request, "commitment-summary", lambda: kept_tally())
    return remembered(request, f"commitment-summary:{country.pk}", lambda: kept_tally(country.pk))


def summary_rows(rows: list[dict], *, kind: str = "", currency: str = "", money: str = ""):
    """The rows of a summary a list with these filters counts. Countable money is funding
    whose money no published total includes: of each row, its ``counted`` commitments."""
    if money == MoneyFilter.COUNTABLE:
        kind = kind or CommitmentKind.FUNDING
    chosen = [
        row
        for row in rows
        if (not kind or row["kind"] == kind) and (not currency or row["currency"] == currency)
    ]
    if money != MoneyFilter.COUNTABLE:
        return chosen
    return [
        {**row, "commitments": row["counted"], "inside": 0}
        for row in chosen
        if kind == CommitmentKind.FUNDING and row["counted"]
    ]


def answered_by_summary(filters: CommitmentFilters) -> bool:
    """Whether a summary answers a valid list's filters: none set but ``ANSWERED``."""
    return all(
        value in ("", None) for name, value in filters.cleaned_data.items() if name not in ANSWERED
    )


def answered_filters(filters: CommitmentFilters) -> dict[str, str]:
    """A list's filters that a summary answers, as cleaned (a country's slug, a currency's
    code in capitals), without status, page, sort and empty ones: what its
    overview's links carry, and what its drawing is remembered under, so that addresses
    written differently (``currency=gbp``, ``q=%20``) share one."""
    data = filters.cleaned_data
    carried = {
        "country": data["country"].slug if data["country"] else "",
        "kind": data["kind"],
        "currency": data["currency"],
        "money": data["money"],
    }
    return {name: value for name, value in carried.items() if value}


def list_tally(request: HttpRequest, filters: CommitmentFilters) -> list[dict]:
    """The tally by status, currency and month of what a valid list's filters match (its
    status left out), from its country's summary where the filters allow."""
    data = filters.cleaned_data
    if not answered_by_summary(filters):
        return tally(
            filters.matching(Commitment.objects.published(), leave_out=("status",)),
            by_month=True,
        )
    return summary_rows(
        summary(request, data["country"]),
        kind=data["kind"],
        currency=data["currency"],
        money=data["money"],
    )


def counted_by_summary(request: HttpRequest, filters: CommitmentFilters) -> int | None:
    """How many commitments a valid list's filters match, from its country's summary (the
    one its overview reads) where the summary answers them, else None: a list of a country
    not met since the edit counted its rows in a query of their own."""
    if not answered_by_summary(filters):
        return None
    data = filters.cleaned_data
    rows = summary_rows(
        summary(request, data["country"]),
        kind=data["kind"],
        currency=data["currency"],
        money=data["money"],
    )
    status = data["status"]
    return sum(row["commitments"] for row in rows if not status or row["status"] == status)
