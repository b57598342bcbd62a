"""Where sources disagree, each source's version, and the editor's resolution."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html_join

from tracker.models import Citation, Discrepancy, DiscrepancyVersion

from .base import ModelAdmin, TabularInline
from .display import admin_link, record_kind, shorten


class VersionFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        # Each form checks the database; two rows ticked in one submission
        # would only meet there, as an IntegrityError.
        accepted = [
            form
            for form in self.forms
            if form.is_valid()
            and not self._should_delete_form(form)
            and form.cleaned_data.get("is_accepted")
        ]
        if len(accepted) > 1:
            raise ValidationError(
                "Only one version can be the accepted one.", code="one_accepted_version"
            )


class DiscrepancyVersionInline(TabularInline):
    model = DiscrepancyVersion
    formset = VersionFormSet
    fields = ("citation", "cited_words", "stated_value", "is_accepted")
    readonly_fields = ("cited_words",)
    autocomplete_fields = ("citation",)
    extra = 2

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("citation__source")

    @admin.display(description="the article’s words")
    def cited_words(self, version: DiscrepancyVersion) -> str:
        return shorten(version.citation.excerpt, 25) if version.citation_id else ""


@admin.register(Discrepancy)
class DiscrepancyAdmin(ModelAdmin):
    list_display = ("subject", "aspect", "status", "version_count", "updated_at")
    list_filter = ("status", "aspect")
    search_fields = ("subject", "resolution", "slug")
    prepopulated_fields = {"slug": ("subject",)}
    date_hierarchy = "created_at"
    fields = ("subject", "slug", "about", "aspect", "status", "resolution")
    readonly_fields = ("about",)
    inlines = (DiscrepancyVersionInline,)

    @admin.display(description="about")
    def about(self, discrepancy: Discrepancy) -> str:
        """The records the versions' citations support; usually one."""
        if discrepancy.pk is None:
            return "The record the versions’ citations support."
        citations = Citation.objects.filter(versions__discrepancy=discrepancy).with_targets()
        records = sorted({citation.target for citation in citations}, key=str)
        links = format_html_join(", ", "{} {}", ((record_kind(r), admin_link(r)) for r in records))
        return links or "Add versions to say which record this is about."

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(version_count=Count("versions"))

    @admin.display(description="versions", ordering="version_count")
    def version_count(self, discrepancy: Discrepancy) -> int:
        return discrepancy.version_count


@admin.register(DiscrepancyVersion)
class DiscrepancyVersionAdmin(ModelAdmin):
    list_display = ("stated_value", "discrepancy", "source", "is_accepted")
    list_filter = ("is_accepted", "discrepancy__status")
    list_select_related = ("discrepancy", "citation__source")
    search_fields = ("stated_value", "discrepancy__subject", "citation__source__headline")
    autocomplete_fields = ("discrepancy", "citation")

    @admin.display(description="source", ordering="citation__source__headline")
    def source(self, version: DiscrepancyVersion) -> str:
        return str(version.citation.source)
