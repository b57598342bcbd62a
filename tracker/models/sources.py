"""Source articles and the citations that tie every record to their exact words."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from tracker import excerpts
from tracker.history import HistoricalRecords

from .addresses import detail_url
from .freshness import NOT_IN_HISTORY, search_vector_field
from .publishing import (
    DatePrecision,
    Publication,
    Publishable,
    PublishableQuerySet,
    published_range_index,
    published_sort_index,
)


class SourceArticleQuerySet(PublishableQuerySet):
    def publishers(self) -> list[str]:
        """The publishers' names, once each, in alphabetical order."""
        names = self.exclude(publisher="").order_by("publisher").values_list("publisher", flat=True)
        return list(names.distinct())

    def with_citation_count(self):
        """Annotate ``citation_count``: the excerpts of published records citing the article.

        Counted per article by a subquery on the citations' source index, so that a page of
        25 articles counts 25 articles' citations, not every citation (a join grouped by
        article had to before it could sort and cut: 0.7 s at 20,000 articles)."""
        cited = (
            Citation.objects.filter(source=OuterRef("pk"))
            .filter(_cites_published_record())
            .order_by()
            .values("source")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            citation_count=Coalesce(Subquery(cited, output_field=IntegerField()), 0)
        )

    def for_listing(self):
        """The list page's rows: the columns it shows (not the text), with their count."""
        return self.only(
            "slug",
            "headline",
            "headline_supplied",
            "publisher",
            "published_on",
            "published_on_precision",
        ).with_citation_count()

    def with_cited_records(self):
        """Prefetch ``cited``: the citations of published records, with them, in text order."""
        cited = Citation.objects.for_source_page()
        return self.prefetch_related(models.Prefetch("citations", queryset=cited, to_attr="cited"))


class SourceArticle(Publishable):
    """A news article as received, kept whole so that a dead link loses nothing. Its slug
    and publication come from ``Publishable``; it keeps its own ``added_at``."""

    headline = models.CharField(max_length=300)
    headline_supplied = models.BooleanField(
        "headline supplied by the editors",
        default=False,
        help_text="The copy received has no headline and this one is the editors': pages "
        "show it in square brackets and say so.",
    )
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Leave empty if the received copy does not name it."
    )
    url = models.URLField("address", max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_on_precision = models.CharField(
        "precision of the publication date",
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
    )
    text = models.TextField(help_text="The full text exactly as received.")
    raw_html = models.TextField(
        "page as received",
        blank=True,
        default="",
        help_text="The web page the text was extracted from, kept whole against link rot.",
    )
    editor_notes = models.TextField(blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    search_vector = search_vector_field()

    # Newest first, undated last: the one definition the lists, search and the API use.
    NEWEST_FIRST = (F("published_on").desc(nulls_last=True), "headline", "pk")

    objects = SourceArticleQuerySet.as_manager()
    # The page as received never changes once kept; a copy per version would only grow.
    history = HistoricalRecords(excluded_fields=[*NOT_IN_HISTORY, "raw_html"])

    class Meta:
        ordering = ["-published_on", "headline"]
        indexes = [
            published_sort_index("sourcearticle_newest_idx", "published_on", "headline", "id"),
            published_range_index("sourcearticle_date_pub_idx", "published_on"),
        ]

    def __str__(self) -> str:
        return self.shown_headline

    def get_absolute_url(self) -> str:
        return detail_url("source-detail", self.pk)

    @property
    def shown_headline(self) -> str:
        """The headline as a reader may quote it: the editors' own in square brackets, the
        convention for words that are not the source's."""
        return f"[{self.headline}]" if self.headline_supplied else self.headline

    def citations_follow_text(self, old_text: str) -> None:
        """After its text was ``old_text``: each citation moved with its words to their new
        place (``excerpts.places_after_edit``), or found again where the edit changed them
        (``Citation.locate_excerpt``). Every path that changes an article's text calls it."""
        place = excerpts.places_after_edit(old_text, self.text)
        for citation in self.citations.all():
            citation.source = self
            citation.start, citation.end = place(citation.start, citation.end)
            citation.save()


CITATION_TARGETS = ("announcement", "commitment", "quote", "figure")
# The cited records as a citation shows them: a quote's title names its speaker.
CITATION_TARGETS_AS_SHOWN = ("announcement", "commitment", "quote__speaker", "figure")


def _cites_published_record(prefix: str = "") -> Q:
    """The citation (reached through ``prefix``) supports a published record."""
    condition = Q()
    for target in CITATION_TARGETS:
        condition |= Q(**{f"{prefix}{target}__publication": Publication.PUBLISHED})
    return condition


def _exactly_one_target() -> Q:
    condition = Q()
    for target in CITATION_TARGETS:
        only_this = Q(**{f"{target}__isnull": False})
        for other in CITATION_TARGETS:
            if other != target:
                only_this &= Q(**{f"{other}__isnull": True})
        condition |= only_this
    return condition


class CitationQuerySet(models.QuerySet):
    def get_by_natural_key(self, source_slug: str, start: int, end: int, target: str, slug: str):
        return self.get(source__slug=source_slug, start=start, end=end, **{f"{target}__slug": slug})

    def with_sources(self):
        return self.select_related("source")

    def with_targets(self):
        """With the record each supports, read as it is shown (``CITATION_TARGETS_AS_SHOWN``)."""
        return self.select_related(*CITATION_TARGETS_AS_SHOWN)

    def public(self):
        return self.filter(source__publication=Publication.PUBLISHED)

    def of_published_records(self):
        return self.filter(_cites_published_record())

    def for_source_page(self):
        """An article's citations of published records, with the records, in text order."""
        return self.of_published_records().with_targets().order_by("start", "end", "pk")


class Citation(models.Model):
    """An excerpt of a source article that supports one record.

    The excerpt must occur in the article's text; its offsets are found when
    the citation is saved, and the stored excerpt is the article's own words.
    """

    source = models.ForeignKey(SourceArticle, on_delete=models.PROTECT, related_name="citations")
    announcement = models.ForeignKey(
        "tracker.Announcement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
    )
    commitment = models.ForeignKey(
        "tracker.Commitment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
    )
    quote = models.ForeignKey(
        "tracker.Quote", on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    figure = models.ForeignKey(
        "tracker.Figure", on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    excerpt = models.TextField(
        help_text="Words copied from the article; quotes, dashes and spacing may differ."
    )
    start = models.PositiveIntegerField(editable=False)
    end = models.PositiveIntegerField(editable=False)

    objects = CitationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "start"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_target(),
                name="citation_supports_exactly_one_record",
                violation_error_message="A citation supports exactly one record.",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="citation_excerpt_not_empty",
                violation_error_message="An excerpt must end after it starts.",
            ),
            *(
                models.UniqueConstraint(
                    fields=["source", "start", "end", target],
                    condition=Q(**{f"{target}__isnull": False}),
                    name=f"unique_citation_of_{target}",
                    violation_error_message=f"This excerpt already cites this {target}.",
                )
                for target in CITATION_TARGETS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}: “{self.excerpt}”"

    def save(self, *args, **kwargs) -> None:
        self.locate_excerpt()
        super().save(*args, **kwargs)

    @property
    def target_name(self) -> str | None:
        for target in CITATION_TARGETS:
            if getattr(self, f"{target}_id") is not None:
                return target
        return None

    @property
    def target(self):
        name = self.target_name
        return getattr(self, name) if name else None

    def excerpt_occurs(self) -> bool:
        """Whether the stored offsets still point at the excerpt in the article's text."""
        return excerpts.occurs_at(self.excerpt, self.source.text, self.start, self.end)

    def locate_excerpt(self) -> None:
        """Find the excerpt in the article, store its offsets and its exact words.

        Offsets an editor has already fixed are kept while they still match,
        so an excerpt that occurs twice keeps pointing at the chosen place.
        """
        if self.start is not None and self.end is not None and self.excerpt_occurs():
            self.excerpt = self.source.text[self.start : self.end]
            return
        found = excerpts.locate(self.excerpt, self.source.text)
        if found is None:
            # The code goes on the field's error: on a dict it would be dropped.
            message = f"This excerpt does not occur in the text of “{self.source}”."
            raise ValidationError(
                {"excerpt": ValidationError(message, code="excerpt_not_in_source")}
            )
        self.start, self.end = found
        self.excerpt = self.source.text[self.start : self.end]

    def clean(self) -> None:
        if self.source_id is not None and self.excerpt:
            self.locate_excerpt()

    def natural_key(self) -> tuple:
        target = self.target
        return (self.source.slug, self.start, self.end, self.target_name, target.slug)

    natural_key.dependencies = [
        "tracker.sourcearticle",
        "tracker.announcement",
        "tracker.commitment",
        "tracker.quote",
        "tracker.figure",
    ]


def cited_models() -> list[type[models.Model]]:
    """The record models a citation can support, in ``CITATION_TARGETS``' order."""
    return [Citation._meta.get_field(target).related_model for target in CITATION_TARGETS]


def citation_target(record: models.Model | type[models.Model]) -> str:
    """The ``Citation`` field that points at a record (or at a model's records): a proxy's
    (a partnership's) is its concrete model's (``commitment``)."""
    return record._meta.concrete_model._meta.model_name
