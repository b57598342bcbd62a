"""Commitments: partnerships, funding and pledges, each made in an announcement or not."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import NullIf

from tracker.choice_labels import choice_label
from tracker.currencies import ISO_4217_CODES
from tracker.history import HistoricalRecords

from .actors import Organisation
from .addresses import detail_url
from .announcements import Announcement
from .commitment_choices import CommitmentKind, CommitmentStatus, FundingType, PartnershipNovelty
from .commitment_queries import TALLIED_FIELDS, CommitmentQuerySet
from .freshness import NOT_IN_HISTORY, search_vector_field
from .publishing import (
    Publication,
    PublishableRecord,
    SortIndex,
    date_fits_precision,
    precision_field,
    published_by_index,
    published_sort_index,
)


class Commitment(PublishableRecord):
    """A partnership, funding commitment or pledge; the kinds journalists browse together.

    One table holds all three so that one list can filter, sort and page them;
    the fields of one kind are empty on the others, and the database checks it.
    """

    # Not indexed alone: commitment_browse_idx (publication, kind, status) and the
    # published-only sort indexes serve every filter (EXPLAIN in benchmarks/RESULTS.md).
    publication = models.CharField(max_length=10, choices=Publication, default=Publication.DRAFT)
    kind = models.CharField(max_length=12, choices=CommitmentKind)
    title = models.CharField(max_length=300)
    summary = models.TextField()
    status = models.CharField(
        max_length=12,
        choices=CommitmentStatus,
        default=CommitmentStatus.ANNOUNCED,
        help_text="The latest entry of the status history; change it by adding one.",
    )
    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
    )
    announced_on = models.DateField(null=True, blank=True, db_index=True)
    announced_on_precision = precision_field("precision of the announcement date")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="commitments")

    # Partnerships
    focus = models.CharField(
        max_length=300, blank=True, help_text="e.g. intelligence sharing, joint operations."
    )
    novelty = models.CharField(
        "new or existing", max_length=8, choices=PartnershipNovelty, blank=True
    )
    signed_on = models.DateField(null=True, blank=True)
    signed_on_precision = precision_field("precision of the signing date")

    # Funding
    amount_minor = models.BigIntegerField(
        "amount in minor units",
        null=True,
        blank=True,
        help_text="In the currency's minor unit: £150 million is 15000000000 pence.",
    )
    currency = models.CharField(
        max_length=3,
        blank=True,
        choices=[(code, code) for code in ISO_4217_CODES],
        help_text="ISO 4217 code, e.g. GBP.",
    )
    funding_type = models.CharField(max_length=10, choices=FundingType, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_start_precision = precision_field("precision of the period's start")
    period_end = models.DateField(null=True, blank=True)
    period_end_precision = precision_field("precision of the period's end")
    period_label = models.CharField(
        max_length=100, blank=True, help_text="The period as the sources put it."
    )
    purpose = models.TextField(blank=True, help_text="What the money pays for.")
    funder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_given",
    )
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_received",
    )
    adds_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="additions",
        help_text="The earlier commitment this money is added to.",
    )
    included_in = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="included",
        help_text="A total that already counts this money.",
    )

    search_vector = search_vector_field()
    # Whether its sources disagree (some discrepancy has a version citing it): written by
    # the database alone (triggers, migration 0028) whatever writes the commitment, its
    # citations or the versions, never by Django, nor kept in fixtures or the history; so
    # an export reads it with the row instead of probing citations and versions per row.
    sources_disagree = models.BooleanField(default=False, editable=False, serialize=False)

    # Newest first, undated last: the one definition the lists, search and the API use.
    NEWEST_FIRST = (F("announced_on").desc(nulls_last=True), "title", "pk")

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=[*NOT_IN_HISTORY, "sources_disagree"])

    class Meta:
        ordering = ["-announced_on", "title"]
        indexes = [
            models.Index(fields=["publication", "kind", "status"], name="commitment_browse_idx"),
            published_sort_index("commitment_newest_idx", "announced_on", "title", "id"),
            # The lists' title sort, published rows only.
            models.Index(
                fields=["title", "id"],
                name="commitment_title_idx",
                condition=Q(publication=Publication.PUBLISHED),
            ),
            # The lists' largest amount first (``amount-desc``), published funding only
            # (only funding has money): a country's funding by amount is read off it, a
            # page at a time, where PostgreSQL otherwise read and sorted every one of the
            # country's funding commitments (8,181 parties of Paraguay at 1,000,000).
            SortIndex(
                NullIf("currency", Value("")).asc(nulls_last=True),
                F("amount_minor").desc(),
                F("title"),
                F("id"),
                name="commitment_amount_idx",
                condition=Q(publication=Publication.PUBLISHED, kind=CommitmentKind.FUNDING),
            ),
            # What the whole-table tallies read of every published commitment, by key: the
            # home page's and countries index's counts and money, the world map, the
            # organisations' counts, and whether a total money is inside is published
            # (``with_published_total()``), each from the index alone, a tenth of the
            # table's pages, which they scanned whole (with every text) at each edit.
            models.Index(
                fields=["id"],
                include=TALLIED_FIELDS,
                name="commitment_tally_idx",
                condition=Q(publication=Publication.PUBLISHED),
            ),
            # An organisation's published funding given and received, which its counts
            # (migration 0026) read from the index alone whenever a write touches it.
            published_by_index("commitment_funder_pub_idx", "funder"),
            published_by_index("commitment_recipient_pub_idx", "recipient"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_minor__isnull=True) | Q(amount_minor__gte=0),
                name="commitment_amount_not_negative",
                violation_error_message="An amount cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(currency="") | Q(currency__in=ISO_4217_CODES),
                name="commitment_currency_iso_4217",
                violation_error_message="The currency must be an ISO 4217 code, such as GBP.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=CommitmentKind.FUNDING)
                | (Q(amount_minor__isnull=False) & ~Q(currency="") & ~Q(funding_type="")),
                name="funding_has_amount_currency_and_type",
                violation_error_message=(
                    "A funding commitment needs an amount, a currency and a funding type."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind=CommitmentKind.FUNDING)
                | (
                    Q(amount_minor__isnull=True)
                    & Q(currency="")
                    & Q(funding_type="")
                    & Q(adds_to__isnull=True)
                    & Q(included_in__isnull=True)
                ),
                name="only_funding_has_money",
                violation_error_message="Only a funding commitment has an amount.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=CommitmentKind.PARTNERSHIP) | ~Q(novelty=""),
                name="partnership_is_new_or_existing",
                violation_error_message="Say whether the partnership is new or existing.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="commitment_period_ends_after_it_starts",
                violation_error_message="The period cannot end before it starts.",
            ),
            date_fits_precision("commitment", "announced_on", "Announced on"),
            date_fits_precision("commitment", "signed_on", "Signed on"),
            date_fits_precision("commitment", "period_start", "Period start"),
            date_fits_precision("commitment", "period_end", "Period end"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return detail_url("commitment-detail", self.slug)

    def kind_label(self, locale: str | None = None) -> str:
        """``get_kind_display()`` from a lookup made once per language (``choice_label``)."""
        return choice_label(Commitment.kind.field, self.kind, locale)

    def status_label(self, locale: str | None = None) -> str:
        """``get_status_display()`` from a lookup made once per language."""
        return choice_label(Commitment.status.field, self.status, locale)

    def clean(self) -> None:
        for field in ("adds_to", "included_in"):
            linked_id = getattr(self, f"{field}_id")
            if linked_id is not None and linked_id == self.pk:
                raise ValidationError({field: "A commitment cannot refer to itself."})
