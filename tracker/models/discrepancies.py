"""Where sources disagree about one fact, and what the editor decided."""

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q

from tracker.history import HistoricalRecords

from .publishing import Publication, SlugQuerySet
from .sources import Citation


class DisputedAspect(models.TextChoices):
    AMOUNT = "amount", "Amount"
    COUNT = "count", "Count"
    DATE = "date", "Date"
    WORDING = "wording", "Wording of a quote"
    CIRCUMSTANCES = "circumstances", "When or where something was said or done"


class DiscrepancyStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class DiscrepancyQuerySet(SlugQuerySet):
    def open(self):
        return self.filter(status=DiscrepancyStatus.OPEN)

    def about(self, record):
        """The discrepancies with a version citing ``record`` from a published article (as
        ``evidence.disputed_row_by_row`` counts them)."""
        # A proxy's instance (a Pledge) is cited as its concrete model (commitment).
        target = record._meta.concrete_model._meta.model_name
        return self.filter(
            **{f"versions__citation__{target}": record},
            versions__citation__source__publication=Publication.PUBLISHED,
        ).distinct()

    def about_with_versions(self, record, drafts_too: bool = False) -> list["Discrepancy"]:
        """The discrepancies about ``record`` for its page, each with ``version_list`` (its
        public versions with their citations and sources; with ``drafts_too``, for an
        editor's preview, those from draft articles too), from one query of the versions."""
        in_order = [f"discrepancy__{field}" for field in self.model._meta.ordering]
        versions = DiscrepancyVersion.objects if drafts_too else DiscrepancyVersion.objects.public()
        versions = (
            versions.filter(discrepancy__in=self.about(record))
            .select_related("discrepancy", "citation__source")
            .order_by(*in_order, "discrepancy", "-is_accepted", "pk")
        )
        discrepancies: dict[int, Discrepancy] = {}
        for version in versions:
            if version.discrepancy_id not in discrepancies:
                discrepancies[version.discrepancy_id] = version.discrepancy
                version.discrepancy.version_list = []
            discrepancies[version.discrepancy_id].version_list.append(version)
        return list(discrepancies.values())

    def public(self):
        """The discrepancies about at least one published record from a published article
        (the one rule of a public disagreement, ``evidence.disputed_row_by_row``)."""
        versions = DiscrepancyVersion.objects.filter(
            discrepancy=OuterRef("pk"),
            citation__in=Citation.objects.public().of_published_records(),
        )
        return self.filter(Exists(versions))

    def for_export(self):
        """With every public version, its citation, its source and the record it cites."""
        versions = DiscrepancyVersion.objects.public().select_related(
            "citation__source",
            "citation__announcement",
            "citation__commitment",
            "citation__quote__speaker",
            "citation__figure",
        )
        return self.prefetch_related(Prefetch("versions", queryset=versions))


class Discrepancy(models.Model):
    """Sources that disagree about one fact of one record.

    The record is the one the versions' citations support; it is not stored
    twice.
    """

    slug = models.SlugField(max_length=200, unique=True)
    subject = models.CharField(max_length=300, help_text="What is disputed, in a phrase.")
    aspect = models.CharField(max_length=14, choices=DisputedAspect)
    status = models.CharField(
        max_length=8, choices=DiscrepancyStatus, default=DiscrepancyStatus.OPEN, db_index=True
    )
    resolution = models.TextField(
        blank=True, help_text="Which version is right and why; required to resolve."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DiscrepancyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "subject"]
        verbose_name_plural = "discrepancies"
        constraints = [
            models.CheckConstraint(
                condition=Q(status=DiscrepancyStatus.OPEN) | ~Q(resolution=""),
                name="resolved_discrepancy_has_resolution",
                violation_error_message="Explain the resolution before resolving.",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class DiscrepancyVersionQuerySet(models.QuerySet):
    def public(self):
        """The versions the public sees: those citing a published article. What a draft
        article states is not published, even where its discrepancy is public through
        another version (published means published everywhere); the admin and an editor's
        preview of a draft show them all."""
        return self.filter(citation__source__publication=Publication.PUBLISHED)

    def get_by_natural_key(self, discrepancy_slug: str, *citation_key):
        return self.get(
            discrepancy__slug=discrepancy_slug,
            citation=Citation.objects.get_by_natural_key(*citation_key),
        )


class DiscrepancyVersion(models.Model):
    """One source's version of the disputed fact, through its citation."""

    discrepancy = models.ForeignKey(Discrepancy, on_delete=models.CASCADE, related_name="versions")
    citation = models.ForeignKey(Citation, on_delete=models.PROTECT, related_name="versions")
    stated_value = models.CharField(
        max_length=300, help_text="What this source says, e.g. “£75 billion”."
    )
    is_accepted = models.BooleanField(
        "accepted", default=False, help_text="The version the editor found right."
    )

    objects = DiscrepancyVersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["discrepancy", "-is_accepted", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["discrepancy", "citation"],
                name="one_version_per_citation",
                violation_error_message="This citation is already a version of this discrepancy.",
            ),
            models.UniqueConstraint(
                fields=["discrepancy"],
                condition=Q(is_accepted=True),
                name="one_accepted_version",
                violation_error_message="Only one version can be the accepted one.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citation.source}: {self.stated_value}"

    def natural_key(self) -> tuple:
        return (self.discrepancy.slug, *self.citation.natural_key())

    natural_key.dependencies = ["tracker.discrepancy", "tracker.citation"]
