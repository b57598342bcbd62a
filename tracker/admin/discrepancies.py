"""Where sources disagree, each source's version, and the editor's resolution."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet

from tracker.models import Discrepancy, DiscrepancyVersion


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


class DiscrepancyVersionInline(admin.TabularInline):
    model = DiscrepancyVersion
    formset = VersionFormSet
    fields = ("citation", "stated_value", "is_accepted")
    autocomplete_fields = ("citation",)
    extra = 2


@admin.register(Discrepancy)
class DiscrepancyAdmin(admin.ModelAdmin):
    list_display = ("subject", "aspect", "status", "version_count", "updated_at")
    list_filter = ("status", "aspect")
    search_fields = ("subject", "resolution", "slug")
    prepopulated_fields = {"slug": ("subject",)}
    date_hierarchy = "created_at"
    fields = ("subject", "slug", "aspect", "status", "resolution")
    inlines = (DiscrepancyVersionInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(version_count=Count("versions"))

    @admin.display(description="versions", ordering="version_count")
    def version_count(self, discrepancy: Discrepancy) -> int:
        return discrepancy.version_count


@admin.register(DiscrepancyVersion)
class DiscrepancyVersionAdmin(admin.ModelAdmin):
    list_display = ("stated_value", "discrepancy", "source", "is_accepted")
    list_filter = ("is_accepted", "discrepancy__status")
    list_select_related = ("discrepancy", "citation__source")
    search_fields = ("stated_value", "discrepancy__subject", "citation__source__headline")
    autocomplete_fields = ("discrepancy", "citation")

    @admin.display(description="source", ordering="citation__source__headline")
    def source(self, version: DiscrepancyVersion) -> str:
        return str(version.citation.source)
