"""List filters that offer only what the records use."""

from django.contrib import admin

from tracker.models import CITATION_TARGETS


class CountryFilter(admin.RelatedOnlyFieldListFilter):
    """The countries the listed records name, and those that name none."""

    def __init__(self, field, request, params, model, model_admin, field_path) -> None:
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = "country"
        self.empty_value_display = "No country"


class PublisherFilter(admin.AllValuesFieldListFilter):
    """The publishers the articles name, and “(no publisher)” for those that name none
    (stored as an empty publisher, which Django offers as an empty, invisible link)."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice = {**choice, "display": "(no publisher)"}
            yield choice


class CitedRecordFilter(admin.SimpleListFilter):
    title = "cites"
    parameter_name = "cites"

    def lookups(self, request, model_admin):
        return [(target, target) for target in CITATION_TARGETS]

    def queryset(self, request, queryset):
        if self.value() in CITATION_TARGETS:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset
