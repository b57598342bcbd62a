"""What `verify_citations` checks beyond the excerpts: facts the public sees without a
source, wherever that can be told mechanically.

Each check yields one sentence per problem, naming the record, so an editor can go
straight to it.
"""

from collections.abc import Iterator

from tracker.models import (
    Discrepancy,
    DiscrepancyStatus,
    DisputedAspect,
    Person,
    Publication,
    Quote,
    Role,
    cited_models,
)

# An accepted version of where or when words were said that opens like this places them
# away from any event: a quote it is about cannot also name an event as where it was said.
NOT_AT_AN_EVENT = ("ahead of", "before", "after", "not at")


def records_without_a_published_source() -> Iterator[str]:
    """Published records whose citations are all of draft articles, or that cite none."""
    for model in cited_models():
        for record in model.objects.published().without_a_published_source():
            yield (
                f"{model._meta.verbose_name} “{record}” ({record.slug}) is published, but no "
                "published article backs it: its facts would show without a source."
            )


def roles_without_a_source() -> Iterator[str]:
    """Roles of people the public sees, with neither an excerpt naming them in it (of a
    published article) nor a background reference."""
    roles = (
        Role.objects.filter(person__in=Person.objects.public())
        .select_related("person", "citation__source")
        .order_by("person__name", "started_on", "pk")
    )
    for role in roles:
        cited = role.citation is not None and (
            role.citation.source.publication == Publication.PUBLISHED
        )
        if not cited and not role.background_reference:
            yield (
                f"Role “{role}” shows on {role.person}'s page and beside their quotes, but "
                "neither a published excerpt nor a background reference backs it."
            )


def quotes_placed_against_their_resolution() -> Iterator[str]:
    """Published quotes that name an event as where they were said although the accepted
    version of a resolved disagreement about their circumstances places them elsewhere."""
    quotes = Quote.objects.published().filter(event__isnull=False).select_related("event")
    for quote in quotes.order_by("slug"):
        resolved = Discrepancy.objects.about(quote).filter(
            status=DiscrepancyStatus.RESOLVED, aspect=DisputedAspect.CIRCUMSTANCES
        )
        for discrepancy in resolved.prefetch_related("versions"):
            for version in discrepancy.versions.all():
                if version.is_accepted and version.stated_value.lower().startswith(NOT_AT_AN_EVENT):
                    yield (
                        f"Quote {quote.slug} names “{quote.event}” as where it was said, "
                        f"but the accepted resolution of “{discrepancy.subject}” says "
                        f"“{version.stated_value}”."
                    )


CHECKS = (
    records_without_a_published_source,
    roles_without_a_source,
    quotes_placed_against_their_resolution,
)


def problems() -> list[str]:
    return [problem for check in CHECKS for problem in check()]
