"""What a commitment is made of besides itself: its parties and its status history."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from tracker.history import HistoricalRecords

from .commitment_choices import CommitmentStatus, PartyRole
from .places import Country
from .publishing import date_fits_precision, precision_field


class CommitmentPartyQuerySet(models.QuerySet):
    def get_by_natural_key(self, commitment_slug: str, country_code: str):
        return self.get(commitment__slug=commitment_slug, country__code=country_code)

    def with_country(self):
        """Parties as pages show them, by their country's name: prefetching a commitment's
        ``parties`` through this takes one query, not one more per country."""
        return self.select_related("country")


class CommitmentParty(models.Model):
    """A country taking part in a commitment, in a role."""

    commitment = models.ForeignKey(
        "tracker.Commitment", on_delete=models.CASCADE, related_name="parties"
    )
    # Indexed with the commitment (commitmentparty_country_idx), not alone: see Meta.
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="commitment_roles", db_index=False
    )
    role = models.CharField(max_length=10, choices=PartyRole, default=PartyRole.PARTNER)

    objects = CommitmentPartyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment", "role", "country__name"]
        verbose_name_plural = "commitment parties"
        indexes = [
            # A country's commitments (``involving()``: the lists, their overview's tally,
            # the country page) read from the index alone. With the country alone indexed,
            # PostgreSQL read Grenada's 1,053 parties from the table, which priced a
            # parallel scan of every party cheaper for the tally: ~25 ms, not ~3.
            models.Index(fields=["country", "commitment"], name="commitmentparty_country_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "country"],
                name="one_role_per_country_per_commitment",
                violation_error_message="This country is already a party to this commitment.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} ({self.get_role_display().lower()})"

    def natural_key(self) -> tuple[str, str]:
        return (self.commitment.slug, self.country_id)

    natural_key.dependencies = ["tracker.commitment", "tracker.country"]


class StatusChangeQuerySet(models.QuerySet):
    def get_by_natural_key(self, commitment_slug: str, changed_on: str, status: str):
        return self.get(commitment__slug=commitment_slug, changed_on=changed_on, status=status)


class StatusChange(models.Model):
    """One dated entry in a commitment's status history, with its reason and source."""

    commitment = models.ForeignKey(
        "tracker.Commitment", on_delete=models.CASCADE, related_name="status_history"
    )
    status = models.CharField(max_length=12, choices=CommitmentStatus)
    changed_on = models.DateField()
    changed_on_precision = precision_field("precision of the date")
    reason = models.TextField()
    citation = models.ForeignKey(
        "tracker.Citation", on_delete=models.PROTECT, related_name="status_changes"
    )

    objects = StatusChangeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment", "changed_on", "pk"]
        get_latest_by = "changed_on"
        verbose_name_plural = "status history"
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "changed_on", "status"], name="unique_status_change"
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="status_change_has_reason",
                violation_error_message="A status change needs a reason.",
            ),
            date_fits_precision("status_change", "changed_on", "Changed on"),
        ]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.get_status_display()} on {self.changed_on}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        latest = self.commitment.status_history.latest()
        if self.commitment.status != latest.status:
            # The commitment's own model: tracker.models.commitments imports this module.
            commitment_model = type(self.commitment)
            commitment_model.objects.filter(pk=self.commitment_id).update(status=latest.status)

    def clean(self) -> None:
        if (
            self.citation_id
            and self.commitment_id
            and self.citation.commitment_id != self.commitment_id
        ):
            message = "Choose a citation of this commitment."
            raise ValidationError({"citation": ValidationError(message, code="citation_elsewhere")})

    def natural_key(self) -> tuple[str, str, str]:
        return (self.commitment.slug, self.changed_on.isoformat(), self.status)

    natural_key.dependencies = ["tracker.commitment", "tracker.citation"]
