"""Announcements and commitments: all kinds together, and one page per kind."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.forms.models import BaseInlineFormSet

from tracker.models import (
    COMMITMENT_PROXIES,
    Announcement,
    Citation,
    Commitment,
    CommitmentParty,
    FundingCommitment,
    Partnership,
    Pledge,
    StatusChange,
)

from .base import ModelAdmin, TabularInline
from .citations import SMALL_TEXTAREA, CitationInline
from .display import format_amount, shorten
from .filters import CountryFilter
from .imports import ImportExportAdmin
from .publishing import PublishableAdmin

KIND_OF_ADMIN_MODEL = {model: kind for kind, model in COMMITMENT_PROXIES.items()}


class AnnouncementCitationInline(CitationInline):
    fk_name = "announcement"


class AnnouncedCommitmentInline(TabularInline):
    """The commitments made in an announcement; each is edited on its own page."""

    model = Commitment
    fk_name = "announcement"
    fields = ("title", "kind", "status", "publication")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "commitments made in this announcement"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Announcement)
class AnnouncementAdmin(PublishableAdmin):
    list_display = (
        "title",
        "announced_on",
        "speaker",
        "event",
        "publication",
        "commitment_count",
        "citation_count",
    )
    list_filter = ("publication", ("countries", CountryFilter))
    list_select_related = ("speaker", "event")
    search_fields = ("title", "summary", "slug")
    autocomplete_fields = ("speaker", "event", "countries", "organisations")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "announced_on"
    fields = (
        "title",
        "slug",
        "summary",
        ("announced_on", "announced_on_precision"),
        ("speaker", "event"),
        "countries",
        "organisations",
        "publication",
    )
    inlines = (AnnouncementCitationInline, AnnouncedCommitmentInline)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(commitment_count=Count("commitments", distinct=True))
        )

    @admin.display(description="commitments", ordering="commitment_count")
    def commitment_count(self, announcement: Announcement) -> int:
        return announcement.commitment_count


class CommitmentPartyInline(TabularInline):
    model = CommitmentParty
    fields = ("country", "role")
    autocomplete_fields = ("country",)
    extra = 1

    def get_queryset(self, request):
        # Each row is titled by its party, which names its country.
        return super().get_queryset(request).with_country()


class StatusHistoryFormSet(BaseInlineFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        # Only this commitment's citations can support its status; a short
        # list to pick from beats searching every citation in the tracker.
        citation = form.fields["citation"]
        citation.queryset = (
            Citation.objects.filter(commitment=self.instance).select_related("source")
            if self.instance.pk
            else Citation.objects.none()
        )
        citation.label_from_instance = lambda c: (
            f"“{shorten(c.excerpt, 7)}” ({shorten(c.source.headline, 4)})"
        )
        citation.help_text = "One of this commitment’s saved citations."


class StatusChangeInline(TabularInline):
    model = StatusChange
    formset = StatusHistoryFormSet
    fields = ("changed_on", "changed_on_precision", "status", "reason", "citation")
    formfield_overrides = SMALL_TEXTAREA
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "citation":
            # Citations are added in the citations above, not from here.
            wrapper = formfield.widget
            wrapper.can_add_related = wrapper.can_change_related = False
            wrapper.can_delete_related = False
        return formfield


class CommitmentCitationInline(CitationInline):
    fk_name = "commitment"


class OneKindForm(forms.ModelForm):
    """The form of one kind's page: the kind is fixed, but stays in the form.

    A field left out of a form is left out of validation too, and the
    database checks of each kind depend on it.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        kind.disabled = True
        kind.widget = forms.HiddenInput()
        self.initial["kind"] = KIND_OF_ADMIN_MODEL[self._meta.model]


OVERVIEW = (
    "title",
    "slug",
    "summary",
    ("announcement", "announced_on", "announced_on_precision"),
    "organisations",
)
PARTNERSHIP = ("focus", ("novelty", "signed_on", "signed_on_precision"))
FUNDING = (
    ("amount_minor", "currency", "amount"),
    "funding_type",
    ("funder", "recipient"),
    ("period_start", "period_start_precision", "period_end", "period_end_precision"),
    "period_label",
    "purpose",
    ("adds_to", "included_in"),
)
STATE = (("publication", "status"),)


@admin.register(Commitment)
class CommitmentAdmin(ImportExportAdmin, PublishableAdmin):
    """All commitments, whatever their kind."""

    list_display = (
        "title",
        "kind",
        "status",
        "amount",
        "parties_list",
        "announced_on",
        "publication",
        "citation_count",
    )
    list_filter = (
        "publication",
        "kind",
        "status",
        ("parties__country", CountryFilter),
    )
    search_fields = ("title", "summary", "slug", "focus", "purpose")
    autocomplete_fields = (
        "announcement",
        "organisations",
        "funder",
        "recipient",
        "adds_to",
        "included_in",
    )
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("status", "amount")
    date_hierarchy = "announced_on"
    save_on_top = True
    fieldsets = (
        (None, {"fields": ("kind", *OVERVIEW)}),
        ("Partnership", {"fields": PARTNERSHIP, "description": "For partnerships only."}),
        ("Funding", {"fields": FUNDING, "description": "For funding commitments only."}),
        ("Publication and status", {"fields": STATE}),
    )
    inlines = (CommitmentPartyInline, CommitmentCitationInline, StatusChangeInline)

    def get_queryset(self, request):
        return super().get_queryset(request).with_parties()

    @admin.display(description="amount", ordering="amount_minor")
    def amount(self, commitment: Commitment) -> str:
        return format_amount(commitment.amount_minor, commitment.currency)

    @admin.display(description="countries")
    def parties_list(self, commitment: Commitment) -> str:
        return ", ".join(party.country.name for party in commitment.parties.all())


class OneKindAdmin(CommitmentAdmin):
    """The page of one kind of commitment, showing that kind's fields only."""

    form = OneKindForm
    kind_fields: tuple = ()
    kind_title = ""

    def get_fieldsets(self, request, obj=None):
        kind_section = [(self.kind_title, {"fields": self.kind_fields})] if self.kind_fields else []
        return (
            (None, {"fields": ("kind", *OVERVIEW)}),
            *kind_section,
            ("Publication and status", {"fields": STATE}),
        )


@admin.register(Partnership)
class PartnershipAdmin(OneKindAdmin):
    kind_title = "Partnership"
    kind_fields = PARTNERSHIP
    list_display = (
        "title",
        "parties_list",
        "focus",
        "novelty",
        "signed_on",
        "status",
        "publication",
        "citation_count",
    )
    list_filter = (
        "publication",
        "status",
        "novelty",
        ("parties__country", CountryFilter),
    )
    autocomplete_fields = ("announcement", "organisations")


@admin.register(FundingCommitment)
class FundingCommitmentAdmin(OneKindAdmin):
    kind_title = "Funding"
    kind_fields = FUNDING
    list_display = (
        "title",
        "amount",
        "funding_type",
        "funder",
        "recipient",
        "period_label",
        "status",
        "publication",
        "citation_count",
    )
    list_filter = (
        "publication",
        "status",
        "funding_type",
        ("currency", admin.AllValuesFieldListFilter),
        ("parties__country", CountryFilter),
    )
    list_select_related = ("funder", "recipient")


@admin.register(Pledge)
class PledgeAdmin(OneKindAdmin):
    list_display = (
        "title",
        "announcement",
        "parties_list",
        "status",
        "announced_on",
        "publication",
        "citation_count",
    )
    list_filter = (
        "publication",
        "status",
        ("parties__country", CountryFilter),
    )
    list_select_related = ("announcement",)
    autocomplete_fields = ("announcement", "organisations")


@admin.register(CommitmentParty)
class CommitmentPartyAdmin(ModelAdmin):
    list_display = ("commitment", "country", "role")
    list_filter = ("role", ("country", CountryFilter))
    search_fields = ("commitment__title", "country__name")
    autocomplete_fields = ("commitment", "country")
    list_select_related = ("commitment", "country")


@admin.register(StatusChange)
class StatusChangeAdmin(ModelAdmin):
    list_display = ("commitment", "status", "changed_on", "short_reason", "citation")
    list_filter = ("status",)
    list_select_related = ("commitment", "citation__source")
    search_fields = ("commitment__title", "reason")
    autocomplete_fields = ("commitment", "citation")
    date_hierarchy = "changed_on"

    @admin.display(description="reason")
    def short_reason(self, change: StatusChange) -> str:
        return shorten(change.reason)
