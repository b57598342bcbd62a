"""What every import resource shares: the tracker's resource (each problem reported on
its row, all or nothing, the rows done for a background job) and slug fields."""

import threading

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, router, transaction
from import_export import fields, resources, widgets

from tracker import models
from tracker.constraint_checks import (
    excluded_after,
    validate_other_constraints,
    violated_check,
)
from tracker.import_widgets import (
    ClassedDiff,
    IsoDateWidget,
    SlugListWidget,
    SlugWidget,
    UnshownDiff,
)
from tracker.models.actors import count_named_again, defer_counting
from tracker.models.evidence import hold_for_the_guard
from tracker.models.tallies import add_deferred_tallies, defer_tallies
from tracker.resources.saving import DeferredHistory, DeferredRelations, show_as_related

# The rows done by an import running as a background job (tracker.admin.import_jobs).
import_progress = threading.local()
# Slugs looked up in one query: well under any database's limit on parameters.
SLUGS_PER_QUERY = 1000
# A file of more rows than this counts what its records name once, at its end.
COUNT_AT_THE_END_ABOVE = 200


class TrackerResource(resources.ModelResource):
    """What every import shares: whole files only, clear errors, and the history's reason."""

    # Columns a file must have (besides the slug that identifies each row).
    required_columns: tuple[str, ...] = ()
    # Public only once something cites them, as the admin's form and publish action insist.
    publishing_needs_a_citation = False
    # The slugs of the file's records that are cited already, and of those that a published
    # article backs (before_import).
    cited_slugs: frozenset[str] = frozenset()
    backed_slugs: frozenset[str] = frozenset()

    # Dates as YYYY-MM-DD only, with a message that says so.
    WIDGETS_MAP = {**resources.ModelResource.WIDGETS_MAP, "DateField": IsoDateWidget}

    class Meta:
        abstract = True

    # Whether this import's rows are shown to the editor (the preview, a dry run): the
    # diff of every row costs about a tenth of an import and the confirmed import shows
    # only its totals.
    showing_rows = True
    counting_deferred = False
    _import_fields = None

    def import_data(self, dataset, dry_run=False, **kwargs):
        self.showing_rows = dry_run
        # The history of a dry run is rolled back with it and nobody reads it: none is kept.
        self.history = None if dry_run else DeferredHistory(self._meta.model)
        # The slugs of the records this import has inserted so far (validate_instance).
        self.inserted_slugs: set[str] = set()
        self.inserted_by_this_row = None
        self.relations = DeferredRelations()
        return super().import_data(dataset, dry_run=dry_run, **kwargs)

    def after_import(self, dataset, result, **kwargs) -> None:
        super().after_import(dataset, result, **kwargs)
        self.relations.write()  # in the preview too: its rows are checked as the import's
        if self.history is not None and not (result.has_errors() or result.has_validation_errors()):
            self.history.write()
        if self.counting_deferred and self.history is not None:  # not in a preview
            count_named_again()
        add_deferred_tallies()  # last: the tally rows are held from here to the commit

    def get_import_fields(self):
        # Asked seven times a row, and built anew each time (0.1 ms); a resource's fields
        # are its own copy, fixed once it is made.
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def get_diff_class(self):
        return ClassedDiff if self.showing_rows else UnshownDiff

    def before_import(self, dataset, **kwargs) -> None:
        # A large file's rows each touch the people, events and organisations they name,
        # which count their records again (migrations 0025 and 0026): on PostgreSQL the
        # same row written thousands of times in one transaction, each version found by
        # walking all the earlier ones (10,000 quotes by one speaker took minutes to
        # commit). Such a file counts everything once at its end instead; a preview,
        # rolled back, not at all.
        self.counting_deferred = len(dataset) > COUNT_AT_THE_END_ABOVE
        if self.counting_deferred:
            defer_counting()
        # Every file's: the tallies' rows are shared by every commitment of a month, and
        # an editor saving one waited for the whole import (``defer_tallies``).
        defer_tallies()
        headers = [str(header).strip() for header in (dataset.headers or [])]
        known = [field.column_name for field in self.get_import_fields()]
        problems = []
        unknown = [header for header in headers if header not in known]
        if unknown:
            problems.append(
                "Unknown column"
                + ("s" if len(unknown) > 1 else "")
                + ": "
                + ", ".join(f"“{h}”" for h in unknown)
                + "."
            )
        needed = [*self._meta.import_id_fields, *self.required_columns]
        missing = [column for column in needed if column not in headers]
        if missing:
            problems.append(
                "Missing column"
                + ("s" if len(missing) > 1 else "")
                + ": "
                + ", ".join(f"“{c}”" for c in missing)
                + "."
            )
        duplicated = sorted({h for h in headers if headers.count(h) > 1})
        if duplicated:
            problems.append("Repeated columns: " + ", ".join(f"“{h}”" for h in duplicated) + ".")
        if self.publishing_needs_a_citation and "publication" in headers and "slug" in headers:
            self.cited_slugs, self.backed_slugs = self.already_cited(dataset)
        if problems:
            problems.append("The columns are: " + ", ".join(known) + ".")
            raise ValidationError(" ".join(problems), code="bad_columns")

    def already_cited(self, dataset) -> tuple[frozenset[str], frozenset[str]]:
        """Of the records the file publishes, those that cite a source already, and those
        of them that a published article backs (``without_a_published_source()``). Holds
        them (``hold_for_the_guard``): the import's transaction writes them."""
        published = [
            str(slug).strip()
            for slug, publication in zip(dataset["slug"], dataset["publication"], strict=True)
            if publication == models.Publication.PUBLISHED
        ]
        cited, backed = set(), set()
        for start in range(0, len(published), SLUGS_PER_QUERY):
            chunk = published[start : start + SLUGS_PER_QUERY]
            # Held until the import commits, as every guard holds what it checks.
            hold_for_the_guard(self._meta.model._base_manager.filter(slug__in=chunk))
            rows = self._meta.model.objects.filter(slug__in=chunk, citations__isnull=False)
            cited.update(rows.values_list("slug", flat=True))
            unbacked = rows.without_a_published_source()
            backed.update(rows.exclude(pk__in=unbacked.values("pk")).values_list("slug", flat=True))
        return frozenset(cited), frozenset(backed)

    def import_instance(self, instance, row, **kwargs) -> None:
        errors = {}
        published = models.Publication.PUBLISHED
        # Publishing is what needs a citation; a row that leaves a record as it was is no change.
        was_published = getattr(instance, "publication", None) == published and bool(instance.pk)
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        publishing = (
            self.publishing_needs_a_citation
            and not was_published
            and instance.publication == published
        )
        if publishing and instance.slug not in self.cited_slugs:
            errors.setdefault("publication", []).append(
                ValidationError(
                    "A published record cites at least one source article, and nothing cites "
                    "this one yet: import it as a draft, then its citations, then publish it.",
                    code="published_without_citation",
                )
            )
        elif publishing and instance.slug not in self.backed_slugs:
            errors.setdefault("publication", []).append(
                ValidationError(
                    "Every article this record cites is still a draft, so the public would see "
                    "it without its source: publish an article it cites first, or import it "
                    "as a draft.",
                    code="published_with_draft_sources",
                )
            )
        # Many-to-many values are saved after the record; check them before anything is saved.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """``full_clean`` but for check constraints, which the database checks on save."""
        errors = dict(import_validation_errors or {})
        found = self.found_by_slug(instance)
        try:
            instance.full_clean(
                exclude=[*errors.keys(), *found], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if validate_unique:
            try:
                instance.validate_unique(
                    exclude=excluded_after(errors, [*found, *self.unique_already(instance)])
                )
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        try:
            validate_other_constraints(instance, exclude=excluded_after(errors, ()))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def found_by_slug(self, instance) -> list[str]:
        """The relations given by slug and found: the widget read each from the database in
        this import's transaction, so asking it again whether they exist (a query per
        relation per row) can only say yes."""
        return [
            field.attribute
            for field in self.get_import_fields()
            if isinstance(field.widget, SlugWidget)
            and getattr(instance, instance._meta.get_field(field.attribute).attname) is not None
        ]

    def unique_already(self, instance) -> list[str]:
        """The slug, when this row's record is known to be the only one with it: the
        instance loader read every record whose slug the file names before the first row,
        so a row's record was found by its slug (that record itself), or no record had the
        slug then and no row has inserted one with it since. Asking the database (a query
        per row) could only say it is unique."""
        if "slug" not in self._meta.import_id_fields:
            return []
        if instance.pk is None and instance.slug in self.inserted_slugs:
            return []  # a second row of the file for a new slug: the database says which
        return ["slug"]

    def save_instance(self, instance, is_create, row, **kwargs):
        # The history version is taken below and written with the others at the end.
        instance.skip_history_when_saving = True
        if self.history is not None:
            self.history.before_saving(instance)
        try:
            with transaction.atomic(using=router.db_for_write(self._meta.model)):
                super().save_instance(instance, is_create, row, **kwargs)
        except IntegrityError as error:
            violated = violated_check(self._meta.model, error)
            if violated is None:
                raise
            raise ValidationError({NON_FIELD_ERRORS: [violated]}) from None
        finally:
            del instance.skip_history_when_saving
        if self.history is not None:
            self.history.keep(instance, is_create)
        if is_create and "slug" in self._meta.import_id_fields:
            self.inserted_slugs.add(instance.slug)
        self.inserted_by_this_row = instance if is_create else None

    def save_m2m(self, instance, row, **kwargs):
        if instance is not self.inserted_by_this_row:
            return super().save_m2m(instance, row, **kwargs)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                related = list(field.clean(row, **kwargs))
                self.relations.relate(instance, field.attribute, related)
                if self.showing_rows:
                    show_as_related(instance, field.attribute, related)
        return None

    def after_import_row(self, row, row_result, **kwargs) -> None:
        if self.inserted_by_this_row is not None:
            # Its relations as shown in the diff, done with: a query set each, 10,000 kept.
            self.inserted_by_this_row.__dict__.pop("_prefetched_objects_cache", None)
            self.inserted_by_this_row = None
        counter = getattr(import_progress, "counter", None)
        if counter is not None:
            counter.row_done()

    def before_save_instance(self, instance, row, **kwargs) -> None:
        file_name = kwargs.get("file_name") or "a file"
        instance._change_reason = f"Imported from {file_name}"[:100]


def slug_field(column: str, model, **kwargs) -> fields.Field:
    return fields.Field(attribute=column, column_name=column, widget=SlugWidget(model), **kwargs)


def slug_list_field(column: str, model, field: str = "slug") -> fields.Field:
    return fields.Field(
        attribute=column, column_name=column, widget=SlugListWidget(model, field=field)
    )
