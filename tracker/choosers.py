"""Choosing one of many records by typing its name: the lists' choosers.

A list's filter of organisations, people or events offers a drop-down while the records
it would list are few (``SUGGESTED_ABOVE``), and a typed field with suggestions beyond
that, so that a page never carries thousands of options. Each kind of record chosen so
is a ``Choosable``: where its suggestions come from (``/suggestions/?of=<kind>``) and how a
typed name is resolved on the server, both among published records only. The address
still carries the record's slug, so shared links, exports and the API are unchanged.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Case, Q, QuerySet, Value, When

from tracker.models import Event, Organisation, Person

# More records than this and a filter's drop-down becomes a typed field with suggestions.
SUGGESTED_ABOVE = 50
# The most names one suggestion list holds.
SUGGESTIONS = 10
# The names, first by the letters alone, among which the published are suggested: enough
# that drafts among them leave ``SUGGESTIONS`` to show.
CANDIDATES = 100
# Longer typed text is no name, and is refused.
TYPED_LENGTH = 100


@dataclass(frozen=True)
class Choosable:
    """A kind of record a chooser offers: its name in ``/suggestions/?of=<kind>``, what it is
    called (one, many), and its published records."""

    kind: str
    nouns: tuple[str, str]
    published: Callable[[], QuerySet]


CHOOSABLE = {
    choosable.kind: choosable
    for choosable in (
        Choosable("organisations", ("organisation", "organisations"), Organisation.objects.public),
        Choosable("people", ("person", "people"), Person.objects.public),
        Choosable("events", ("event", "events"), Event.objects.public),
    )
}


def suggested(choosable: Choosable, typed: str, limit: int = SUGGESTIONS) -> list[tuple[str, str]]:
    """At most ``limit`` published records (slug, name) whose name starts with ``typed`` or
    has a word that does, names that start with it first, then A to Z."""
    typed = " ".join(typed.split())
    if not typed:
        return []
    starts = Q(name__istartswith=typed)
    first = Case(When(starts, then=Value(0)), default=Value(1))
    published = choosable.published()
    # Whether a record is published is a probe per row (tracker.models.actors): asked of
    # the first names by the letters alone, not of every name a letter or two matches
    # (one letter matched 649 of 4,220 organisations, and the planner hashed every
    # commitment to check them: 214 ms against 2).
    candidates = (
        published.model.objects.filter(starts | Q(name__icontains=f" {typed}"))
        .order_by(first, "name", "slug")
        .values("pk")[:CANDIDATES]
    )
    rows = (
        published.filter(pk__in=candidates)
        .order_by(first, "name", "slug")
        .values_list("slug", "name")
    )
    return list(rows[:limit])


class Unresolved(Exception):
    """Typed text that names no one published record: ``closest`` are the names it comes
    nearest to (slug, name), none if nothing starts with it."""

    def __init__(self, typed: str, closest: list[tuple[str, str]], ambiguous: bool) -> None:
        super().__init__(typed)
        self.typed = typed
        self.closest = closest
        self.ambiguous = ambiguous


def resolved(choosable: Choosable, typed: str):
    """The one published record named ``typed`` (its exact name in any case); else
    ``Unresolved`` with the closest names."""
    typed = " ".join(typed.split())
    named = list(choosable.published().filter(name__iexact=typed).order_by("slug")[:2])
    if len(named) == 1:
        return named[0]
    if named:
        closest = list(
            choosable.published()
            .filter(name__iexact=typed)
            .order_by("slug")
            .values_list("slug", "name")[:SUGGESTIONS]
        )
        raise Unresolved(typed, closest, ambiguous=True)
    closest = suggested(choosable, typed)
    raise Unresolved(typed, closest, ambiguous=len(closest) > 1)


def listed(names: list[tuple[str, str]]) -> str:
    """Names as a sentence lists them; a name that two records share, with each slug."""
    counted = [name for _, name in names]
    return ", ".join(
        f"{name} ({slug})" if counted.count(name) > 1 else name for slug, name in names
    )
