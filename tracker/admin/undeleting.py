"""Bringing back deleted records in the admin (a mixin of ``HistoryAdmin``): "Deleted
records" lists the records of a model that were deleted, and brings one back with its
values, and with the rows deleted along with it (a commitment's citations, parties and
status history), as a draft if it may not be public as it was."""

import datetime

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from tracker.history import history_model, is_historical
from tracker.models import Publication

# Rows deleted by the same deletion as their parent: within this much of it.
CASCADE_WINDOW = datetime.timedelta(minutes=1)


class DeletedRecordsViews:
    """The deleted records' page and bringing one back; ``kept_from_public`` is the
    history admin's, which holds a version being restored back by the same rule."""

    deleted_records_template = "admin/tracker/history/deleted_records.html"

    def deleted_records(self):
        """The latest deletion of each record of this model that does not exist now."""
        history = history_model(self.model)
        pk_name = self.opts.pk.attname
        existing = self.model._base_manager.filter(pk=models.OuterRef(pk_name))
        later = history.objects.filter(
            **{pk_name: models.OuterRef(pk_name)}, history_id__gt=models.OuterRef("history_id")
        )
        deleted = (
            history.objects.filter(history_type="-")
            .filter(~models.Exists(existing), ~models.Exists(later))
            .select_related("history_user")
            .order_by("-history_date")
        )
        # A proxy's page (partnerships...) lists only its own kind.
        kind = getattr(self.model._default_manager, "kind", None)
        return deleted.filter(kind=kind) if kind is not None else deleted

    def deleted_records_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"Deleted {self.opts.verbose_name_plural}",
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "records": self.deleted_records()[:200],
            "cascaded": " and ".join(
                str(relation.related_model._meta.verbose_name_plural)
                for relation in cascaded_relations(self.model)
            ),
            "can_restore": self.has_add_permission(request),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.deleted_records_template, context)

    @method_decorator(require_POST)
    def undelete_view(self, request, history_id):
        if not self.has_add_permission(request):
            raise PermissionDenied
        deletion = get_object_or_404(self.deleted_records(), history_id=history_id)
        url_name = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}"
        try:
            record, brought_back, held_back = self._bring_back(deletion)
        except ValidationError as error:
            self.message_user(
                request,
                f"“{deletion.instance}” could not be brought back: {' '.join(error.messages)}",
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse(f"{url_name}_deleted"))
        self.log_addition(request, record, [{"added": {"name": "Brought back after deletion"}}])
        also = f", with {brought_back}" if brought_back else ""
        self.message_user(
            request,
            format_html(
                'Brought back “{}”{}{}. <a href="{}">Open it</a>.',
                record,
                also,
                f", {held_back}" if held_back else "",
                reverse(f"{url_name}_change", args=[quote(record.pk)]),
            ),
            messages.WARNING if held_back else messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse(f"{url_name}_deleted"))

    def _bring_back(self, deletion) -> tuple[models.Model, str, str]:
        """``restore_deleted()``, then, if the record may not be public as it was (its
        citations came back with it, so only now can that be told), all of it undone and
        brought back again as a draft: it is never public meanwhile, nor logged as
        published for alerts. Returns the record, what came back with it and, if it was
        held back, why."""
        using = router.db_for_write(self.model)
        with transaction.atomic(using=using):
            with transaction.atomic(using=using):
                record, brought_back = restore_deleted(deletion)
                held_back = self.kept_from_public(record)
                if held_back:
                    transaction.set_rollback(True, using=using)
            if held_back:
                record, brought_back = restore_deleted(deletion, as_draft=True)
        return record, brought_back, held_back


def _save_from_history(historical, reason: str, as_draft: bool = False):
    """Insert the record as ``historical`` kept it, with its own primary key."""
    record = historical.instance
    record._change_reason = reason
    if as_draft:
        record.publication = Publication.DRAFT
    if hasattr(record, "full_clean"):
        record.full_clean(validate_unique=True, validate_constraints=True)
    record.save(force_insert=True)
    # auto_now_add gave it today's date; it was added when it was first added.
    kept = {
        field.attname: getattr(historical, field.attname)
        for field in record._meta.concrete_fields
        if getattr(field, "auto_now_add", False)
    }
    if kept:
        type(record)._base_manager.filter(pk=record.pk).update(**kept)
    return record


def cascaded_relations(model) -> list:
    """The relations whose rows are deleted with a record of ``model``, and kept in history."""
    return [
        relation
        for relation in model._meta.related_objects
        if relation.one_to_many
        and relation.on_delete is models.CASCADE
        and hasattr(relation.related_model._meta, "simple_history_manager_attribute")
        and not is_historical(relation.related_model)
    ]


def restore_deleted(deletion, as_draft: bool = False) -> tuple[models.Model, str]:
    """Bring back a deleted record (``as_draft``: as a draft) and the rows its deletion took
    with it.

    Returns the record and a phrase naming what came back with it ("" if nothing).
    """
    reason = f"Brought back after its deletion on {deletion.history_date:%d %b %Y %H:%M}"
    if as_draft:
        reason += ", as a draft"
    record = _save_from_history(deletion, reason, as_draft=as_draft)
    window = (deletion.history_date - CASCADE_WINDOW, deletion.history_date + CASCADE_WINDOW)
    children = cascaded_relations(type(record))
    child_models = {relation.related_model for relation in children}

    def depends_on_siblings(relation) -> int:
        fields = relation.related_model._meta.concrete_fields
        return sum(1 for f in fields if f.is_relation and f.related_model in child_models)

    counts = []
    for relation in sorted(children, key=depends_on_siblings):
        model = relation.related_model
        history = history_model(model)
        pk_name = model._meta.pk.attname
        deleted = (
            history.objects.filter(
                **{relation.field.attname: record.pk},
                history_type="-",
                history_date__range=window,
            )
            .exclude(**{f"{pk_name}__in": model._base_manager.values(pk_name)})
            .order_by(pk_name, "-history_id")
        )
        seen = set()
        for child in deleted:
            key = getattr(child, pk_name)
            if key in seen:
                continue
            seen.add(key)
            _save_from_history(child, reason)
        if seen:
            name = model._meta.verbose_name if len(seen) == 1 else model._meta.verbose_name_plural
            counts.append(f"{len(seen)} {name}")
    return record, ", ".join(counts)
