"""The import and export resource of each record type, by slug."""

from django.core.exceptions import ValidationError
from django.db.models import Model
from import_export import fields
from import_export.instance_loaders import CachedInstanceLoader

from tracker import models
from tracker.excerpts import locate
from tracker.import_widgets import LIST_SEPARATOR, CurrencyWidget, IntegerWidget
from tracker.models.evidence import (
    hold_for_the_guard,
    hold_records_citing,
    left_without_a_published_source,
)
from tracker.resources.base import SLUGS_PER_QUERY, TrackerResource, slug_field, slug_list_field


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

    # The publication the file gives each article, by slug, until the first row holds
    # what the file changes (``hold_what_the_file_publishes_or_withdraws``).
    publication_in_file: dict[str, str] | None = None

    def before_import(self, dataset, **kwargs) -> None:
        super().before_import(dataset, **kwargs)
        headers = [str(header).strip() for header in (dataset.headers or [])]
        self.publication_in_file = (
            {
                str(slug).strip(): publication
                for slug, publication in zip(dataset["slug"], dataset["publication"], strict=True)
            }
            if "publication" in headers and "slug" in headers
            else None
        )

    def hold_what_the_file_publishes_or_withdraws(self) -> None:
        """Hold the records citing every article whose publication the file changes, then
        those articles, at the first row: each in one global order (every record type's in
        key order, then the articles in key order), records first as on every path that
        writes an article's publication. Held row by row, two imports listing the same
        articles in other orders each held what the other wanted next, and PostgreSQL
        aborted one. At the first row, not before: the file's articles are read then, as
        they were before it waited (a row publishing an article another editor published
        meanwhile is still written, as it was)."""
        wanted, self.publication_in_file = self.publication_in_file, None
        slugs = list(wanted)
        changing = []
        for start in range(0, len(slugs), SLUGS_PER_QUERY):
            chunk = slugs[start : start + SLUGS_PER_QUERY]
            found = models.SourceArticle.objects.filter(slug__in=chunk)
            changing += [
                pk
                for pk, slug, publication in found.values_list("pk", "slug", "publication")
                if wanted[slug] != publication
            ]
        articles = models.SourceArticle.objects.filter(pk__in=changing)
        hold_records_citing(articles)
        hold_for_the_guard(articles)

    def import_instance(self, instance, row, **kwargs) -> None:
        """A row may neither change an article's text so that it no longer holds what its
        citations quote, nor move an article to draft while it alone backs published
        records: the file says nothing of them, so the row is refused, naming them, rather
        than leaving them public without a source or moving them to draft unasked."""
        if self.publication_in_file is not None:
            self.hold_what_the_file_publishes_or_withdraws()
        publication_before = instance.publication if instance.pk is not None else None
        was_published = publication_before == models.Publication.PUBLISHED
        text_before = instance.text if instance.pk is not None else None
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if publication_before not in (None, instance.publication):
            # Before the row writes the article, as its form, the publish action and the
            # intake page do: writing it first held the article while migration 0030's
            # trigger waited for the commitments the intake page held, which then waited
            # for the article (a deadlock, one save lost). Held already at the first row
            # (``hold_what_the_file_publishes_or_withdraws``) but for a record that cited
            # the article since.
            hold_records_citing(models.SourceArticle.objects.filter(pk=instance.pk))
        instance.text_changed = text_before is not None and instance.text != text_before
        instance.text_before = text_before
        if instance.text_changed and "text" not in errors:
            lost = [
                citation
                for citation in instance.citations.all()
                if locate(citation.excerpt, instance.text) is None
            ]
            if lost:
                quoted = "; ".join(f"“{citation.excerpt}”" for citation in lost)
                errors["text"] = [
                    ValidationError(
                        f"The new text no longer contains what these citations quote: {quoted}. "
                        "Change or remove those citations first.",
                        code="cited_excerpt_lost",
                    )
                ]
        if was_published and instance.publication == models.Publication.DRAFT:
            left = self.left_unsourced(instance)
            if left:
                errors.setdefault("publication", []).append(left)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def left_unsourced(article) -> ValidationError | None:
        left = left_without_a_published_source(models.SourceArticle.objects.filter(pk=article.pk))
        if not left:
            return None
        names = ", ".join(f"{record._meta.verbose_name} “{record}”" for record in left)
        one = len(left) == 1
        return ValidationError(
            f"Moving this article back to draft would leave {names} without a published "
            f"source, and the public would see {'it' if one else 'them'} with none. Nothing "
            "was imported. Keep the article published in the file, or first move "
            f"{'that record' if one else 'those records'} to draft (or unpublish the article "
            "in the admin, which offers to move them with it).",
            code="leaves_records_unsourced",
        )

    def after_save_instance(self, instance, row, **kwargs) -> None:
        super().after_save_instance(instance, row, **kwargs)
        if getattr(instance, "text_changed", False):
            instance.citations_follow_text(instance.text_before)  # as the admin's form does


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


def resource_of(model: type[Model]) -> type[TrackerResource]:
    """The resource that imports and exports ``model`` (a proxy's: its concrete model's),
    as the resource's ``Meta.model`` says: a new resource needs no table of them."""
    concrete = model._meta.concrete_model
    for resource in TrackerResource.__subclasses__():
        if resource._meta.model is concrete:
            return resource
    raise LookupError(f"No resource imports {model.__name__}")
