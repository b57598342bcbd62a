"""The pages a reader can follow, and the published records each one holds.

A followed page is stored at its canonical address: for a list (each record type's
registration names its list in ``Alerted``: commitments, quotes, announcements, figures,
source articles), the filters the list's own form accepts
(``tracker.filters``, ``tracker.index_filters``: the one definition pages, exports and
the API use) in the form's order, without page, sort or format, which change how the list
is shown and not what is in it; for a country, person, organisation or commitment, its
page's address. The same address decides, when an alert is written,
which changes belong to it, so a follow sees what its page would show.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.db.models import Model, QuerySet
from django.forms import Form
from django.http import QueryDict
from django.urls import Resolver404, resolve, reverse

from tracker.models import Commitment, Country, Organisation, Person, Quote
from tracker.records import registered

# The longest address and title a follow stores (alerts.Follow).
MAX_PATH = 1000
MAX_TITLE = 300

# Parameters that change how a list is shown, not which records are in it.
NOT_A_FILTER = {"page", "sort", "format"}


@dataclass(frozen=True)
class FollowedList:
    """A list one can follow: its route, its name in a title, its filters, and its records
    as its valid filters hold them (as the list's page does: published only)."""

    route: str
    noun: str
    filters: type[Form]
    records: Callable[[Form], QuerySet]


@dataclass(frozen=True)
class Alerted:
    """How alerts know one record type (its registration's ``alerted``): its field in the
    change log (alerts.Change), whose publication is a change; a new record in a few words,
    beside its title in an alert; and the list of them one can follow."""

    field: str
    said: Callable[[Model], str]
    followed_list: FollowedList


def lists() -> dict[str, Alerted]:
    """The lists one can follow, by route, with their record type's way of being alerted."""
    return {
        registration.alerted.followed_list.route: registration.alerted
        for registration in registered()
        if registration.alerted
    }


class NotFollowable(ValueError):
    """An address that is not a page one can follow, or whose filters are invalid."""


@dataclass(frozen=True)
class FollowedPage:
    path: str
    title: str

    @classmethod
    def at(cls, path: str, title: str) -> "FollowedPage":
        """A page whose address fits a follow, titled on one line (an email's subject)."""
        if len(path) > MAX_PATH:
            raise NotFollowable("This address is too long to follow; use fewer filters.")
        title = " ".join(title.split())
        if len(title) > MAX_TITLE:
            title = title[: MAX_TITLE - 1].rstrip() + "…"
        return cls(path, title)


def _list_filters(name: str, query: QueryDict) -> Form:
    filters = lists()[name].followed_list.filters(query)
    if not filters.is_valid():
        problems = "; ".join(m for messages in filters.errors.values() for m in messages)
        raise NotFollowable(f"These filters cannot be followed: {problems}")
    return filters


def _resolved(path: str) -> tuple[str, dict, QueryDict]:
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        raise NotFollowable("Follow a page of this site.")
    try:
        match = resolve(parts.path)
    except Resolver404 as error:
        raise NotFollowable("There is no such page to follow.") from error
    if match.url_name not in _DETAIL and match.url_name not in lists():
        raise NotFollowable("This page cannot be followed.")
    return match.url_name, match.kwargs, QueryDict(parts.query)


def followed_page(path: str) -> FollowedPage:
    """The page at ``path`` as it is followed (canonical address and a title), or
    NotFollowable."""
    name, kwargs, query = _resolved(path)
    if name in lists():
        followed = lists()[name].followed_list
        filters = _list_filters(name, query)
        pairs = [
            (field, value)
            for field in followed.filters.base_fields
            if field not in NOT_A_FILTER
            for value in query.getlist(field)[:1]
            if value.strip()
        ]
        described = [
            f"{filters.fields[field].label.lower()} {_shown(filters.cleaned_data[field])}"
            for field, _ in pairs
        ]
        canonical = reverse(name) + (f"?{urlencode(pairs)}" if pairs else "")
        title = followed.noun + (f": {', '.join(described)}" if described else "")
        return FollowedPage.at(canonical, title)
    _, noun = _DETAIL[name]
    record = _detail_record(name, kwargs["slug"])
    return FollowedPage.at(reverse(name, args=[record.slug]), f"{noun}: {record}")


def _shown(value) -> str:
    return str(getattr(value, "name", value))


_DETAIL = {
    "country-detail": (Country, "Country"),
    "person-detail": (Person, "Person"),
    "organisation-detail": (Organisation, "Organisation"),
    "commitment-detail": (Commitment, "Commitment"),
}


def _detail_record(name: str, slug: str):
    model, _ = _DETAIL[name]
    records = {
        "country-detail": Country.objects.all(),
        "person-detail": Person.objects.public(),
        "organisation-detail": Organisation.objects.public(),
        "commitment-detail": Commitment.objects.published(),
    }[name]
    record = records.filter(slug=slug).first()
    if record is None:
        raise NotFollowable(f"There is no such {model._meta.verbose_name} to follow.")
    return record


def followed_records(path: str) -> dict[str, QuerySet]:
    """The published records that the page at ``path`` holds, by field of the change log
    (none if the page is gone)."""
    commitments = Commitment.objects.published()
    quotes = Quote.objects.published()
    try:
        name, kwargs, query = _resolved(path)
        if name in lists():
            alerted = lists()[name]
            return {alerted.field: alerted.followed_list.records(_list_filters(name, query))}
        record = _detail_record(name, kwargs["slug"])
    except NotFollowable:
        return {}
    if name == "country-detail":
        return {
            "commitment": commitments.involving(record),
            "quote": quotes.filter(countries=record),
        }
    if name == "person-detail":
        return {
            "commitment": commitments.announced_by(record),
            "quote": quotes.filter(speaker=record),
        }
    if name == "organisation-detail":
        return {"commitment": commitments.concerning(record)}
    return {"commitment": commitments.filter(pk=record.pk)}
