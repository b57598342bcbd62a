"""The editors' workspace: one module per concept, as in tracker.models."""

from django.contrib import admin

from . import (
    actors,
    alerts,
    citations,
    commitments,
    discrepancies,
    places,
    sources,
    statements,
)

admin.site.site_header = "Policy Tracker — editors"
admin.site.site_title = "Policy Tracker editors"
admin.site.index_title = "Records and their sources"
# The lists have many columns; they need the width more than a second menu.
admin.site.enable_nav_sidebar = False

__all__ = [
    "actors",
    "alerts",
    "citations",
    "commitments",
    "discrepancies",
    "places",
    "sources",
    "statements",
]
