"""The pages a reader can follow, and the published commitments each one holds.

A followed page is stored at its canonical address: for the commitments list, the
filters the list's own form accepts (``tracker.filters.CommitmentFilters``, the one
definition pages, exports and the API use) in the form's order, without page, sort or
format, which change how the list is shown and not what is in it; for a country, person,
organisation or commitment, its page's address. The same address decides, when an alert
is written, which changes belong to it, so a follow sees what its page would show.
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import Resolver404, resolve, reverse

from tracker.filters import CommitmentFilters
from tracker.models import Commitment, Country, Organisation, Person

# Parameters that change how a list is shown, not which records are in it.
NOT_A_FILTER = {"page", "sort", "format"}


class NotFollowable(ValueError):
    """An address that is not a page one can follow, or whose filters are invalid."""


@dataclass(frozen=True)
class FollowedPage:
    path: str
    title: str

    def commitments(self) -> QuerySet:
        """The published commitments the page holds now."""
        return followed_commitments(self.path)


def _list_filters(query: QueryDict) -> CommitmentFilters:
    filters = CommitmentFilters(query)
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
    if match.url_name not in _DETAIL and match.url_name != "commitment-list":
        raise NotFollowable("This page cannot be followed.")
    return match.url_name, match.kwargs, QueryDict(parts.query)


def followed_page(path: str) -> FollowedPage:
    """The page at ``path`` as it is followed (canonical address and a title), or
    NotFollowable."""
    name, kwargs, query = _resolved(path)
    if name == "commitment-list":
        filters = _list_filters(query)
        pairs = [
            (field, value)
            for field in CommitmentFilters.base_fields
            if field not in NOT_A_FILTER
            for value in query.getlist(field)[:1]
            if value.strip()
        ]
        described = [
            f"{filters.fields[field].label.lower()} {_shown(filters.cleaned_data[field])}"
            for field, _ in pairs
        ]
        canonical = reverse(name) + (f"?{urlencode(pairs)}" if pairs else "")
        title = "Commitments" + (f": {', '.join(described)}" if described else "")
        return FollowedPage(canonical, title)
    _, noun = _DETAIL[name]
    record = _detail_record(name, kwargs["slug"])
    return FollowedPage(reverse(name, args=[record.slug]), f"{noun}: {record}")


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


def followed_commitments(path: str) -> QuerySet:
    """The published commitments that the page at ``path`` holds (none if it is gone)."""
    published = Commitment.objects.published()
    try:
        name, kwargs, query = _resolved(path)
        if name == "commitment-list":
            return _list_filters(query).matching(published)
        record = _detail_record(name, kwargs["slug"])
    except NotFollowable:
        return published.none()
    if name == "country-detail":
        return published.involving(record)
    if name == "person-detail":
        return published.announced_by(record)
    if name == "organisation-detail":
        return published.concerning(record)
    return published.filter(pk=record.pk)
