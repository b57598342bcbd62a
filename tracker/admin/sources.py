"""Source articles, and the citations that tie records to their words."""

import re

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import UniqueConstraint
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from tracker import excerpts
from tracker.models import (
    CITATION_TARGETS,
    CITATION_TARGETS_AS_SHOWN,
    Citation,
    Publication,
    SourceArticle,
)

from .base import ModelAdmin, TabularInline
from .display import admin_link, record_kind, shorten
from .filters import CitedRecordFilter
from .imports import ImportExportAdmin
from .publishing import PublishableAdmin

SMALL_TEXTAREA = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}}


class CitationForm(forms.ModelForm):
    def validate_constraints(self):
        super().validate_constraints()
        # Django skips constraints on fields the form does not show; the
        # offsets are not shown, but clean() has found them by now, and a
        # duplicate would otherwise reach the database as an IntegrityError.
        if self.instance.start is None or self.instance.end is None:
            return
        for constraint in Citation._meta.constraints:
            if isinstance(constraint, UniqueConstraint) and "start" in constraint.fields:
                try:
                    constraint.validate(Citation, self.instance)
                except ValidationError as error:
                    self.add_error("excerpt", error)


class CitationFormSet(BaseInlineFormSet):
    """Citations of one record: no excerpt twice, and at least one once published."""

    def clean(self) -> None:
        super().clean()
        if any(form.errors and not self._should_delete_form(form) for form in self.forms):
            return  # each row's own error first
        kept = [
            form
            for form in self.forms
            if form.is_valid()
            and not self._should_delete_form(form)
            and (form.instance.pk is not None or form.has_changed())
        ]
        places = [(f.instance.source_id, f.instance.start, f.instance.end) for f in kept]
        if len(set(places)) < len(places):
            raise ValidationError(
                "The same excerpt of the same article is cited twice; remove one of them.",
                code="duplicate_citation",
            )
        if getattr(self.instance, "publication", None) != Publication.PUBLISHED:
            return
        if not kept:
            raise ValidationError(
                "A published record cites at least one source article. "
                "Add a citation, or keep the record as a draft.",
                code="published_without_citation",
            )
        if all(form.instance.source.publication != Publication.PUBLISHED for form in kept):
            raise ValidationError(
                "Every article this record cites is still a draft, so the public would see "
                "it without its source. Publish an article it cites first, or keep the "
                "record as a draft.",
                code="published_with_draft_sources",
            )


class CitationInline(TabularInline):
    """The citations of one record; subclasses name the record's field in ``fk_name``."""

    model = Citation
    form = CitationForm
    formset = CitationFormSet
    fields = ("source", "excerpt", "start", "end")
    readonly_fields = ("start", "end")
    autocomplete_fields = ("source",)
    formfield_overrides = SMALL_TEXTAREA
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


# Markup that a page's text never holds: pasted HTML, whose tags and entities would be cited.
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|h[1-6]|article|html|body|section)\b[^>]*>", re.I)


class SourceArticleForm(forms.ModelForm):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}),
        strip=False,
        help_text=SourceArticle._meta.get_field("text").help_text,
    )

    def clean_text(self) -> str:
        # Browsers send line breaks as CRLF; keeping them would move every
        # offset after the first line break each time the article is saved.
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        if text != self.instance.text and _HTML_TAG.search(text):
            raise ValidationError(
                "This text holds HTML tags (a page's source, not its text). Add the article "
                "from its web page instead: give its address or paste the HTML there, and "
                "its text is extracted for you.",
                code="html_in_text",
            )
        if self.instance.pk is None or text == self.instance.text:
            return text
        lost = [
            citation
            for citation in self.instance.citations.all()
            if excerpts.locate(citation.excerpt, text) is None
        ]
        if lost:
            quoted = "; ".join(f"“{shorten(citation.excerpt)}”" for citation in lost)
            raise ValidationError(
                f"The new text no longer contains what these citations quote: {quoted}. "
                "Change or remove those citations first.",
                code="cited_excerpt_lost",
            )
        return text


@admin.register(SourceArticle)
class SourceArticleAdmin(ImportExportAdmin, PublishableAdmin):
    form = SourceArticleForm
    publishing_needs_a_citation = False
    list_display = ("headline", "publisher", "published_on", "publication", "citation_count")
    list_filter = ("publication", "publisher")
    search_fields = ("headline", "publisher", "slug", "url")
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ("headline",)}
    readonly_fields = ("added_at", "cited_by", "intake_assistant")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("headline", "headline_supplied"),
                    "slug",
                    "publisher",
                    "url",
                    ("published_on", "published_on_precision"),
                    "publication",
                )
            },
        ),
        ("Text as received", {"fields": ("text", "intake_assistant")}),
        ("Notes", {"fields": ("editor_notes", "added_at")}),
        (
            "Citations of this article",
            {
                "fields": ("cited_by",),
                "description": "Citations are edited on the records they support.",
            },
        ),
    )

    @admin.display(description="cited by")
    def cited_by(self, article: SourceArticle) -> str:
        if article.pk is None:
            return "Nothing yet."
        citations = article.citations.with_targets().order_by("start")
        rows = format_html_join(
            "",
            "<tr><td>{}–{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (c.start, c.end, c.excerpt, record_kind(c.target), admin_link(c.target))
                for c in citations
            ),
        )
        if not rows:
            return "Nothing cites this article yet."
        return format_html(
            "<table><thead><tr><th>Characters</th><th>Excerpt</th><th>Kind</th>"
            "<th>Record</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    def get_urls(self):
        from tracker.admin.intake import IntakeViews  # it builds on this module's admin

        return IntakeViews(self).urls() + super().get_urls()

    @admin.display(description="intake assistant")
    def intake_assistant(self, article: SourceArticle) -> str:
        if article.pk is None:
            return format_html(
                "Save the article: the intake assistant then lists what its text mentions. "
                'Or <a href="{}">add it from a web page</a>: its text, headline, publisher and '
                "date are read for you.",
                reverse("admin:tracker_sourcearticle_from_page"),
            )
        url = reverse("admin:tracker_sourcearticle_intake", args=[article.pk])
        return format_html(
            '<a class="intake-link" href="{}">Open the intake assistant</a>: the quotes, '
            "amounts, figures, countries, dates, people and organisations this text mentions, "
            "to record them as drafts that already cite it.",
            url,
        )

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and form.initial.get("text") != obj.text:
            for citation in obj.citations.all():
                citation.source = obj
                citation.save()  # finds the excerpt's new offsets


@admin.register(Citation)
class CitationAdmin(ImportExportAdmin, ModelAdmin):
    form = CitationForm
    list_display = ("short_excerpt", "source", "cited_record", "start", "end")
    list_filter = (CitedRecordFilter, ("source", admin.RelatedOnlyFieldListFilter))
    search_fields = ("excerpt", "source__headline", "source__publisher")
    list_select_related = ("source", *CITATION_TARGETS_AS_SHOWN)
    autocomplete_fields = ("source", *CITATION_TARGETS)
    fields = ("source", *CITATION_TARGETS, "excerpt", "start", "end")
    readonly_fields = ("start", "end")

    @admin.display(description="excerpt", ordering="excerpt")
    def short_excerpt(self, citation: Citation) -> str:
        return f"“{shorten(citation.excerpt)}”"

    @admin.display(description="cites")
    def cited_record(self, citation: Citation) -> str:
        return admin_link(citation.target)
