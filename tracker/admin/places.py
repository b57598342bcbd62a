"""Countries, which migrations own: editors look them up but never add or remove one."""

from django.contrib import admin

from tracker.models import Country

from .base import ModelAdmin
from .editors import ReadOnlyMixin


@admin.register(Country)
class CountryAdmin(ReadOnlyMixin, ModelAdmin):
    list_display = ("name", "code", "region", "slug")
    list_filter = ("region",)
    search_fields = ("name", "code", "slug")
