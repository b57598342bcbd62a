"""Citations, the excerpts that tie records to their words: on each record's page (its
inline) and on their own pages, where a citation that is a published record's only
published source can be neither deleted nor moved."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import actions as admin_actions
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import UniqueConstraint
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse

from tracker.models import (
    CITATION_TARGETS,
    CITATION_TARGETS_AS_SHOWN,
    Citation,
    Publication,
    citation_target,
)
from tracker.models.evidence import left_without_a_published_source_by_citations

from .base import ModelAdmin, TabularInline
from .display import admin_link, named, shorten
from .filters import CitedRecordFilter
from .imports import ImportExportAdmin

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


def only_source_of(records, doing: str) -> str:
    """Why a citation may not be deleted or moved: it is the only published source of
    ``records``. ``doing`` is what the editor asked: "Deleting this citation"…"""
    them = "it" if len(records) == 1 else "them"
    return (
        f"{doing} would leave {named(records)} published with no published source, and the "
        f"public would see {them} without {'its' if len(records) == 1 else 'their'} "
        f"evidence. Nothing was changed. Cite {them} from another published article first, "
        f"or move {them} to draft on {'its' if len(records) == 1 else 'their'} own page."
    )


class StandaloneCitationForm(CitationForm):
    """A citation on its own page: moving it to another article or record must leave what
    it backed with a published source (in its records' inlines, their formset checks it)."""

    def clean(self):
        cleaned = super().clean()
        moved = {"source", *CITATION_TARGETS} & set(self.changed_data)
        if self.instance.pk is None or not moved or self.errors:
            return cleaned
        as_saved = Citation.objects.filter(pk=self.instance.pk)
        left = [
            record
            for record in left_without_a_published_source_by_citations(as_saved)
            if not self._still_backs(cleaned, record)
        ]
        if left:
            raise ValidationError(
                only_source_of(left, "Moving this citation to another article or record"),
                code="leaves_records_unsourced",
            )
        return cleaned

    @staticmethod
    def _still_backs(cleaned: dict, record) -> bool:
        """Whether the citation as changed still cites ``record`` from a published article."""
        source = cleaned.get("source")
        same_record = cleaned.get(citation_target(record)) == record
        return same_record and source is not None and source.is_published


@admin.action(
    permissions=["delete"],
    description=admin_actions.delete_selected.short_description,
)
def delete_selected(modeladmin, request, queryset):
    """Django's bulk delete (named as it is, so it takes its place), refused while the
    citations are the only published source of a published record. Checked and deleted in
    one transaction, which holds the records they cite."""
    with transaction.atomic(using=router.db_for_write(Citation)):
        left = left_without_a_published_source_by_citations(queryset)
        if left:
            one = queryset.count() == 1
            doing = "Deleting this citation" if one else "Deleting these citations"
            modeladmin.message_user(request, only_source_of(left, doing), messages.ERROR)
            return None
        return admin_actions.delete_selected(modeladmin, request, queryset)


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


@admin.register(Citation)
class CitationAdmin(ImportExportAdmin, ModelAdmin):
    form = StandaloneCitationForm
    list_display = ("short_excerpt", "source", "cited_record", "start", "end")
    list_filter = (CitedRecordFilter, ("source", admin.RelatedOnlyFieldListFilter))
    search_fields = ("excerpt", "source__headline", "source__publisher")
    list_select_related = ("source", *CITATION_TARGETS_AS_SHOWN)
    autocomplete_fields = ("source", *CITATION_TARGETS)
    fields = ("source", *CITATION_TARGETS, "excerpt", "start", "end")
    readonly_fields = ("start", "end")
    actions = [delete_selected]

    @admin.display(description="excerpt", ordering="excerpt")
    def short_excerpt(self, citation: Citation) -> str:
        return f"“{shorten(citation.excerpt)}”"

    @admin.display(description="cites")
    def cited_record(self, citation: Citation) -> str:
        return admin_link(citation.target)

    def delete_view(self, request, object_id, extra_context=None):
        """Refused, back on the citation's page, while it is the only published source of
        a published record. Checked and deleted in one transaction, which holds the records
        it cites."""
        with transaction.atomic(using=router.db_for_write(self.model)):
            citation = self.get_object(request, unquote(object_id))
            if citation is not None and self.has_delete_permission(request, citation):
                left = left_without_a_published_source_by_citations(
                    Citation.objects.filter(pk=citation.pk)
                )
                if left:
                    self.message_user(
                        request, only_source_of(left, "Deleting this citation"), messages.ERROR
                    )
                    change = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
                    return HttpResponseRedirect(reverse(change, args=[citation.pk]))
            return super().delete_view(request, object_id, extra_context)
