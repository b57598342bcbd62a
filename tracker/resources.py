"""Bulk import and export of source articles and records (django-import-export).

Files are CSV or JSON with one row per record. Records are identified by their
slug, and relations are written as slugs too (``speaker: yvette-cooper``,
``countries: serbia|albania``), never as database ids, so a file exported
from one installation imports into another.

An import is checked whole before anything is written: unknown or missing
columns, a value that does not parse, a slug that names nothing, a currency
that is not ISO 4217, a negative amount, an excerpt that is not in its
article, any rule of the database. Any problem in any row and nothing is
written (the import runs in one transaction, rolled back on any error); the
report names each row and its problems.
"""

import threading

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, router, transaction
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from tracker import models
from tracker.constraint_checks import (
    excluded_after,
    validate_other_constraints,
    violated_check,
)
from tracker.excerpts import locate
from tracker.import_widgets import (
    LIST_SEPARATOR,
    ClassedDiff,
    CurrencyWidget,
    IntegerWidget,
    SlugListWidget,
    SlugWidget,
)

# The rows done by an import running as a background job (tracker.admin.import_jobs).
import_progress = threading.local()
# Slugs looked up in one query: well under any database's limit on parameters.
SLUGS_PER_QUERY = 1000


class TrackerResource(resources.ModelResource):
    """What every import shares: whole files only, clear errors, and the history's reason."""

    # Columns a file must have (besides the slug that identifies each row).
    required_columns: tuple[str, ...] = ()
    # Public only once something cites them, as the admin's form and publish action insist.
    publishing_needs_a_citation = False
    # The slugs of the file's records that are cited already (before_import).
    cited_slugs: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    def get_diff_class(self):
        return ClassedDiff

    def before_import(self, dataset, **kwargs) -> None:
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
            self.cited_slugs = self.already_cited(dataset)
        if problems:
            problems.append("The columns are: " + ", ".join(known) + ".")
            raise ValidationError(" ".join(problems), code="bad_columns")

    def already_cited(self, dataset) -> frozenset[str]:
        """Of the records the file publishes, those that cite a source already."""
        published = [
            str(slug).strip()
            for slug, publication in zip(dataset["slug"], dataset["publication"], strict=True)
            if publication == models.Publication.PUBLISHED
        ]
        cited = set()
        for start in range(0, len(published), SLUGS_PER_QUERY):
            chunk = published[start : start + SLUGS_PER_QUERY]
            rows = self._meta.model.objects.filter(slug__in=chunk, citations__isnull=False)
            cited.update(rows.values_list("slug", flat=True))
        return frozenset(cited)

    def import_instance(self, instance, row, **kwargs) -> None:
        errors = {}
        published = models.Publication.PUBLISHED
        # Publishing is what needs a citation; a row that leaves a record as it was is no change.
        was_published = getattr(instance, "publication", None) == published and bool(instance.pk)
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if (
            self.publishing_needs_a_citation
            and not was_published
            and instance.publication == published
            and instance.slug not in self.cited_slugs
        ):
            errors.setdefault("publication", []).append(
                ValidationError(
                    "A published record cites at least one source article, and nothing cites "
                    "this one yet: import it as a draft, then its citations, then publish it.",
                    code="published_without_citation",
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
        try:
            instance.full_clean(
                exclude=errors.keys(), validate_unique=validate_unique, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            validate_other_constraints(instance, exclude=excluded_after(errors, ()))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        try:
            with transaction.atomic(using=router.db_for_write(self._meta.model)):
                return super().save_instance(instance, is_create, row, **kwargs)
        except IntegrityError as error:
            violated = violated_check(self._meta.model, error)
            if violated is None:
                raise
            raise ValidationError({NON_FIELD_ERRORS: [violated]}) from None

    def after_import_row(self, row, row_result, **kwargs) -> None:
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


class SourceArticleResource(TrackerResource):
    required_columns = ("headline", "text")

    class Meta:
        model = models.SourceArticle
        import_id_fields = ("slug",)
        instance_loader_class = CachedInstanceLoader  # the file's records in one query
        fields = (
            "slug",
            "headline",
            "headline_supplied",
            "publisher",
            "url",
            "published_on",
            "published_on_precision",
            "text",
            "editor_notes",
            "publication",
        )
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class QuoteResource(TrackerResource):
    publishing_needs_a_citation = True
    required_columns = ("text", "speaker")
    speaker = slug_field("speaker", models.Person)
    event = slug_field("event", models.Event)
    announcement = slug_field("announcement", models.Announcement)
    countries = slug_list_field("countries", models.Country)

    class Meta:
        model = models.Quote
        import_id_fields = ("slug",)
        instance_loader_class = CachedInstanceLoader  # the file's records in one query
        fields = (
            "slug",
            "text",
            "speaker",
            "said_on",
            "said_on_precision",
            "event",
            "context",
            "announcement",
            "countries",
            "publication",
        )
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class CommitmentResource(TrackerResource):
    publishing_needs_a_citation = True
    required_columns = ("kind", "title", "summary")
    announcement = slug_field("announcement", models.Announcement)
    organisations = slug_list_field("organisations", models.Organisation)
    amount_minor = fields.Field(
        attribute="amount_minor", column_name="amount_minor", widget=IntegerWidget()
    )
    currency = fields.Field(attribute="currency", column_name="currency", widget=CurrencyWidget())
    funder = slug_field("funder", models.Organisation)
    recipient = slug_field("recipient", models.Organisation)
    adds_to = slug_field("adds_to", models.Commitment)
    included_in = slug_field("included_in", models.Commitment)
    parties = fields.Field(column_name="parties", readonly=True)
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    class Meta:
        model = models.Commitment
        import_id_fields = ("slug",)
        instance_loader_class = CachedInstanceLoader  # the file's records in one query
        fields = (
            "slug",
            "kind",
            "title",
            "summary",
            "announcement",
            "announced_on",
            "announced_on_precision",
            "organisations",
            "focus",
            "novelty",
            "signed_on",
            "signed_on_precision",
            "amount_minor",
            "currency",
            "funding_type",
            "period_start",
            "period_start_precision",
            "period_end",
            "period_end_precision",
            "period_label",
            "purpose",
            "funder",
            "recipient",
            "adds_to",
            "included_in",
            "publication",
            "status",
            "parties",
        )
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_import_fields(self):
        # Exported for reading, never imported: the status follows the status history,
        # the parties have their own rows in the admin.
        return [field for field in super().get_import_fields() if not field.readonly]

    def dehydrate_parties(self, commitment) -> str:
        return LIST_SEPARATOR.join(
            f"{party.country_id}:{party.role}" for party in commitment.parties.all()
        )

    def get_export_queryset(self, request=None):
        return super().get_export_queryset(request).prefetch_related("parties", "organisations")


class FigureResource(TrackerResource):
    publishing_needs_a_citation = True
    required_columns = ("label", "value", "unit")
    countries = slug_list_field("countries", models.Country)
    announcement = slug_field("announcement", models.Announcement)
    currency = fields.Field(attribute="currency", column_name="currency", widget=CurrencyWidget())

    class Meta:
        model = models.Figure
        import_id_fields = ("slug",)
        instance_loader_class = CachedInstanceLoader  # the file's records in one query
        fields = (
            "slug",
            "label",
            "qualifier",
            "value",
            "unit",
            "currency",
            "period_label",
            "period_start",
            "period_end",
            "note",
            "countries",
            "announcement",
            "publication",
        )
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class CitationResource(TrackerResource):
    """One excerpt of one article supporting one record; the record is named in one of
    the columns ``announcement``, ``commitment``, ``quote`` or ``figure``."""

    required_columns = ("source", "excerpt")
    source = slug_field("source", models.SourceArticle)
    announcement = slug_field("announcement", models.Announcement)
    commitment = slug_field("commitment", models.Commitment)
    quote = slug_field("quote", models.Quote)
    figure = slug_field("figure", models.Figure)

    class Meta:
        model = models.Citation
        import_id_fields = ()
        fields = ("source", *models.CITATION_TARGETS, "excerpt")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_instance(self, instance_loader, row):
        """The citation of the same words of the same article for the same record, if any."""
        try:
            source = self.fields["source"].clean(row)
        except (ValueError, KeyError):
            return None  # reported when the row is imported
        if source is None or not row.get("excerpt"):
            return None
        found = locate(str(row["excerpt"]), source.text)
        if found is None:
            return None
        targets = {}
        for target in models.CITATION_TARGETS:
            try:
                targets[target] = self.fields[target].clean(row) if target in row else None
            except ValueError:
                return None
        return models.Citation.objects.filter(
            source=source, start=found[0], end=found[1], **targets
        ).first()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Find the excerpt in its article first: its offsets are part of the record."""
        errors = dict(import_validation_errors or {})
        if instance.source_id is not None and instance.excerpt and "source" not in errors:
            try:
                instance.locate_excerpt()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if instance.start is None:
            # No offsets to check; report what the row got wrong, once each.
            try:
                instance.clean_fields(exclude={*errors, "start", "end"})
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            if not errors.get("excerpt") and not instance.excerpt:
                errors["excerpt"] = [ValidationError("This field cannot be blank.")]
            if errors:
                raise ValidationError(errors)
        super().validate_instance(instance, errors, validate_unique)

    def before_import(self, dataset, **kwargs) -> None:
        super().before_import(dataset, **kwargs)
        if not any(target in (dataset.headers or []) for target in models.CITATION_TARGETS):
            raise ValidationError(
                "A citation file needs a column naming the record each excerpt supports: "
                + ", ".join(models.CITATION_TARGETS)
                + ".",
                code="bad_columns",
            )


RESOURCES = {
    models.SourceArticle: SourceArticleResource,
    models.Quote: QuoteResource,
    models.Commitment: CommitmentResource,
    models.Figure: FigureResource,
    models.Citation: CitationResource,
}
