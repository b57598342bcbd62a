"""What the admin pages of publishable records share: the publish and unpublish actions."""

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.db import router, transaction
from django.db.models import Count

from tracker.models import Publication
from tracker.models.evidence import hold_for_the_guard

from .base import ModelAdmin


class PublishableAdmin(ModelAdmin):
    """What publishable records share: their citation count, and actions that
    move them between draft and published.

    Records are saved one by one rather than updated in bulk, so that
    ``updated_at`` moves and each change is logged against the editor.
    """

    actions = ["publish", "unpublish"]
    # Every public record cites at least one source; articles themselves need not.
    publishing_needs_a_citation = True

    def get_object(self, request, object_id, from_field=None):
        """The record; on a posted change form, held (``hold_for_the_guard``) before its
        citations' formset reads them, so its check that a published record keeps a
        published source sees what another editor's deletion committed."""
        record = super().get_object(request, object_id, from_field)
        if record is not None and request.method == "POST" and self.publishing_needs_a_citation:
            hold_for_the_guard(self.model._base_manager.filter(pk=record.pk))
        return record

    def get_queryset(self, request):
        # distinct, because subclasses may count other relations alongside
        return (
            super().get_queryset(request).annotate(citation_count=Count("citations", distinct=True))
        )

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, record) -> int:
        return record.citation_count

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["change"])
    def publish(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(self.model)):
            self._publish(request, queryset)

    def _publish(self, request, queryset):
        """``publish``, in a transaction that holds the drafts while it checks their sources."""
        drafts = queryset.filter(publication=Publication.DRAFT)
        uncited = unsourced = []
        if self.publishing_needs_a_citation:
            hold_for_the_guard(self.model._base_manager.filter(pk__in=drafts.values("pk")))
            uncited = list(drafts.filter(citation_count=0))
            drafts = drafts.exclude(pk__in=[record.pk for record in uncited])
            # a record whose every cited article is a draft would show no source in public
            unsourced = list(drafts.without_a_published_source())
            drafts = drafts.exclude(pk__in=[record.pk for record in unsourced])
        published = self.move_to(request, drafts, Publication.PUBLISHED)
        if published:
            self.message_user(
                request, f"Published {published} {model_ngettext(self.opts, published)}."
            )
        elif not uncited and not unsourced:
            self.message_user(request, "Nothing to publish: all of them were published already.")
        if unsourced:
            names = ", ".join(f"“{record}”" for record in unsourced)
            self.message_user(
                request,
                f"Not published, because every article {'it' if len(unsourced) == 1 else 'they'} "
                f"cite{'s' if len(unsourced) == 1 else ''} is still a draft: {names}. "
                "Publish the source article first.",
                messages.WARNING,
            )
        if uncited:
            names = ", ".join(f"“{record}”" for record in uncited)
            self.message_user(
                request,
                f"Not published, because nothing cites {'it' if len(uncited) == 1 else 'them'} "
                f"yet: {names}. Add a citation first.",
                messages.WARNING,
            )

    @admin.action(
        description="Unpublish selected %(verbose_name_plural)s (back to draft)",
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        published = queryset.filter(publication=Publication.PUBLISHED)
        moved = self.move_to(request, published, Publication.DRAFT)
        if moved:
            self.message_user(
                request, f"Moved {moved} {model_ngettext(self.opts, moved)} back to draft."
            )
        else:
            self.message_user(request, "Nothing to unpublish: all of them were drafts already.")

    def move_to(self, request, queryset, publication: Publication) -> int:
        """Move ``queryset``'s records to ``publication``, each saved and logged."""
        field_names = {field.name for field in self.opts.concrete_fields}
        update_fields = ["publication"] + (["updated_at"] if "updated_at" in field_names else [])
        moved = 0
        with transaction.atomic():
            for record in queryset:
                record.publication = publication
                record.save(update_fields=update_fields)
                self.log_change(request, record, f"Changed publication to {publication.label}.")
                moved += 1
        return moved

    def kept_from_public(self, record) -> str:
        """Make ``record`` (a version being restored, a record brought back, not saved yet
        as such) a draft if it is published but no published article would back it: the
        articles it cites were unpublished since, or it cites none. Says why, or "" if it
        may stay as it is."""
        if not self.publishing_needs_a_citation or not record.is_published:
            return ""
        hold_for_the_guard(self.model._base_manager.filter(pk=record.pk))
        unbacked = self.model.objects.filter(pk=record.pk).without_a_published_source()
        if not unbacked.exists():
            return ""
        record.publication = Publication.DRAFT
        return (
            "as a draft, because no published article backs it now (every article it cites "
            "is a draft, or it cites none). Publish an article it cites, then publish it"
        )
