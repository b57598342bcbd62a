"""Announcements: what a government said it would do, when, by whom and where."""

from django.db import models
from django.db.models import F, FilteredRelation, OuterRef, Q

from tracker.history import HistoricalRecords

from .actors import Event, Organisation, Person, published_count
from .addresses import detail_url
from .evidence import EvidenceQuerySet, disputed_citations, public_citations
from .freshness import NOT_IN_HISTORY, search_vector_field
from .places import Country
from .publishing import (
    PublishableRecord,
    date_fits_precision,
    precision_field,
    published_by_index,
    published_sort_index,
)


class AnnouncementQuerySet(EvidenceQuerySet):
    def for_listing(self):
        return self.select_related("speaker", "event").prefetch_related("countries").with_evidence()

    def for_items(self):
        """As a page's list items draw them (``record_items``): the columns they show, the
        speaker's and event's names, the countries and the evidence."""
        return (
            self.only(
                "slug",
                "title",
                "summary",
                "announced_on",
                "announced_on_precision",
                "speaker__name",
                "event__name",
            )
            .select_related("speaker", "event")
            .prefetch_related("countries")
            .with_evidence()
        )

    def with_commitment_count(self):
        """Each with ``commitment_count``, the published commitments made in it, counted in
        the same query."""
        made_in = Q(announcement=OuterRef("pk"))
        return self.annotate(commitment_count=published_count(self.model, "commitments", made_in))

    def for_index(self):
        """The announcements index's rows: with the published commitments made in each
        counted in the same query."""
        return self.for_listing().with_commitment_count()

    def for_index_page(self):
        """The announcements index page's rows: what a row draws (the title, date,
        speaker's and event's names, countries and commitments counted:
        tracker/templatetags/index_rows.py) and no more. ``for_index()``, which the exports
        and the feed read, adds the evidence (two subqueries a row) and every column of the
        announcement, its speaker and its event (their texts and search vectors among them)."""
        return (
            self.only(
                "slug",
                "title",
                "announced_on",
                "announced_on_precision",
                "speaker__name",
                "speaker__slug",
                "event__name",
                "event__slug",
            )
            .select_related("speaker", "event")
            .prefetch_related("countries")
            .with_commitment_count()
        )

    def for_detail(self):
        return self.select_related("speaker", "event").prefetch_related(
            "countries", "organisations", public_citations()
        )

    def about_in_row_order(self, country: Country):
        """The published announcements about ``country``, joined to their row of it
        (``country_row``: ``country_rows.AnnouncementCountry``), whose copy of the sort keys
        orders them (index_filters' ANNOUNCEMENT_COUNTRY_SORTS): a page is read off the
        country's part of a sort index of those rows rather than found among every
        announcement in the sort's order."""
        row = FilteredRelation("country_rows", condition=Q(country_rows__country=country))
        return self.annotate(country_row=row).filter(country_row__announcement_published=True)

    def for_export(self):
        """As the JSON API and the exports give it: with its sources and disagreements."""
        return self.for_detail().prefetch_related("speaker__roles", *disputed_citations())


class Announcement(PublishableRecord):
    """Something a government announced, when, by whom and where."""

    title = models.CharField(max_length=300)
    summary = models.TextField()
    announced_on = models.DateField(null=True, blank=True)
    announced_on_precision = precision_field("precision of the announcement date")
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="announcements"
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="announcements"
    )
    countries = models.ManyToManyField(Country, blank=True, related_name="announcements")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="announcements")

    search_vector = search_vector_field()

    # Newest first, undated last: the one definition the lists, search and the API use.
    NEWEST_FIRST = (F("announced_on").desc(nulls_last=True), "title", "pk")

    objects = AnnouncementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)

    class Meta:
        ordering = ["-announced_on", "title"]
        indexes = [
            published_sort_index("announcement_latest_idx", "announced_on", "title", "id"),
            published_by_index("announcement_speaker_pub_idx", "speaker"),
            published_by_index("announcement_event_pub_idx", "event"),
        ]
        constraints = [date_fits_precision("announcement", "announced_on", "Announced on")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return detail_url("announcement-detail", self.slug)
