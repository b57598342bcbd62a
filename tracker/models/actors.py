"""Who acts and where: people with their roles over time, organisations and events."""

import datetime

from django.db import connection, models
from django.db.models import (
    F,
    Func,
    IntegerField,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce

from tracker.history import HistoricalRecords

from .addresses import detail_url
from .freshness import NOT_IN_HISTORY, search_vector_field
from .places import Country
from .publishing import DatePrecision, Publication, SlugQuerySet, SortIndex

# The published records naming a person, an event or an organisation, each kind counted
# in a column of its own: written by the database alone (triggers, migrations 0025 and
# 0026), whatever writes the records or the row (the admin, ``update()``, fixtures,
# history reverts, bulk inserts), never by Django, nor kept in fixtures or the history. So
# whether one is public, and how many records name it, are read off its own row and
# indexed, where the indexes counted or probed the records on every request (or, for the
# organisations, after every edit).
PERSON_AND_EVENT_COUNTS = ["quote_count", "announcement_count"]
ORGANISATION_COUNTS = ["commitment_count", "announcement_count"]
NAMED_PERSON_OR_EVENT = Q(quote_count__gt=0) | Q(announcement_count__gt=0)
NAMED_ORGANISATION = Q(commitment_count__gt=0) | Q(announcement_count__gt=0)


def record_count() -> models.IntegerField:
    """One of those counts: null until the database counts (so adding it to SQLite's
    table does not remake the table, which would drop the table's triggers)."""
    return models.IntegerField(null=True, editable=False, serialize=False)


def defer_counting() -> None:
    """Until the transaction ends, records written leave the counts of what they name as
    they were (on PostgreSQL; SQLite counts row by row): for a bulk load, which ends with
    ``count_named_again()``. Touching the rows each statement named made loading 100,000
    commitments several times slower.

    Safe beside editors' writes without the locks the triggers take (migration 0027): the
    load inserts its records, or updates them (an import saves each record whose relations
    it changes before writing them), so it holds every record it ties to an organisation, a
    person or an event, and an editor changing one waits for its commit. Its count at the
    end writes every counted row, so an editor whose change touches one of them waits too,
    and then counts with the load committed; a change it waited for is read as committed
    (tests/curation/test_large_imports.py, either order)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL tracker.defer_counts = 'on'")


def count_named_again() -> None:
    """Every person, event and organisation counts its published records again (their
    triggers count a row whenever it is written)."""
    with connection.cursor() as cursor:
        for model in (Person, Event, Organisation):
            cursor.execute(f"UPDATE {connection.ops.quote_name(model._meta.db_table)} SET id = id")


def published_count(model, related_name: str, condition: Q) -> Coalesce:
    """How many published rows of the reverse relation ``related_name`` meet ``condition``
    (which refers to the counted row with ``OuterRef("pk")``): a correlated subquery, so a
    list counts them for every row in its own query. DISTINCT, since ``condition`` may
    join a many-to-many table."""
    related = model._meta.get_field(related_name).related_model
    rows = related._base_manager.filter(condition, publication=Publication.PUBLISHED)
    distinct = Func("pk", function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
    counted = rows.order_by().annotate(n=distinct).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class OrganisationQuerySet(SlugQuerySet):
    def public(self):
        """Organisations a published commitment (among its organisations, as funder or as
        recipient) or a published announcement names; the public sees no other."""
        return self.filter(NAMED_ORGANISATION)

    def for_detail(self):
        return self.select_related("country")


class Organisation(models.Model):
    """A government body, agency or international organisation."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    abbreviation = models.CharField(max_length=30, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="Leave empty for international organisations such as Interpol.",
    )
    description = models.TextField(blank=True)
    # Its published commitments, each once however it names the organisation, and its
    # published announcements (ORGANISATION_COUNTS), counted by the database.
    commitment_count = record_count()
    announcement_count = record_count()

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=ORGANISATION_COUNTS)

    class Meta:
        ordering = ["name"]
        # The organisations index's "most commitments" sort (ORGANISATION_SORTS), read off
        # its index (its name sort off the names' unique index).
        indexes = [
            models.Index(
                F("commitment_count").desc(),
                "name",
                "slug",
                name="organisation_most_named_idx",
                condition=NAMED_ORGANISATION,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    def get_absolute_url(self) -> str:
        return detail_url("organisation-detail", self.slug)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class PersonQuerySet(SlugQuerySet):
    def public(self):
        """People a published quote or announcement names; the public sees no one else."""
        return self.filter(NAMED_PERSON_OR_EVENT)

    def for_detail(self):
        return self.select_related("country").prefetch_related(
            "roles__organisation", "roles__country", "roles__citation__source"
        )

    def for_index(self):
        """The people index's rows: with their roles (their counts are columns)."""
        return self.for_detail()

    def for_index_page(self):
        """The people index page's rows: each with ``latest_roles``, its latest role alone
        (the first in ``Role``'s order) with its organisation, all a row shows of the
        roles (tracker/templatetags/index_rows.py), in one query however many roles a
        person held; a list, not a manager's queryset made for each person.
        ``for_index()``, which the exports and the API read (a person's current role among
        them all), reads every role, with its country and citation too."""
        latest = Role.objects.select_related("organisation")[:1]
        return self.select_related("country").prefetch_related(
            Prefetch("roles", queryset=latest, to_attr="latest_roles")
        )


class Person(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    honorific = models.CharField(
        max_length=60, blank=True, help_text="As the sources give it, e.g. “Sir” or “The Rt Hon”."
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    description = models.TextField(blank=True)

    search_vector = search_vector_field()
    # Their published quotes and announcements (PERSON_AND_EVENT_COUNTS), counted by the
    # database.
    quote_count = record_count()
    announcement_count = record_count()

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=[*NOT_IN_HISTORY, *PERSON_AND_EVENT_COUNTS])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        # The people index's sorts (tracker.index_filters.PERSON_SORTS): a page of either
        # is read off its index, where PostgreSQL checked and sorted every person, or
        # counted every person's quotes (benchmarks/RESULTS.md, issue 18).
        indexes = [
            models.Index(fields=["name", "slug"], name="person_name_idx"),
            models.Index(
                F("quote_count").desc(),
                "name",
                "slug",
                name="person_most_quoted_idx",
                condition=NAMED_PERSON_OR_EVENT,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return detail_url("person-detail", self.slug)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def role_on(self, day: datetime.date | None) -> "Role | None":
        """The role the person held on ``day``; works from prefetched roles."""
        if day is None:
            return None
        for role in self.roles.all():
            if role.held_on(day):
                return role
        return None


class RoleQuerySet(models.QuerySet):
    def get_by_natural_key(self, person_slug: str, title: str, started_on: str | None):
        return self.get(person__slug=person_slug, title=title, started_on=started_on)


class Role(models.Model):
    """An office a person held, from one date to another."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=200, help_text="e.g. Prime Minister, Home Secretary.")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="roles"
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="roles"
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True, help_text="Empty while the role is held.")
    # A role is a fact the public sees on people's pages and beside their quotes, so it
    # has a source like any other: an excerpt that names the person in it, and/or a
    # reference for what the cited articles do not give (usually the dates), shown as
    # background. `verify_citations` fails on a role with neither.
    citation = models.ForeignKey(
        "tracker.Citation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roles_named",
        help_text="An excerpt of a cited article that names the person in this role.",
    )
    background_reference = models.URLField(
        max_length=500,
        blank=True,
        help_text="Where what the cited articles do not give (such as the dates) comes from; "
        "shown as background, not from the cited articles.",
    )

    objects = RoleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="role_ends_after_it_starts",
                violation_error_message="A role cannot end before it starts.",
            ),
            models.UniqueConstraint(
                fields=["person", "title", "started_on"], name="unique_role_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.person}"

    def natural_key(self) -> tuple:
        started = self.started_on.isoformat() if self.started_on else None
        return (self.person.slug, self.title, started)

    natural_key.dependencies = ["tracker.person", "tracker.citation"]

    def held_on(self, day: datetime.date) -> bool:
        started = self.started_on is None or self.started_on <= day
        not_ended = self.ended_on is None or day < self.ended_on
        return started and not_ended


class EventQuerySet(SlugQuerySet):
    def public(self):
        """Events a published quote or announcement took place at."""
        return self.filter(NAMED_PERSON_OR_EVENT)

    def for_detail(self):
        return self.select_related("country")

    def for_index(self):
        """The events index's rows (their counts are columns)."""
        return self.for_detail()


class Event(models.Model):
    """A meeting, summit or speech where things were announced or said."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    location = models.CharField(max_length=200, blank=True, help_text="City or venue.")
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    # Named after the start date like every model's <date>_precision; the end date, when
    # there is one, is known to the same precision.
    starts_on_precision = models.CharField(
        "precision of the dates",
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text="How much of the start and end dates the sources give.",
    )
    description = models.TextField(blank=True)
    # The published quotes and announcements made at it (PERSON_AND_EVENT_COUNTS), counted
    # by the database.
    quote_count = record_count()
    announcement_count = record_count()

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=PERSON_AND_EVENT_COUNTS)

    class Meta:
        ordering = ["-starts_on", "name"]
        # The events index's sorts (tracker.index_filters.EVENT_SORTS), each read off its
        # index a page at a time, as the people index's name (benchmarks/RESULTS.md).
        indexes = [
            SortIndex(F("starts_on").desc(nulls_last=True), "name", "id", name="event_newest_idx"),
            SortIndex(F("starts_on").asc(nulls_last=True), "name", "id", name="event_oldest_idx"),
            models.Index(fields=["name", "id"], name="event_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="event_ends_after_it_starts",
                violation_error_message="An event cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.location}" if self.location else self.name

    def get_absolute_url(self) -> str:
        return detail_url("event-detail", self.slug)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)
