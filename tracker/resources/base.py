"""What every import/export resource shares: slugs for relations, problems per row."""

from diff_match_patch import diff_match_patch
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from import_export import fields, resources, widgets
from import_export.resources import Diff

from tracker import models
from tracker.currencies import ISO_4217_CODES

LIST_SEPARATOR = "|"
# Slugs looked up in one query: well under any database's limit on parameters.
SLUGS_PER_QUERY = 1000


class SlugWidget(widgets.ForeignKeyWidget):
    """A related record named by its slug (a country by its slug or ISO code)."""

    def __init__(self, model, field: str = "slug", **kwargs) -> None:
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = value.strip() if isinstance(value, str) else value
        if value in (None, ""):
            return None
        try:
            return self.model._default_manager.get(**{self.field: value})
        except self.model.DoesNotExist:
            name = self.model._meta.verbose_name
            raise ValueError(f"No {name} has the {self.field} “{value}”.") from None


class SlugListWidget(widgets.ManyToManyWidget):
    """Several related records, as slugs separated by ``|``; every one must exist."""

    def __init__(self, model, field: str = "slug", **kwargs) -> None:
        super().__init__(model, separator=LIST_SEPARATOR, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return self.model.objects.none()
        wanted = [part.strip() for part in str(value).split(self.separator) if part.strip()]
        found = self.model.objects.filter(**{f"{self.field}__in": wanted})
        missing = sorted(set(wanted) - {getattr(obj, self.field) for obj in found})
        if missing:
            names = ", ".join(f"“{slug}”" for slug in missing)
            plural = self.model._meta.verbose_name_plural
            raise ValueError(f"Unknown {plural} ({self.field}): {names}.")
        return found


class IntegerWidget(widgets.IntegerWidget):
    """Whole numbers only: 1.5 or "£75m" are refused, not rounded or guessed."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = str(value).strip()
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(f"“{value}” is not a whole number.")
            return int(value)
        if not text.lstrip("-").isdigit():
            raise ValueError(f"“{text}” is not a whole number (amounts are in minor units).")
        return int(text)


class CurrencyWidget(widgets.CharWidget):
    """An ISO 4217 code such as GBP, in capitals; anything else is refused by name."""

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if code and code not in ISO_4217_CODES:
            raise ValueError(f"“{code}” is not an ISO 4217 currency code, such as GBP, EUR or USD.")
        return code


class ClassedDiff(Diff):
    """The import preview's diff, marked up with classes (the CSP forbids style attributes)."""

    TAGS = {-1: "del", 0: "span", 1: "ins"}

    def as_html(self):
        data = []
        dmp = diff_match_patch()
        for left, right in zip(self.left, self.right, strict=False):
            if left != right and self.new:
                left = ""
            diff = dmp.diff_main(str(left or ""), str(right or ""))
            dmp.diff_cleanupSemantic(diff)
            parts = [format_html("<{0}>{1}</{0}>", self.TAGS[op], text) for op, text in diff]
            data.append(mark_safe("".join(parts)))  # each part escaped by format_html
        return data


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

    def before_save_instance(self, instance, row, **kwargs) -> None:
        file_name = kwargs.get("file_name") or "a file"
        instance._change_reason = f"Imported from {file_name}"[:100]


def slug_field(column: str, model, **kwargs) -> fields.Field:
    return fields.Field(attribute=column, column_name=column, widget=SlugWidget(model), **kwargs)


def slug_list_field(column: str, model, field: str = "slug") -> fields.Field:
    return fields.Field(
        attribute=column, column_name=column, widget=SlugListWidget(model, field=field)
    )
