"""What every public record shares: a slug, a publication state, timestamps, and dates
to the precision the sources give."""

from functools import cache

from django.db import models
from django.db.models import F, OrderBy, OuterRef, Q, Subquery
from django.db.models.query import ModelIterable


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


class SortIndex(models.Index):
    """An index in the order of a sort, undated rows last as the lists sort them (NULLS
    LAST). SQLite refuses NULLS FIRST and LAST in an index: there the index is created
    without them (SQLite puts NULLs last in a descending order anyway, first in an ascending
    one, so an ascending NULLS LAST sort is not read off it there)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "sqlite":
            return super().create_sql(model, schema_editor, using, **kwargs)
        expressions = [
            OrderBy(expression.expression, descending=expression.descending)
            if isinstance(expression, OrderBy)
            else expression
            for expression in self.expressions
        ]
        as_sqlite_sorts = models.Index(*expressions, name=self.name, condition=self.condition)
        return as_sqlite_sorts.create_sql(model, schema_editor, using, **kwargs)


def published_sort_index(name: str, newest: str | OrderBy, *then: str) -> SortIndex:
    """A list's newest-first sort (undated rows last, then ``then``) over its published
    rows only, so that a page of the list is read off the index (benchmarks/RESULTS.md).
    ``newest`` is a column, or the ordering of an expression (a figure's latest period)."""
    return SortIndex(
        F(newest).desc(nulls_last=True) if isinstance(newest, str) else newest,
        *(F(column) for column in then),
        name=name,
        condition=Q(publication=Publication.PUBLISHED),
    )


def published_range_index(name: str, column: str) -> models.Index:
    """The published rows by ``column`` alone (a date), for a range of it: search's
    newest matches among the 10,000 newest rows (``search._among_the_newest``) are the GIN
    index's matches anded with this range, where with the sort index alone
    (``published_sort_index``) PostgreSQL read every match's row to filter it by date:
    1,891 heap blocks for the quotes of "gang" at 100,000 against 383
    (benchmarks/RESULTS.md, search11)."""
    return models.Index(fields=[column], name=name, condition=Q(publication=Publication.PUBLISHED))


def published_by_index(name: str, column: str) -> models.Index:
    """The published rows' keys by ``column`` (a speaker, an event, a funder): a person's,
    an event's or an organisation's published records are read, and counted, off the index,
    not the table."""
    return models.Index(
        fields=[column, "id"], name=name, condition=Q(publication=Publication.PUBLISHED)
    )


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


def is_unpublished(record) -> bool:
    """Whether ``record`` is a draft of a kind that editors publish (people, events and
    countries are not published: they are public through the records that name them)."""
    return getattr(record, "publication", Publication.PUBLISHED) != Publication.PUBLISHED


@cache
def _foreign_keys(model: type[models.Model]) -> tuple[models.Field, ...]:
    return tuple(field for field in model._meta.concrete_fields if field.many_to_one)


def hide_unpublished_relations(record, seen: set[int] | None = None) -> None:
    """Make each foreign key of ``record`` that the query joined (``select_related``), at
    any depth, read as None where it points at an unpublished record. Only the cached
    object is dropped: ``<relation>_id`` keeps the draft's key, which nothing shows, and a
    save would not lose the link. A relation read lazily is not seen here: what the public
    reads is joined (a lazy read per row would grow the queries with the rows anyway)."""
    for field in _foreign_keys(type(record)):
        related = field.get_cached_value(record, default=None)
        if related is None:
            continue
        if is_unpublished(related):
            field.set_cached_value(record, None)
            continue
        seen = {id(record)} if seen is None else seen
        if id(related) not in seen:
            seen.add(id(related))
            hide_unpublished_relations(related, seen)


def published_slug(model: type[models.Model], key: str) -> Subquery:
    """For a row read as values: the slug of the ``model`` record its column ``key`` points
    at if that record is published, else null. A subquery per row, not a join: each join
    of a table to itself (a commitment's ``adds_to`` and ``included_in``) multiplied
    PostgreSQL's planning of the API's page query, 25–40 ms for 8 of executing."""
    return Subquery(
        model._base_manager.filter(pk=OuterRef(key), publication=Publication.PUBLISHED).values(
            "slug"
        )
    )


class WithoutUnpublishedRelations(ModelIterable):
    """Records as ``hide_unpublished_relations`` leaves them."""

    def __iter__(self):
        for record in super().__iter__():
            hide_unpublished_relations(record)
            yield record


class PublishableQuerySet(SlugQuerySet):
    def newest_first(self):
        """In the newest-first order each publishable model declares once, ``NEWEST_FIRST``."""
        return self.order_by(*self.model.NEWEST_FIRST)

    def published(self):
        """Published records, whose joined relations to drafts read as None: what the
        public sees of a record it may see, on every page, export, feed and in the API."""
        return self.filter(publication=Publication.PUBLISHED).without_unpublished_relations()

    def without_unpublished_relations(self):
        """Records whose joined relations to drafts read as None (``published()`` does
        this; editors' previews of drafts too). In the queryset, not in each template or
        schema: the relation is joined (``select_related``) as before, and a draft is
        dropped as each record is built, so it costs no query."""
        records = self.all()
        if records._iterable_class is ModelIterable:  # not .values() and the like
            records._iterable_class = WithoutUnpublishedRelations
        return records


class Publishable(models.Model):
    """Anything the public may see once an editor publishes it, known by its slug: source
    articles, and every record (``PublishableRecord``)."""

    slug = models.SlugField(max_length=200, unique=True)
    publication = models.CharField(
        max_length=10, choices=Publication, default=Publication.DRAFT, db_index=True
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_published(self) -> bool:
        return self.publication == Publication.PUBLISHED


class PublishableRecord(Publishable):
    """A record (announcement, commitment, quote, figure): publishable, with the times it
    was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(Publishable.Meta):
        abstract = True
