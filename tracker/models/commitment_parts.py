"""What a commitment is made of besides itself: its parties and its status history."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from tracker.history import HistoricalRecords

from .commitment_choices import CommitmentStatus, PartyRole
from .places import Country
from .publishing import SortIndex, date_fits_precision, precision_field

# The commitment's sort keys each party holds a copy of, kept by the database's triggers
# (migration 0020) whatever writes the commitment or the party: a country's commitments
# are listed in any sort by reading its parties off an index in that order.
SORT_KEY_COPIES = [
    "commitment_published",
    "commitment_announced_on",
    "commitment_title",
    "commitment_currency",
    "commitment_amount_minor",
]


def _sort_index(name: str, *keys) -> SortIndex:
    """A country's published commitments in the order of a list's sort (``keys``, then
    the commitment's key, as every sort ends)."""
    return SortIndex(
        F("country"),
        *keys,
        F("commitment"),
        name=name,
        condition=Q(commitment_published=True),
    )


class CommitmentPartyQuerySet(models.QuerySet):
    def get_by_natural_key(self, commitment_slug: str, country_code: str):
        return self.get(commitment__slug=commitment_slug, country__code=country_code)

    def with_country(self):
        """Parties as pages show them, by their country's name: prefetching a commitment's
        ``parties`` through this takes one query, not one more per country."""
        return self.select_related("country")


class CommitmentParty(models.Model):
    """A country taking part in a commitment, in a role."""

    # Indexed with the role and country (commitmentparty_commitment_idx), not alone.
    commitment = models.ForeignKey(
        "tracker.Commitment", on_delete=models.CASCADE, related_name="parties", db_index=False
    )
    # Indexed with the commitment (commitmentparty_country_idx), not alone: see Meta.
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="commitment_roles", db_index=False
    )
    role = models.CharField(max_length=10, choices=PartyRole, default=PartyRole.PARTNER)
    # The commitment's sort keys (SORT_KEY_COPIES), written by the database alone: never
    # edited, exported or kept in history. NULL until copied: SQLite's triggers copy them
    # into a party after it is written.
    commitment_published = models.BooleanField(null=True, editable=False, serialize=False)
    commitment_announced_on = models.DateField(null=True, editable=False, serialize=False)
    commitment_title = models.CharField(  # noqa: DJ001 (see above)
        max_length=300, null=True, editable=False, serialize=False
    )
    # NULL where the commitment has no currency, as the lists sort it (``currency_sort``).
    commitment_currency = models.CharField(  # noqa: DJ001 (see above)
        max_length=3, null=True, editable=False, serialize=False
    )
    commitment_amount_minor = models.BigIntegerField(null=True, editable=False, serialize=False)

    objects = CommitmentPartyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=SORT_KEY_COPIES)

    class Meta:
        ordering = ["commitment", "role", "country__name"]
        verbose_name_plural = "commitment parties"
        indexes = [
            # A country's commitments (``involving()``: the lists, their overview's tally,
            # the country page) read from the index alone. With the country alone indexed,
            # PostgreSQL read Grenada's 1,053 parties from the table, which priced a
            # parallel scan of every party cheaper for the tally: ~25 ms, not ~3.
            models.Index(fields=["country", "commitment"], name="commitmentparty_country_idx"),
            # A commitment's parties (the CSV's "role:code" of every row, export_rows) read
            # from the index alone on PostgreSQL: from the table, the two party rows of
            # each of 100,000 commitments took half the CSV's database time (csv11).
            # SQLite, which has no INCLUDE, indexes the commitment alone, as before.
            models.Index(
                fields=["commitment"],
                include=["role", "country"],
                name="commitmentparty_commitment_idx",
            ),
            # A page of a country's commitments in each sort of the lists (filters.py's
            # COUNTRY_SORTS), read off one of these: walking every published commitment
            # in the sort's order until 25 were the country's read 4,000-14,000 of them
            # for most countries, and reading all of a country's to sort them grows with
            # the country (benchmarks/RESULTS.md).
            _sort_index(
                "commitmentparty_newest_idx",
                F("commitment_announced_on").desc(nulls_last=True),
                F("commitment_title"),
            ),
            _sort_index(
                "commitmentparty_oldest_idx",
                F("commitment_announced_on").asc(nulls_last=True),
                F("commitment_title"),
            ),
            _sort_index(
                "commitmentparty_amount_idx",
                F("commitment_currency").asc(nulls_last=True),
                F("commitment_amount_minor").desc(),
                F("commitment_title"),
            ),
            _sort_index(
                "commitmentparty_amount_asc_idx",
                F("commitment_currency").asc(nulls_last=True),
                F("commitment_amount_minor").asc(),
                F("commitment_title"),
            ),
            _sort_index("commitmentparty_title_idx", F("commitment_title")),
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
