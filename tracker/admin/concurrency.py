"""Two editors, one record: the later save never silently overwrites the earlier one.

A change form carries the version of the record it was loaded from: the id of
the record's latest entry in its history, which every save adds to. On save,
under a lock on the row, the form compares it with the record's latest
version now. If someone saved in between, the save is refused and the editor
is shown, field by field, what the other editor changed and what they were
about to save instead. The form then carries the new version, so saving again
is a decision to overwrite, taken knowingly.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils.text import capfirst

from tracker.history import history_model

from .display import shorten

VERSION_FIELD = "loaded_version"


def current_version(model, pk) -> str:
    """The id of the latest history entry of the record ``pk`` ("" if it has none)."""
    history = history_model(model)
    latest = (
        history.objects.filter(**{model._meta.pk.attname: pk})
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )
    return "" if latest is None else str(latest)


def _shown(value) -> str:
    if value in (None, ""):
        return "(empty)"
    return f"“{shorten(str(value), 20)}”"


class VersionedFormMixin:
    """Mixed into a record's change form by ``ConcurrentEditsMixin.get_form``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial[VERSION_FIELD] = current_version(self._meta.model, self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or self.add_prefix(VERSION_FIELD) not in self.data:
            return cleaned  # an add form, or a client that does not send versions
        model = self._meta.model
        # Hold the row until this save commits, so two saves cannot both pass.
        if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
            list(model._base_manager.select_for_update().filter(pk=self.instance.pk))
        loaded = self.cleaned_data.get(VERSION_FIELD) or ""
        now = current_version(model, self.instance.pk)
        if loaded != now:
            self._refuse(loaded, now)
        return cleaned

    def _refuse(self, loaded: str, now: str) -> None:
        history = history_model(self._meta.model)
        latest = history.objects.select_related("history_user").get(history_id=now)
        who = latest.history_user or "someone"
        when = latest.history_date.strftime("%d %b %Y %H:%M:%S")
        messages = [
            ValidationError(
                f"{who} saved this record at {when}, after you opened it. "
                "Your changes were not saved, so theirs are not lost. "
                "Compare below, change the form if needed, and save again to keep your version.",
                code="edited_meanwhile",
            )
        ]
        conflicts = list(self._conflicting_fields(history, loaded, latest))
        messages += [
            ValidationError(
                f"{label}: they saved {theirs}; you are saving {yours}.", code="edited_field"
            )
            for label, theirs, yours in conflicts
        ]
        if not conflicts:
            messages.append(
                ValidationError(
                    "No field of this form differs from what they saved "
                    "(they may have changed its citations or other rows).",
                    code="edited_elsewhere",
                )
            )
        # Saving again means overwriting what they did, knowingly.
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = now
        raise ValidationError(messages)

    def _conflicting_fields(self, history, loaded: str, latest):
        """(field, their value, your value) for each field changed since the form was loaded."""
        current = self._meta.model._base_manager.get(pk=self.instance.pk)
        before = history.objects.filter(history_id=loaded).first() if loaded else None
        if before is not None:
            delta = latest.diff_against(before, foreign_keys_are_objs=False)
            changed = [change.field for change in delta.changes]
        else:
            changed = [f.name for f in self._meta.model._meta.concrete_fields]
        for name in changed:
            if name not in self.fields or name == VERSION_FIELD:
                continue
            field = self._meta.model._meta.get_field(name)
            theirs = field.value_from_object(current)
            yours = self.cleaned_data.get(name)
            if hasattr(yours, "pk"):
                yours, theirs = str(yours), str(getattr(current, name))
            elif field.is_relation and theirs is not None:
                theirs = str(getattr(current, name))
            if field.choices and not field.is_relation:
                shown = dict(field.flatchoices)
                theirs, yours = shown.get(theirs, theirs), shown.get(yours, yours)
            if theirs == yours or str(theirs) == str(yours) or not (theirs or yours):
                continue  # the same value on both sides is no conflict
            yield capfirst(field.verbose_name), _shown(theirs), _shown(yours)


def with_version(adminform) -> None:
    """Render the hidden version field with the form, whatever the admin's fieldsets."""
    if VERSION_FIELD in adminform.form.fields and VERSION_FIELD not in flatten_fieldsets(
        adminform.fieldsets
    ):
        (name, options), *rest = adminform.fieldsets
        options = {**options, "fields": (*options["fields"], VERSION_FIELD)}
        adminform.fieldsets = [(name, options), *rest]


class ConcurrentEditsMixin:
    """For every record admin: change forms carry the version they were loaded from."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        if obj is not None and adminform is not None:
            with_version(adminform)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and "form" not in kwargs:
            base = self.form
            readonly = self.get_readonly_fields(request, obj)
            attrs = dict.fromkeys(f for f in readonly if f in base.declared_fields)
            attrs[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
            kwargs["form"] = type(base.__name__, (VersionedFormMixin, base), attrs)
        return super().get_form(request, obj, change, **kwargs)
