"""Quotes and figures: what people said and the numbers the sources state."""

from babel.numbers import format_decimal
from django.contrib import admin

from tracker.models import Figure, FigureQualifier, Quote

from .citations import CitationInline
from .display import format_money, shorten
from .filters import CountryFilter
from .imports import ImportExportAdmin
from .publishing import PublishableAdmin


class QuoteCitationInline(CitationInline):
    fk_name = "quote"


@admin.register(Quote)
class QuoteAdmin(ImportExportAdmin, PublishableAdmin):
    list_display = (
        "short_text",
        "speaker",
        "speaker_role_then",
        "said_on",
        "event",
        "publication",
        "citation_count",
    )
    list_filter = (
        "publication",
        ("speaker", admin.RelatedOnlyFieldListFilter),
        ("countries", CountryFilter),
    )
    list_select_related = ("speaker", "event")
    search_fields = ("text", "speaker__name", "context", "slug")
    autocomplete_fields = ("speaker", "event", "announcement", "countries")
    prepopulated_fields = {"slug": ("text",)}
    date_hierarchy = "said_on"
    fields = (
        "text",
        "slug",
        ("speaker", "said_on", "said_on_precision"),
        ("event", "context"),
        "announcement",
        "countries",
        "publication",
    )
    inlines = (QuoteCitationInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("speaker__roles")

    @admin.display(description="quote", ordering="text")
    def short_text(self, quote: Quote) -> str:
        return f"“{shorten(quote.text)}”"

    @admin.display(description="speaker’s role then")
    def speaker_role_then(self, quote: Quote) -> str:
        role = quote.speaker_role
        return role.title if role else ""


class FigureCitationInline(CitationInline):
    fk_name = "figure"


@admin.register(Figure)
class FigureAdmin(ImportExportAdmin, PublishableAdmin):
    list_display = ("label", "stated", "period_label", "publication", "citation_count")
    list_filter = ("publication", "qualifier", ("countries", CountryFilter))
    search_fields = ("label", "note", "slug")
    autocomplete_fields = ("countries", "announcement")
    prepopulated_fields = {"slug": ("label",)}
    date_hierarchy = "period_start"
    fields = (
        "label",
        "slug",
        ("qualifier", "value", "unit", "currency"),
        ("period_start", "period_end", "period_label"),
        "countries",
        "announcement",
        "note",
        "publication",
    )
    inlines = (FigureCitationInline,)

    @admin.display(description="figure", ordering="value")
    def stated(self, figure: Figure) -> str:
        """As a sentence would put it: “almost 1,000 people”."""
        if figure.currency:
            number = format_money(figure.value, figure.currency)
        else:
            number = f"{format_decimal(figure.value, locale='en_GB')} {figure.unit}"
        if figure.qualifier == FigureQualifier.EXACT:
            return number
        return f"{figure.get_qualifier_display().lower()} {number}"
