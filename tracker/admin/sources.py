"""Source articles: their text as received, and moving them between draft and published."""

import itertools
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from tracker import excerpts
from tracker.models import Publication, SourceArticle
from tracker.models.evidence import hold_records_citing, left_without_a_published_source

from .display import admin_link, named, record_kind, shorten
from .filters import PublisherFilter
from .imports import ImportExportAdmin
from .publishing import PublishableAdmin


def record_key(record) -> str:
    """A record as the unpublishing confirmation names it: its type and key."""
    return f"{record._meta.model_name}:{record.pk}"


# Markup that a page's text never holds: pasted HTML, whose tags and entities would be cited.
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|h[1-6]|article|html|body|section)\b[^>]*>", re.I)


class SourceArticleForm(forms.ModelForm):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}),
        strip=False,
        help_text=SourceArticle._meta.get_field("text").help_text,
    )
    # Shown (a checkbox) only when moving the article to draft would leave published
    # records without a published source: ticking it moves them to draft with it.
    draft_records_too = forms.BooleanField(
        required=False,
        widget=forms.HiddenInput,
        label="Move those records to draft too",
    )

    def clean(self):
        cleaned = super().clean()
        # The records that must go back to draft with the article, once confirmed.
        self.records_to_draft = []
        if self.instance.pk is not None and cleaned.get("publication") not in (
            None,
            self.instance.publication,
        ):
            hold_records_citing(SourceArticle.objects.filter(pk=self.instance.pk))
        unpublishing = (
            self.instance.pk is not None
            and self.instance.is_published  # as saved: the form's values are not in it yet
            and cleaned.get("publication") == Publication.DRAFT
        )
        if not unpublishing:
            return cleaned
        left = left_without_a_published_source(SourceArticle.objects.filter(pk=self.instance.pk))
        if not left:
            return cleaned
        self.fields["draft_records_too"].widget = forms.CheckboxInput()
        if cleaned.get("draft_records_too"):
            self.records_to_draft = left
        else:
            self.add_error(
                "publication",
                ValidationError(
                    "Moving this article back to draft would leave %(records)s without a "
                    "published source, and the public would see %(them)s with none. Tick "
                    "“Move those records to draft too” below to move %(them)s to draft with "
                    "the article, or keep the article published.",
                    code="leaves_records_unsourced",
                    params={"records": named(left), "them": "it" if len(left) == 1 else "them"},
                ),
            )
        return cleaned

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
    list_filter = ("publication", ("publisher", PublisherFilter))
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
                    "draft_records_too",
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

    def _publish(self, request, queryset):
        hold_records_citing(queryset.filter(publication=Publication.DRAFT))
        super()._publish(request, queryset)

    @admin.action(
        description="Unpublish selected %(verbose_name_plural)s (back to draft)",
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        """Unpublish the articles; if published records would be left without a published
        source, first show them and ask to move them to draft too (or cancel)."""
        articles = queryset.filter(publication=Publication.PUBLISHED)
        confirmed = sorted(request.POST.getlist("record_to_draft"))
        with transaction.atomic():
            left = left_without_a_published_source(articles)
            # Asked again if what the editor confirmed is no longer what would be left.
            if left and confirmed != sorted(record_key(record) for record in left):
                return self._confirm_unpublishing(request, articles, left, bool(confirmed))
            self.draft_records(request, left)
            return super().unpublish(request, queryset)

    def _confirm_unpublishing(self, request, articles, left, changed: bool):
        context = {
            **self.admin_site.each_context(request),
            "title": (
                "Unpublish this source article, and what only it backs?"
                if len(articles) == 1
                else f"Unpublish these {len(articles)} source articles, and what only they back?"
            ),
            "opts": self.opts,
            "articles": articles,
            "records": [(record_kind(r), admin_link(r), record_key(r)) for r in left],
            "changed": changed,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/tracker/sourcearticle/unpublish_confirmation.html", context
        )

    def draft_records(self, request, records) -> None:
        """Move ``records`` (those unpublished articles alone backed) to draft, each
        through its own admin, so each move is logged against the editor."""
        if not records:
            return
        for model, group in itertools.groupby(records, key=type):
            self.admin_site.get_model_admin(model).move_to(request, list(group), Publication.DRAFT)
        self.message_user(
            request,
            f"Also moved back to draft, since no other published article backs "
            f"{'it' if len(records) == 1 else 'them'}: {named(records)}.",
            messages.WARNING,
        )

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        self.draft_records(request, getattr(form, "records_to_draft", []))
        if change and form.initial.get("text") != obj.text:
            obj.citations_follow_text(form.initial.get("text") or "")
