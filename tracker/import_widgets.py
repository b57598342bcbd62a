"""The cells of an import file, read as the tracker's values (django-import-export widgets).

Related records are named by slug, several separated by ``|``; amounts are
whole minor units; currencies ISO 4217 codes; dates YYYY-MM-DD. A widget that
looks records up remembers them for the rest of the import: each resource has
its own copy of its fields, so the memory lasts one import.
"""

import datetime

from diff_match_patch import diff_match_patch
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from import_export import widgets
from import_export.resources import Diff

from tracker.currencies import ISO_4217_CODES

LIST_SEPARATOR = "|"


class SlugWidget(widgets.ForeignKeyWidget):
    """A related record named by its slug (a country by its slug or ISO code)."""

    def __init__(self, model, field: str = "slug", **kwargs) -> None:
        super().__init__(model, field=field, **kwargs)
        # Each resource has its own copy of its fields, so this lives for one import:
        # a file naming the same speaker on every row looks them up once.
        self.found: dict[str, object] = {}

    def clean(self, value, row=None, **kwargs):
        value = value.strip() if isinstance(value, str) else value
        if value in (None, ""):
            return None
        if value not in self.found:
            try:
                self.found[value] = self.model._default_manager.get(**{self.field: value})
            except self.model.DoesNotExist:
                name = self.model._meta.verbose_name
                raise ValueError(f"No {name} has the {self.field} “{value}”.") from None
        return self.found[value]


class SlugListWidget(widgets.ManyToManyWidget):
    """Several related records, as slugs separated by ``|``; every one must exist."""

    def __init__(self, model, field: str = "slug", **kwargs) -> None:
        super().__init__(model, separator=LIST_SEPARATOR, field=field, **kwargs)
        self.found: dict[str, list] = {}  # for one import, as SlugWidget's

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return []
        if value not in self.found:
            self.found[value] = self._look_up(value)
        return self.found[value]

    def _look_up(self, value) -> list:
        wanted = [part.strip() for part in str(value).split(self.separator) if part.strip()]
        found = list(self.model.objects.filter(**{f"{self.field}__in": wanted}))
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


class IsoDateWidget(widgets.DateWidget):
    """A date as YYYY-MM-DD, as the export writes it, and nothing else: Django's default
    input formats would read 07/11/2024 as 11 July (month first) in a British newsroom."""

    FORMAT = "%Y-%m-%d"

    def __init__(self, **kwargs) -> None:
        super().__init__(format=self.FORMAT, **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value in (None, "") or isinstance(value, datetime.date):
            return value or None
        text = str(value).strip()
        try:
            return datetime.datetime.strptime(text, self.FORMAT).date()
        except ValueError:
            raise ValueError(
                f"“{text}” is not a date as YYYY-MM-DD, such as 2024-11-07. A date known only "
                "to its month is entered as the 1st of the month (2024-11-01) with the "
                "precision “month”, one known only to its year as 1 January (2024-01-01) "
                "with the precision “year”."
            ) from None


class ClassedDiff(Diff):
    """The import preview's diff, marked up with classes (the CSP forbids style attributes)."""

    TAGS = {-1: "del", 0: "span", 1: "ins"}

    def as_html(self):
        if self.new:
            return self._new_as_html()
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

    def _new_as_html(self) -> list:
        """A new record's cells, each inserted or as it was: what the diff above gives for
        them, without computing a diff (a tenth of a large file's preview)."""
        data = []
        for left, right in zip(self.left, self.right, strict=False):
            op, text = (1, str(right or "")) if left != right else (0, str(left or ""))
            tag = self.TAGS[op]
            data.append(mark_safe(f"<{tag}>{conditional_escape(text)}</{tag}>" if text else ""))
        return data


class UnshownDiff(Diff):
    """No diff, for an import whose rows nobody sees (the confirmed import after its preview)."""

    def __init__(self, resource, instance, new) -> None:
        self.new = new

    def compare_with(self, resource, instance) -> None:
        pass

    def as_html(self) -> list:
        return []
