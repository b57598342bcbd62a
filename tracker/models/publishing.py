"""What every public record shares: a slug, a publication state, timestamps, and dates
to the precision the sources give."""

from django.db import models
from django.db.models import Prefetch, Q


class Publication(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class DatePrecision(models.TextChoices):
    """How much of a date the sources actually give."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


def precision_field(verbose_name: str) -> models.CharField:
    """How much of the date beside it the sources give; see ``date_fits_precision``."""
    return models.CharField(
        verbose_name,
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text="For a month, enter its 1st; for a year, 1 January.",
    )


def date_fits_precision(prefix: str, field: str, label: str) -> models.CheckConstraint:
    """A date known only to its month is stored as the 1st, one known only to its year as
    1 January, so that the stored date never holds a day or month the sources do not give
    (sorting reads it as the start of its month or year)."""
    precision = f"{field}_precision"
    unknown = Q(**{f"{field}__isnull": True})
    first_of_month = Q(**{f"{field}__day": 1})
    first_of_year = Q(**{f"{field}__day": 1, f"{field}__month": 1})
    return models.CheckConstraint(
        condition=Q(**{precision: DatePrecision.DAY})
        | (Q(**{precision: DatePrecision.MONTH}) & (unknown | first_of_month))
        | (Q(**{precision: DatePrecision.YEAR}) & (unknown | first_of_year)),
        name=f"{prefix}_{field}_fits_precision",
        violation_error_message=(
            f"{label}: a date known only to its month is entered as the 1st of the month, "
            "one known only to its year as 1 January."
        ),
    )


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class PublishableQuerySet(SlugQuerySet):
    def published(self):
        return self.filter(publication=Publication.PUBLISHED)

    def drafts(self):
        return self.filter(publication=Publication.DRAFT)


def published_only(relation: str, queryset: PublishableQuerySet) -> Prefetch:
    """The foreign key ``relation`` read from ``queryset``'s published records only: where it
    points at a draft it reads as None, so that nothing built from the record (page,
    export, feed, API, JSON-LD) can show the draft. A prefetch rather than a join, since a
    join cannot leave the draft out; the record's ``<relation>_id`` keeps the draft's key,
    which nothing public shows."""
    return Prefetch(relation, queryset=queryset.published())


class PublishableRecord(models.Model):
    """A record the public may see once an editor publishes it."""

    slug = models.SlugField(max_length=200, unique=True)
    publication = models.CharField(
        max_length=10, choices=Publication, default=Publication.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_published(self) -> bool:
        return self.publication == Publication.PUBLISHED
