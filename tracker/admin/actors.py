"""People with their roles, organisations and events."""

from django.contrib import admin
from django.utils import timezone

from tracker.models import Event, Organisation, Person, Role

from .base import ModelAdmin, TabularInline
from .filters import CountryFilter


@admin.register(Organisation)
class OrganisationAdmin(ModelAdmin):
    list_display = ("name", "abbreviation", "country")
    list_filter = (("country", CountryFilter),)
    list_select_related = ("country",)
    search_fields = ("name", "abbreviation", "slug")
    autocomplete_fields = ("country",)
    prepopulated_fields = {"slug": ("name",)}


class RoleInline(TabularInline):
    model = Role
    fields = (
        "title",
        "organisation",
        "country",
        "started_on",
        "ended_on",
        "citation",
        "background_reference",
    )
    autocomplete_fields = ("organisation", "country")
    raw_id_fields = ("citation",)
    extra = 1


@admin.register(Person)
class PersonAdmin(ModelAdmin):
    list_display = ("name", "honorific", "country", "current_role")
    list_filter = (("country", CountryFilter),)
    list_select_related = ("country",)
    search_fields = ("name", "slug", "roles__title")
    autocomplete_fields = ("country",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (RoleInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description="role today")
    def current_role(self, person: Person) -> str:
        role = person.role_on(timezone.localdate())
        return role.title if role else ""


@admin.register(Role)
class RoleAdmin(ModelAdmin):
    list_display = ("person", "title", "organisation", "country", "started_on", "ended_on")
    list_filter = ("title", ("country", CountryFilter))
    list_select_related = ("person", "organisation", "country")
    search_fields = ("title", "person__name", "organisation__name")
    autocomplete_fields = ("person", "organisation", "country")
    date_hierarchy = "started_on"


@admin.register(Event)
class EventAdmin(ModelAdmin):
    list_display = ("name", "location", "country", "starts_on", "ends_on")
    list_filter = (("country", CountryFilter),)
    list_select_related = ("country",)
    search_fields = ("name", "location", "slug")
    autocomplete_fields = ("country",)
    prepopulated_fields = {"slug": ("name",)}
    date_hierarchy = "starts_on"
    fields = (
        "name",
        "slug",
        ("location", "country"),
        ("starts_on", "ends_on", "starts_on_precision"),
        "description",
    )
