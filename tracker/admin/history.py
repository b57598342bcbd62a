"""History in the admin: who changed what and when, as a diff; restoring a version; undeleting.

Built on django-simple-history's ``SimpleHistoryAdmin``:

* the History page lists every version with its author and, field by field,
  what changed (``updated_at`` left out: it changes every time);
* a version's page shows the form filled with that version's values, and what
  restoring it would change; "Restore this version" saves them as a new
  version, through the same form and checks as any edit, so a restore is itself
  in the history and can be undone;
* "Deleted records" lists the records of a model that were deleted, and
  brings one back with its values, and with the rows deleted along with it
  (a commitment's citations, parties and status history): ``undeleting``.
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import update_change_reason

from tracker.history import history_model

from .concurrency import with_version
from .undeleting import DeletedRecordsViews

# Fields that change on every save: listing them in every diff hides the real change.
NOT_DIFFED = ("updated_at",)


def _label(history_record) -> str:
    when = history_record.history_date.strftime("%d %b %Y %H:%M")
    who = history_record.history_user or "an unknown user"
    return f"the version of {when} by {who}"


class HistoryAdmin(DeletedRecordsViews, SimpleHistoryAdmin):
    object_history_template = "admin/tracker/history/object_history.html"
    object_history_list_template = "admin/tracker/history/object_history_list.html"
    object_history_form_template = "admin/tracker/history/object_history_form.html"
    # The changelist's object tools link to the deleted records; import-export builds on it.
    change_list_template = "admin/tracker/curation/change_list.html"

    # ------------------------------------------------------------------ urls

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("deleted/", view(self.deleted_records_view), name=f"{prefix}_deleted"),
            path(
                "deleted/<int:history_id>/restore/",
                view(self.undelete_view),
                name=f"{prefix}_undelete",
            ),
            *super().get_urls(),
        ]

    # ---------------------------------------------------------- the history

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current,
                    excluded_fields=NOT_DIFFED,
                    foreign_keys_are_objs=foreign_keys_are_objs,
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def history_view(self, request, object_id, extra_context=None):
        try:
            self.opts.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404("There is no such record.") from None  # not a 500 (simple-history)
        context = {"can_restore": self.has_change_permission(request), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)

    def revert_disabled(self, request, obj=None) -> bool:
        return not self.has_change_permission(request, obj)

    # ------------------------------------------------- restoring a version

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Posted in one transaction, as a change form is: its guards hold what they check."""
        if request.method != "POST":
            return self._history_form_view(request, object_id, version_id, extra_context)
        with transaction.atomic(using=router.db_for_write(self.model)):
            return self._history_form_view(request, object_id, version_id, extra_context)

    def _history_form_view(self, request, object_id, version_id, extra_context=None):
        """One earlier version: the form filled with its values; POST restores them. The form
        is bound to the record as it is now (the version's values its starting point), so
        everything an edit checks is checked: excerpts that must still occur, the database's
        rules, and whether someone saved the record meanwhile."""
        request.current_app = self.admin_site.name
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404("This record no longer exists; bring it back from “Deleted records”.")
        if not self.has_view_or_change_permission(request, current):
            raise PermissionDenied
        history = history_model(self.model)
        try:
            version_id = history._meta.pk.to_python(version_id)
        except ValidationError:
            raise Http404("There is no such version.") from None  # not a 500 (simple-history)
        version = get_object_or_404(
            history, **{self.opts.pk.attname: current.pk, "history_id": version_id}
        )
        if request.method == "POST" and not self.has_change_permission(request, current):
            raise PermissionDenied

        form_class = self.get_form(request, current, change=True)
        fieldsets = list(self.get_fieldsets(request, current))
        readonly = self.get_readonly_fields(request, current)
        if not self.has_change_permission(request, current):
            # View only: the version as it was, read-only.
            readonly, current = flatten_fieldsets(fieldsets), version.instance
        if request.method == "POST":
            form = form_class(request.POST, request.FILES, instance=current)
            if form.is_valid():
                return self._restore_version(request, form, version)
        else:
            fields = list(form_class.base_fields)
            initial = model_to_dict(version.instance, fields=fields)
            # Many-to-many relations are not kept in the history: the form shows today's.
            for field in self.opts.many_to_many:
                initial.pop(field.name, None)
            form = form_class(instance=current, initial=initial)

        admin_form = helpers.AdminForm(form, fieldsets, {}, readonly, model_admin=self)
        with_version(admin_form)
        url_name = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}"
        context = {
            **self.admin_site.each_context(request),
            "title": f"Restore {_label(version)}?",
            "subtitle": str(current),
            "adminform": admin_form,
            "object_id": object_id,
            "original": current,
            "version": version,
            "restore_changes": self._changes_to_restore(current, version),
            "is_popup": False,
            "media": self.media + admin_form.media,
            "errors": helpers.AdminErrorList(form, []),
            "app_label": self.opts.app_label,
            "opts": self.opts,
            "original_opts": self.opts,
            "changelist_url": reverse(f"{url_name}_changelist"),
            "change_url": reverse(f"{url_name}_change", args=[quote(current.pk)]),
            "history_url": reverse(f"{url_name}_history", args=[quote(current.pk)]),
            "revert_disabled": self.revert_disabled(request, current),
            "change_history": False,
            "add": False,
            "change": True,
            "has_view_permission": self.has_view_permission(request, current),
            "has_add_permission": self.has_add_permission(request),
            "has_change_permission": self.has_change_permission(request, current),
            "has_delete_permission": False,
            "has_editable_inline_admin_formsets": False,
            "has_file_field": False,
            "has_absolute_url": False,
            "form_url": "",
            "save_as": False,
            "save_on_top": False,
            "show_save": False,
            "inline_admin_formsets": [],
            "content_type_id": self.content_type_model_cls.objects.get_for_model(self.model).id,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_form_template, context)

    def _changes_to_restore(self, current, version) -> list[dict]:
        """Field by field, what restoring ``version`` would change in the record as it is."""
        history = history_model(self.model)
        latest = history.objects.filter(**{self.opts.pk.attname: current.pk}).first()
        if latest is None or latest.history_id == version.history_id:
            return []
        delta = version.diff_against(latest, excluded_fields=NOT_DIFFED, foreign_keys_are_objs=True)
        helper = self.get_historical_record_context_helper(None, version)
        return helper.context_for_delta_changes(delta)

    def kept_from_public(self, record) -> str:
        """Make ``record`` (a version being restored, a record brought back) a draft if the
        public may not see it as it is, and say why: a phrase after "Restored …" ("as a
        draft, because …"), or "" if it stays as it is. Publishable records override it."""
        return ""

    def _restore_version(self, request, form, version):
        with transaction.atomic(using=router.db_for_write(self.model)):
            obj = self.save_form(request, form, change=True)
            # The form has no citations, so the record's are those it will have.
            held_back = self.kept_from_public(obj)
            self.save_model(request, obj, form, change=True)
            form.save_m2m()
            reason = f"Restored {_label(version)}" + (" as a draft" if held_back else "")
            update_change_reason(obj, reason[:100])
            self.log_change(request, obj, [{"changed": {"name": reason, "object": str(obj)}}])
        if held_back:
            self.message_user(
                request,
                format_html(
                    "Restored {} of “{}” {}. The restore is in the history too.",
                    _label(version),
                    obj,
                    held_back,
                ),
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                format_html(
                    "Restored {} of “{}”. The restore is in the history too.", _label(version), obj
                ),
                messages.SUCCESS,
            )
        url_name = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}"
        return HttpResponseRedirect(reverse(f"{url_name}_history", args=[quote(obj.pk)]))
