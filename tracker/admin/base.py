"""The admin classes every page here builds on."""

from django.contrib import admin
from django.contrib.admin.widgets import AdminTextInputWidget, AutocompleteMixin
from django.db import models

from .busy import BusyDatabaseMixin
from .concurrency import ConcurrentEditsMixin
from .editors import EditorsOnlyMixin
from .history import HistoryAdmin


class RoomyFieldsMixin:
    """Inputs wide enough for headlines, titles and article names.

    Widths come from classes and select2 options, not style attributes,
    which the Content-Security-Policy blocks.
    """

    autocomplete_width = "30em"
    widen_text_inputs = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        widget = getattr(widget, "widget", widget)  # inside RelatedFieldWidgetWrapper
        if isinstance(widget, AutocompleteMixin):
            widget.attrs.setdefault("data-width", self.autocomplete_width)
        elif (
            self.widen_text_inputs
            and isinstance(widget, AdminTextInputWidget)
            and isinstance(db_field, models.CharField)
            and (db_field.max_length or 0) >= 200
        ):
            widget.attrs["class"] = "vLargeTextField"
        return formfield


class ModelAdmin(
    EditorsOnlyMixin, RoomyFieldsMixin, BusyDatabaseMixin, ConcurrentEditsMixin, HistoryAdmin
):
    """Editors only; every change kept in the history, revertible; no edit silently lost
    (not to another editor's save, nor to a database busy with an import)."""


class TabularInline(RoomyFieldsMixin, admin.TabularInline):
    # A row shares the width with its neighbours.
    autocomplete_width = "18em"
    widen_text_inputs = False
