"""One search across every kind of record.

On PostgreSQL: full-text search (``websearch_to_tsquery``) against each model's
stored ``search_vector`` (``to_tsvector('english', ...)`` of its searched columns,
kept up to date by a trigger and GIN-indexed, migration 0006). Ranking reads the
stored vector, and only among the ``RANK_WINDOW`` newest matches, so that a word
most records contain does not rank every one of them. On SQLite: every word must
occur, in any case, in one of the searched columns.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, Model, Q, QuerySet

from tracker.models import (
    Announcement,
    Commitment,
    Figure,
    Person,
    Quote,
    SourceArticle,
)

CONFIG = "english"

# The columns searched for each model. Migration 0006's triggers store exactly
# these in ``search_vector``; change both together (a new migration).
SEARCHED_FIELDS: dict[type[Model], tuple[str, ...]] = {
    Announcement: ("title", "summary"),
    Commitment: ("title", "summary", "focus", "purpose"),
    Quote: ("text", "context"),
    Figure: ("label", "note"),
    SourceArticle: ("headline", "publisher", "text"),
    Person: ("name", "description"),
}

# How many results of each kind the search page shows.
PER_KIND = 20
# Ranked search orders at most this many of the newest matches by relevance.
RANK_WINDOW = 200


def newest_first(model: type[Model]) -> tuple:
    """The model's own newest-first ordering; people, who have no date, latest added first."""
    return getattr(model, "NEWEST_FIRST", ("-pk",))


def vector(model: type[Model]) -> SearchVector:
    return SearchVector(*SEARCHED_FIELDS[model._meta.concrete_model], config=CONFIG)


def uses_full_text(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def matching(queryset: QuerySet, words: str, *, ranked: bool = False) -> QuerySet:
    """The rows of ``queryset`` that match ``words``; best first if ``ranked``."""
    model = queryset.model._meta.concrete_model
    if uses_full_text(queryset):
        query = SearchQuery(words, config=CONFIG, search_type="websearch")
        matches = queryset.filter(search_vector=query)
        if not ranked:
            return matches
        # The rows are read by primary key among the newest matches, not matched again:
        # the planner then knows how few they are and joins their relations by hash.
        newest = matches.order_by(*newest_first(model)).values("pk")[:RANK_WINDOW]
        return (
            queryset.filter(pk__in=newest)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "pk")
        )
    for word in words.split():
        in_any_field = (Q(**{f"{field}__icontains": word}) for field in SEARCHED_FIELDS[model])
        queryset = queryset.filter(reduce(or_, in_any_field))
    return queryset


@dataclass(frozen=True)
class Results:
    """The records of one kind that match, at most ``PER_KIND`` of them."""

    kind: str
    label: str
    records: list
    list_url_name: str | None = None

    @property
    def truncated(self) -> bool:
        return len(self.records) >= PER_KIND


def everything(words: str) -> list[Results]:
    """Each kind of public record matching ``words``: one query per kind, however many match."""
    published = {
        "commitment": Commitment.objects.published().for_listing().with_evidence(),
        "announcement": Announcement.objects.published().for_listing().with_evidence(),
        "quote": Quote.objects.published().for_listing().with_evidence(),
        "figure": Figure.objects.published().for_listing().with_evidence(),
        "person": Person.objects.public(),
        "source": SourceArticle.objects.published(),
    }
    searches = [
        ("commitment", "Commitments", "commitment-list"),
        ("announcement", "Announcements", "announcement-list"),
        ("quote", "Quotes", "quote-list"),
        ("figure", "Figures", "figure-list"),
        ("person", "People", None),
        ("source", "Source articles", "source-list"),
    ]
    return [
        Results(kind, label, list(matching(published[kind], words, ranked=True)[:PER_KIND]), url)
        for kind, label, url in searches
    ]
