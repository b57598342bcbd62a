"""Countries: every ISO 3166-1 country, and Kosovo, exists from the first migrations."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from tracker.history import HistoricalRecords

from .addresses import detail_url
from .publishing import Publication


@dataclass(frozen=True)
class PublishedCount:
    """One kind of published record counted per country."""

    kind: str  # a commitment kind or a record type: "partnership", "figure"
    name: str  # its key in the API's counts and its CSV column: "partnerships", "figures"

    @property
    def attribute(self) -> str:
        """Where a counted country holds it: ``figure_count``."""
        return f"{self.kind}_count"


# The commitments a country is a party to, by kind (counted through their parties)...
COMMITMENT_COUNTS = (
    PublishedCount("partnership", "partnerships"),
    PublishedCount("funding", "funding"),
    PublishedCount("pledge", "pledges"),
)
# ...and the records that concern it (``countries``; ``name`` is the reverse relation).
RECORD_COUNTS = (
    PublishedCount("announcement", "announcements"),
    PublishedCount("quote", "quotes"),
    PublishedCount("figure", "figures"),
)
# The one list of what every country's counts hold, in the order every output shows it.
PUBLISHED_COUNTS = COMMITMENT_COUNTS + RECORD_COUNTS


class CountryQuerySet(models.QuerySet):
    def get_by_natural_key(self, code: str):
        return self.get(code=code)

    def _count(self, related_name: str, link: str, **conditions) -> Coalesce:
        """A correlated COUNT of the rows of a reverse relation that meet ``conditions``."""
        related = self.model._meta.get_field(related_name).related_model
        rows = related._base_manager.filter(**{link: OuterRef("pk")}, **conditions)
        counted = rows.order_by().annotate(n=Func("pk", function="COUNT")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    def with_published_counts(self):
        """Each country's published records of every kind in ``PUBLISHED_COUNTS``, counted
        by correlated subqueries in one query."""
        published = Publication.PUBLISHED
        commitments = {
            counted.attribute: self._count(
                "commitment_roles",
                "country",
                commitment__publication=published,
                commitment__kind=counted.kind,
            )
            for counted in COMMITMENT_COUNTS
        }
        return self.with_published_record_counts().annotate(**commitments)

    def _count_published(self, related_name: str) -> Coalesce:
        """A correlated COUNT of the country's rows of a many-to-many relation whose record
        is published, each record's publication read by its key. Joined to the records'
        table (an ``EXISTS`` or ``IN`` too) PostgreSQL hashed every published quote to count
        one country's 254 (15 ms at 100,000 commitments, growing with the table); a value
        read by key cannot be made a join, so it probes the country's rows only."""
        relation = self.model._meta.get_field(related_name)
        record = relation.field.m2m_field_name()  # the through table's key of the record
        published_key = (
            relation.related_model._base_manager.filter(
                pk=OuterRef(record), publication=Publication.PUBLISHED
            )
            .order_by()
            .values("pk")
        )
        rows = (
            relation.through.objects.filter(
                **{relation.field.m2m_reverse_field_name(): OuterRef("pk")}
            )
            .annotate(published_key=Subquery(published_key))
            .filter(published_key__isnull=False)
        )
        counted = rows.order_by().annotate(n=Func("pk", function="COUNT")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    def with_published_record_counts(self):
        """Each country's published records of the kinds in ``RECORD_COUNTS`` (not its
        commitments: a page that tallies them by kind counts them there)."""
        records = {
            counted.attribute: self._count_published(counted.name) for counted in RECORD_COUNTS
        }
        return self.annotate(**records)

    def with_published_records(self):
        """The countries any published record concerns, with their counts, by region."""
        return (
            self.with_published_counts()
            .filter(reduce(or_, (Q(**{f"{c.attribute}__gt": 0}) for c in PUBLISHED_COUNTS)))
            .order_by("region", "name")
        )

    def among(self, rows, field: str = "country"):
        """The countries that ``rows`` (a queryset of any model) name in ``field``: the
        choices of an index's country filter."""
        return self.filter(code__in=rows.order_by().values(field))

    def regions(self) -> list[str]:
        return list(self.order_by("region").values_list("region", flat=True).distinct())

    def in_published_quotes(self):
        """The countries at least one published quote concerns."""
        return self.filter(quotes__publication=Publication.PUBLISHED).distinct()

    def party_to_published_commitments(self):
        """The countries taking part in at least one published commitment."""
        # Each of the 250 countries looks for its first published commitment (the index on
        # the party's country; a subquery with LIMIT 1 is never turned into a join), where
        # a join with DISTINCT, or an EXISTS, which PostgreSQL makes a join too, read every
        # party and commitment (194,000 and 100,000 at 100,000 commitments): 340 ms.
        party = self.model._meta.get_field("commitment_roles").related_model
        parties = party.objects.filter(
            country=OuterRef("pk"), commitment__publication=Publication.PUBLISHED
        )
        first = Subquery(parties.order_by().values("pk")[:1])
        return self.annotate(first_published_party=first).filter(
            first_published_party__isnull=False
        )


class Country(models.Model):
    code = models.CharField(
        "ISO 3166-1 alpha-2 code",
        max_length=2,
        primary_key=True,
        help_text="Kosovo uses XK, the code the European Commission and ISO users agree on.",
    )
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    region = models.CharField(max_length=60, db_index=True)

    objects = CountryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return detail_url("country-detail", self.slug)
