"""Countries, which migrations own: editors look them up but never add or remove one."""

from django.contrib import admin

from tracker.models import Country

from .base import ModelAdmin


@admin.register(Country)
class CountryAdmin(ModelAdmin):
    list_display = ("name", "code", "region", "slug")
    list_filter = ("region",)
    search_fields = ("name", "code", "slug")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
