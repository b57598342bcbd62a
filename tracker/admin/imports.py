"""Bulk import and export in the admin: CSV and JSON, a dry run first, all or nothing.

``ImportExportAdmin`` goes first in the bases of a record admin (source
articles, quotes, commitments, figures, citations). It takes the resource from
``tracker.resources``. An upload is first imported as a dry run, rolled back,
and shown as a preview (each row new, changed or unchanged, with its changes);
only a file without a single problem can be confirmed, and the confirmed import
runs in one transaction, rolled back if any row fails after all, so a bad file
writes nothing. Only editors may import (they need to add and change) or
export (they need to view).

A file's text is cleaned as it is read (``tracker.plain_text``: no control
characters; a lone surrogate refuses the file, naming its row and column), and
the CSV export neutralises spreadsheet formulas with the public CSV's own
``tracker.exports.cell``.
"""

import tablib
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from tracker.editors import is_editor
from tracker.exports import cell
from tracker.plain_text import NotACharacter, plain_text
from tracker.resources.records import resource_of

from . import import_jobs


def plain_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """The file's rows with every text as ``plain_text``; a lone surrogate names its place."""
    headers = dataset.headers or []
    cleaned = tablib.Dataset(headers=headers)
    for number, row in enumerate(dataset, start=1):
        values = []
        for column, value in zip(headers, row, strict=False):
            if isinstance(value, str):
                try:
                    value = plain_text(value)
                except NotACharacter as error:
                    raise NotACharacter(f"Row {number}, column “{column}”: {error}") from None
            values.append(value)
        cleaned.append(values)
    return cleaned


class PlainTextCSV(base_formats.CSV):
    """CSV read as plain text, and written as the public CSV writes cells: no formulas."""

    def create_dataset(self, in_stream, **kwargs):
        return plain_dataset(super().create_dataset(in_stream, **kwargs))

    def export_data(self, dataset, **kwargs):
        neutralised = tablib.Dataset(headers=dataset.headers)
        for row in dataset:
            neutralised.append([cell(value) for value in row])
        return super().export_data(neutralised, **kwargs)


class PlainTextJSON(base_formats.JSON):
    """JSON read as plain text (JSON can escape a lone surrogate: ``"\\ud800"``)."""

    def create_dataset(self, in_stream, **kwargs):
        return plain_dataset(super().create_dataset(in_stream, **kwargs))


FORMATS = [PlainTextCSV, PlainTextJSON]


class ImportExportAdmin(ImportExportMixin):
    import_formats = FORMATS
    export_formats = FORMATS
    import_template_name = "admin/tracker/curation/import.html"
    export_template_name = "admin/tracker/curation/export.html"
    import_error_display = ("message",)
    # Keep the admin's own change form (and its object tools); export is on the list.
    change_form_template = None
    show_change_form_export = False
    skip_admin_log = False

    def get_resource_classes(self, request):
        return [resource_of(self.model)]

    def has_import_permission(self, request) -> bool:
        # One kind's page (partnerships...) exports its kind; imports go through all commitments.
        return (
            not self.opts.proxy
            and is_editor(request.user)
            and self.has_add_permission(request)
            and self.has_change_permission(request)
        )

    def has_export_permission(self, request) -> bool:
        return is_editor(request.user) and self.has_view_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # A row that fails validation fails the file: nothing is written.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import_job"
        view = self.admin_site.admin_view(self.import_job_view)
        return [path("import/job/<str:job_id>/", view, name=name), *super().get_urls()]

    def import_job_view(self, request, job_id: str):
        if not self.has_import_permission(request):
            raise PermissionDenied
        start_again = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        return import_jobs.follow(request, job_id, self.opts, start_again)

    def _in_background(self, request, view, title: str):
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_import_job"
        return import_jobs.start(request, view, title, lambda job_id: reverse(name, args=[job_id]))

    def import_action(self, request, **kwargs):
        if (
            request.method == "POST"
            and self.has_import_permission(request)
            and import_jobs.large(request)
        ):
            title = f"Checking the file of {self.opts.verbose_name_plural}"
            return self._in_background(
                request, lambda own: self._import_action(own, **kwargs), title
            )
        return self._import_action(request, **kwargs)

    def process_import(self, request, **kwargs):
        if self.has_import_permission(request) and import_jobs.large(request):
            title = f"Importing {self.opts.verbose_name_plural}"
            view = super().process_import
            return self._in_background(request, lambda own: view(own, **kwargs), title)
        return super().process_import(request, **kwargs)

    def _import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        form = getattr(response, "context_data", {}).get("form")
        if request.method == "POST" and form is not None and form.errors:
            response.status_code = 400  # a file that cannot be read as sent
        return response

    def add_data_read_fail_error_to_form(self, form, error) -> None:
        if isinstance(error, NotACharacter):
            message = (
                f"{error} Correct the file (its other half may have been cut off) and upload "
                "it again. Nothing was imported."
            )
        elif isinstance(error, UnicodeDecodeError):
            message = (
                f"The file is not UTF-8 text: the byte 0x{error.object[error.start]:02x} at "
                f"position {error.start} cannot be read. Save it as UTF-8 "
                "(in a spreadsheet: “CSV UTF-8”) and upload it again. Nothing was imported."
            )
        else:
            message = (
                f"The file could not be read as the format chosen ({type(error).__name__}: "
                f"{error}). Check the format and upload it again. Nothing was imported."
            )
        form.add_error("import_file", message)

    def process_result(self, result, request):
        """After the confirmed import: if it failed after all, it wrote nothing; say why."""
        if result.has_errors() or result.has_validation_errors():
            context = {
                **self.admin_site.each_context(request),
                "title": "Import failed: nothing was imported",
                "opts": self.opts,
                "result": result,
                "import_error_display": self.import_error_display,
                "failed_on_confirm": True,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)

    def add_success_message(self, result, request) -> None:
        totals = result.totals
        done = ", ".join(
            f"{totals[kind]} {label}"
            for kind, label in (("new", "added"), ("update", "updated"), ("skip", "unchanged"))
            if totals.get(kind)
        )
        self.message_user(
            request,
            f"Imported {self.opts.verbose_name_plural}: {done or 'nothing to do'}.",
            messages.SUCCESS,
        )
