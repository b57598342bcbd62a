"""What the sources report people said, and the numbers they state."""

import datetime

from django.db import models
from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Value,
    When,
)

from tracker.currencies import ISO_4217_CODES
from tracker.history import HistoricalRecords

from .actors import Event, Organisation, Person, Role
from .addresses import detail_url
from .announcements import Announcement
from .evidence import EvidenceQuerySet, disputed_citations, public_citations
from .freshness import NOT_IN_HISTORY, search_vector_field
from .places import Country
from .publishing import (
    Publication,
    PublishableRecord,
    date_fits_precision,
    precision_field,
    published_by_index,
    published_range_index,
    published_sort_index,
)


class QuoteQuerySet(EvidenceQuerySet):
    def for_listing(self):
        return self.select_related("speaker", "event").prefetch_related("speaker__roles")

    def about_in_row_order(self, country: Country):
        """The published quotes about ``country``, joined to their row of it
        (``country_row``: ``country_rows.QuoteCountry``), whose copy of the sort keys orders
        them (filters.py's QUOTE_COUNTRY_SORTS), as ``Announcement.objects``' does."""
        row = FilteredRelation("country_rows", condition=Q(country_rows__country=country))
        return self.annotate(country_row=row).filter(country_row__quote_published=True)

    def for_items(self):
        """As a page's list items draw them (``record_items``): the words and date, the
        speaker (name, page, roles), the event's name and the evidence."""
        return (
            self.only(
                "slug",
                "text",
                "said_on",
                "said_on_precision",
                "speaker__name",
                "speaker__slug",
                "event__name",
            )
            .select_related("speaker", "event")
            .prefetch_related("speaker__roles")
            .with_evidence()
        )

    def for_detail(self):
        return self.select_related("speaker", "event", "announcement").prefetch_related(
            "speaker__roles__organisation", "countries", public_citations()
        )

    def for_export(self):
        """As the JSON API and the exports give it: with its sources and disagreements."""
        return self.for_detail().prefetch_related(*disputed_citations())

    def said_for(self, organisation: Organisation):
        """Quotes whose speaker held a role in the organisation on the day they were said."""
        said_on = OuterRef("said_on")
        roles = Role.objects.filter(person=OuterRef("speaker"), organisation=organisation).filter(
            Q(started_on__isnull=True) | Q(started_on__lte=said_on),
            Q(ended_on__isnull=True) | Q(ended_on__gt=said_on),
        )
        return self.filter(Exists(roles))


class Quote(PublishableRecord):
    """Words someone said. One quote however many articles report it.

    ``text`` holds the fullest extent any source gives; each citation keeps
    the exact words of its own article.
    """

    text = models.TextField()
    speaker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="quotes")
    said_on = models.DateField(null=True, blank=True)
    said_on_precision = precision_field("precision of the date said")
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="quotes"
    )
    context = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where and how it was said, e.g. “ahead of the meeting”.",
    )
    announcement = models.ForeignKey(
        Announcement, on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes"
    )
    countries = models.ManyToManyField(Country, blank=True, related_name="quotes")

    search_vector = search_vector_field()

    # Newest first, undated last: the one definition the lists, search and the API use.
    NEWEST_FIRST = (F("said_on").desc(nulls_last=True), "speaker__name", "pk")

    objects = QuoteQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)

    class Meta:
        ordering = ["-said_on", "speaker__name"]
        indexes = [
            published_sort_index("quote_newest_idx", "said_on", "id"),
            published_range_index("quote_date_pub_idx", "said_on"),
            published_by_index("quote_speaker_pub_idx", "speaker"),
            published_by_index("quote_event_pub_idx", "event"),
        ]
        constraints = [date_fits_precision("quote", "said_on", "Said on")]

    def __str__(self) -> str:
        words = self.text if len(self.text) <= 80 else self.text[:77].rstrip() + "…"
        return f"{self.speaker}: “{words}”"

    def get_absolute_url(self) -> str:
        return detail_url("quote-detail", self.slug)

    @property
    def speaker_role(self):
        """The speaker's role on the day the words were said."""
        return self.speaker.role_on(self.said_on)


class FigureQualifier(models.TextChoices):
    EXACT = "exact", "Exactly"
    ABOUT = "about", "About"
    ALMOST = "almost", "Almost"
    MORE_THAN = "more_than", "More than"
    UP_TO = "up_to", "Up to"


# A period still running ("this year, so far": a start and no end) is the latest; one
# with neither start nor end comes last.
LATEST_PERIOD_FIRST = (
    Case(
        When(period_end__isnull=True, period_start__isnull=False, then=Value(datetime.date.max)),
        default=F("period_end"),
        output_field=DateField(),
    ).desc(nulls_last=True),
    "label",
    "pk",
)


class FigureQuerySet(EvidenceQuerySet):
    def for_listing(self):
        return self.prefetch_related("countries")

    def for_index(self):
        """The figures index's rows: their countries, and their sources counted."""
        return self.for_listing().with_evidence()

    def for_items(self):
        """As a page's list items draw them (``record_items``): the value with its
        qualifier and unit, the label and period, and the evidence (not the countries)."""
        return self.only(
            "slug", "label", "value", "unit", "currency", "qualifier", "period_label"
        ).with_evidence()

    def in_announcements_naming(self, organisation: Organisation):
        """Figures stated in a published announcement that names the organisation."""
        return self.filter(
            announcement__organisations=organisation,
            announcement__publication=Publication.PUBLISHED,
        )

    def for_detail(self):
        return self.select_related("announcement").prefetch_related("countries", public_citations())

    def for_export(self):
        """As the JSON API and the exports give it: with its sources and disagreements."""
        return self.for_detail().prefetch_related(*disputed_citations())


class Figure(PublishableRecord):
    """A number the sources state, with its unit and the period it covers."""

    label = models.CharField(max_length=300, help_text="What is counted, in a phrase.")
    value = models.DecimalField(max_digits=20, decimal_places=4)
    unit = models.CharField(
        max_length=60, help_text="e.g. people, percent, years; for money use the currency."
    )
    currency = models.CharField(
        max_length=3,
        blank=True,
        choices=[(code, code) for code in ISO_4217_CODES],
        help_text="Set only when the figure is an amount of money.",
    )
    qualifier = models.CharField(
        max_length=10, choices=FigureQualifier, default=FigureQualifier.EXACT
    )
    period_label = models.CharField(max_length=100, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    countries = models.ManyToManyField(Country, blank=True, related_name="figures")
    announcement = models.ForeignKey(
        Announcement, on_delete=models.SET_NULL, null=True, blank=True, related_name="figures"
    )

    search_vector = search_vector_field()

    # Newest first, undated last: the one definition the lists, search and the API use.
    NEWEST_FIRST = LATEST_PERIOD_FIRST

    objects = FigureQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)

    class Meta:
        ordering = ["label"]
        indexes = [published_sort_index("figure_newest_idx", LATEST_PERIOD_FIRST[0], "label", "id")]
        constraints = [
            models.CheckConstraint(
                condition=Q(currency="") | Q(currency__in=ISO_4217_CODES),
                name="figure_currency_iso_4217",
                violation_error_message="The currency must be an ISO 4217 code, such as GBP.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="figure_period_ends_after_it_starts",
                violation_error_message="The period cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return detail_url("figure-detail", self.slug)
