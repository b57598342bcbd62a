"""Commitments: partnerships, funding and pledges, each made in an announcement or not."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, FilteredRelation, OuterRef, Prefetch, Q, Value, Window
from django.db.models.functions import NullIf, RowNumber

from tracker.currencies import ISO_4217_CODES
from tracker.history import HistoricalRecords

from .actors import Event, Organisation, Person
from .addresses import detail_url
from .announcements import Announcement
from .commitment_choices import CommitmentKind, CommitmentStatus, FundingType, PartnershipNovelty
from .commitment_parts import CommitmentParty, StatusChange
from .evidence import (
    EvidenceQuerySet,
    disputed_citations,
    disputed_row_by_row,
    public_citations,
)
from .freshness import NOT_IN_HISTORY, search_vector_field
from .places import Country
from .publishing import (
    Publication,
    PublishableRecord,
    SortIndex,
    date_fits_precision,
    precision_field,
    published_sort_index,
)


def counted_once() -> Q:
    """Money that no published total already includes, of rows read
    ``with_published_total()``. Money inside a draft total counts on its own: the public
    does not see that total, so it must see this money."""
    return Q(published_total__isnull=True)


# The columns a row of the commitments list shows (tracker/templatetags/list_rows.py).
LIST_ROW_FIELDS = (
    "slug", "kind", "title", "status", "announced_on", "announced_on_precision",
    "amount_minor", "currency",
)  # fmt: skip
# What the tallies read of a published commitment (``commitment_tally_idx``).
TALLIED_FIELDS = [
    "kind", "status", "currency", "amount_minor", "included_in", "announced_on",
    "funder", "recipient",
]  # fmt: skip
# A list item (the country and organisation pages) says a little more than a table row.
ITEM_FIELDS = ("summary", "period_label")


class CommitmentQuerySet(EvidenceQuerySet):
    def partnerships(self):
        return self.filter(kind=CommitmentKind.PARTNERSHIP)

    def funding(self):
        return self.filter(kind=CommitmentKind.FUNDING)

    def pledges(self):
        return self.filter(kind=CommitmentKind.PLEDGE)

    def involving(self, country: Country):
        """Commitments the country is a party to: EXISTS, not a join, so no DISTINCT to
        sort and count (commitmentparty's unique (commitment, country) index answers it)."""
        parties = CommitmentParty.objects.filter(commitment=OuterRef("pk"), country=country)
        return self.filter(Exists(parties))

    def involving_in_party_order(self, country: Country):
        """``involving()``, joined to the country's party of each (``country_party``),
        whose copy of the commitment's sort keys orders them (filters.py's
        COUNTRY_SORTS): a page is read off the country's part of a party sort index
        rather than found among every commitment in the sort's order."""
        party = FilteredRelation("parties", condition=Q(parties__country=country))
        return self.annotate(country_party=party).filter(country_party__commitment_published=True)

    def announced_by(self, person: Person):
        """Commitments made in the person's published announcements."""
        return self.filter(
            announcement__speaker=person, announcement__publication=Publication.PUBLISHED
        )

    def made_at(self, event: Event):
        """Commitments made in published announcements at the event."""
        return self.filter(
            announcement__event=event, announcement__publication=Publication.PUBLISHED
        )

    def concerning(self, organisation: Organisation):
        """Commitments naming the organisation, funding it or funded by it, each once: the
        keys of each way read by its own index and joined by UNION (an OR of an EXISTS and
        two keys makes PostgreSQL scan every commitment)."""
        named = Commitment.organisations.through.objects.filter(organisation=organisation)
        keys = named.values("commitment_id").union(
            Commitment._base_manager.filter(funder=organisation).values("pk"),
            Commitment._base_manager.filter(recipient=organisation).values("pk"),
        )
        return self.filter(pk__in=keys)

    def with_published_total(self):
        """Each commitment with ``published_total``: the total its money is inside
        (``included_in``) where that total is published, else NULL (``counted_once()``).
        A join on the published keys (commitment_tally_idx), read by key for the few rows
        inside a total, where a join to every commitment, to read each one's publication,
        hashed the whole table."""
        published_total = FilteredRelation(
            "included_in", condition=Q(included_in__publication=Publication.PUBLISHED)
        )
        return self.annotate(published_total=published_total)

    def countable_money(self):
        """Funding whose money is not already inside a published total, so nothing is
        counted twice, and money counted in a draft total is counted until it is published."""
        return self.funding().with_published_total().filter(counted_once())

    def for_listing(self):
        return self.select_related("funder", "recipient").with_parties()

    def for_list_rows(self):
        """What a row of the commitments list draws (``{% commitment_rows %}``), and no
        more: not its texts nor its funder and recipient, which PostgreSQL otherwise joined
        and read for every matching commitment before sorting and cutting the page."""
        return self.only(*LIST_ROW_FIELDS).with_parties()

    def for_items(self):
        """As the record pages' list items draw them (``record_items``): a row's columns,
        its summary and period, and the evidence."""
        return self.only(*LIST_ROW_FIELDS, *ITEM_FIELDS).with_parties().with_evidence()

    def with_parties(self):
        """Prefetch each commitment's ``parties`` with their countries (one query), as every
        page and export names them; once, however often asked (a list's rows go on to its
        export, which asks again, and Django refuses a prefetch given twice)."""
        asked = (
            getattr(lookup, "prefetch_to", lookup) for lookup in self._prefetch_related_lookups
        )
        if "parties" in asked:
            return self
        return self.prefetch_related(
            Prefetch("parties", queryset=CommitmentParty.objects.with_country())
        )

    def with_announcement(self):
        """With the announcement each was made in (None where it is a draft: ``published()``)."""
        return self.select_related("announcement")

    def with_links(self):
        """With the announcement (and its event), and the totals the money adds to or is
        counted in; each None where it is a draft (``published()``)."""
        return self.select_related("announcement__event", "adds_to", "included_in")

    def newest_of_each_kind(self, limit: int):
        """The ``limit`` newest of each kind, newest first, in one query (a window per kind),
        so that a page showing a few of each does not read every row of a busy country."""
        rank = Window(RowNumber(), partition_by=F("kind"), order_by=self.model.NEWEST_FIRST)
        # Ranked by primary key alone, so only the chosen rows are joined to their relations.
        chosen = self.annotate(rank_in_kind=rank).filter(rank_in_kind__lte=limit).values("pk")
        return self.filter(pk__in=chosen).newest_first()

    def for_detail(self):
        status_history = StatusChange.objects.select_related("citation__source")
        return (
            self.select_related("funder", "recipient")
            .with_links()
            .with_parties()
            .prefetch_related(
                "organisations",
                Prefetch("status_history", queryset=status_history),
                public_citations(),
            )
        )

    def with_page_flags(self):
        """Each with ``disputed`` (some discrepancy has a version citing it) and
        ``has_linked_money`` (some published commitment adds to it or is counted in it):
        its page reads its discrepancies and its linked money only where there are some,
        a query each that most commitments, having neither, need not make."""
        linked = self.model._base_manager.filter(
            Q(adds_to=OuterRef("pk")) | Q(included_in=OuterRef("pk")),
            publication=Publication.PUBLISHED,
        )
        return self.annotate(
            disputed=disputed_row_by_row(self.model._meta.model_name),
            has_linked_money=Exists(linked),
        )

    def linked_to(self, funding: "Commitment"):
        """The money added to ``funding`` or already counted in it (one query for both:
        ``adds_to_id`` and ``included_in_id`` tell them apart)."""
        return self.filter(Q(adds_to=funding) | Q(included_in=funding)).newest_first()

    def for_export(self):
        """As the JSON API and the exports give it: with its parties, organisations, status
        history, sources and disagreements, in a fixed number of queries for any number."""
        status_history = StatusChange.objects.select_related("citation__source")
        return (
            self.for_listing()
            .with_links()
            .prefetch_related(
                "organisations",
                Prefetch("status_history", queryset=status_history),
                public_citations(),
                *disputed_citations(),
            )
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

    # Newest first, undated last: the one definition the lists, search and the API use.
    NEWEST_FIRST = (F("announced_on").desc(nulls_last=True), "title", "pk")

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)

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

    def clean(self) -> None:
        for field in ("adds_to", "included_in"):
            linked_id = getattr(self, f"{field}_id")
            if linked_id is not None and linked_id == self.pk:
                raise ValidationError({field: "A commitment cannot refer to itself."})
