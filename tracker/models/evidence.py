"""What a list row says about a record's evidence: how many published articles back it,
and whether they disagree. Annotated in the listing querysets (one correlated subquery
each), so a list's query count does not grow with its rows."""

from functools import cache

from django.db.models import (
    Count,
    Exists,
    Expression,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from .discrepancies import DiscrepancyVersion
from .publishing import Publication, PublishableQuerySet
from .sources import Citation, citation_target, cited_models


class EvidenceQuerySet(PublishableQuerySet):
    def with_evidence(self):
        """Annotate ``source_count`` (published articles citing the record, each once) and
        ``disputed`` (some discrepancy has a version citing it from a published article)."""
        return self.annotate(**evidence_of(self.model))

    def without_a_published_source(self, unpublishing=None, losing=None):
        """The records that no citation of a published article backs (those citing none
        too): the public may not see them. The one check of every write path that publishes
        a record, restores or brings one back, unpublishes an article, or deletes or moves a
        citation, and of ``verify_citations``. With ``unpublishing`` (source articles), as
        if those were drafts already; with ``losing`` (citations), as if those were gone."""
        backing = Citation.objects.filter(
            **{citation_target(self.model): OuterRef("pk")},
            source__publication=Publication.PUBLISHED,
        )
        if unpublishing is not None:
            backing = backing.exclude(source__in=unpublishing)
        if losing is not None:
            backing = backing.exclude(pk__in=losing)
        return self.filter(~Exists(backing))


def hold_for_the_guard(records) -> None:
    """Lock ``records`` (one record type's queryset), in key order, until the transaction
    ends, before checking whether they keep a published source. On PostgreSQL two editors
    each taking away one of a record's two sources (a citation, an article), or one
    publishing a draft while another takes away its source, both passed the check, each
    reading the other's change as not yet committed, and left a published record with
    none. The second now waits for the first, then checks what it committed. FOR NO KEY
    UPDATE, so a citation inserted meanwhile (its foreign key's FOR KEY SHARE) does not
    wait. SQLite writes one transaction at a time (IMMEDIATE): nothing is locked there."""
    list(records.order_by("pk").select_for_update(no_key=True).values_list("pk", flat=True))


def hold_records_cited_by(citations) -> None:
    """``hold_for_the_guard()`` of every record ``citations`` cite, published or not (a
    draft being published waits too), each record type's in ``CITATION_TARGETS``' order."""
    for model in cited_models():
        cited = citations.values(citation_target(model))
        hold_for_the_guard(model._base_manager.filter(pk__in=cited))


def hold_records_citing(articles) -> None:
    """Hold the records citing ``articles`` (source articles) before their publication is
    written, in the transaction that writes it: writing it first held the article while
    migration 0030's trigger waited for its commitments, and the intake page's publishing,
    which holds the records and then writes the article, deadlocked with it (review13 D2).
    Every path that changes an article's publication (its form, the publish and unpublish
    actions, the intake page, an import) holds the records first, in the guards' order,
    all of them in one call: an import holds those of every article its file publishes or
    withdraws at its first row, since two imports holding them article by article, in
    their files' orders, deadlocked."""
    hold_records_cited_by(Citation.objects.filter(source__in=articles))


def left_without_a_published_source(articles) -> list[Model]:
    """The published records that ``articles`` (source articles) alone back: those that
    would be left without a published source once the articles are drafts, each record
    type's in ``CITATION_TARGETS``' order. Holds the records the articles back first
    (``hold_records_citing``): call it in the transaction that unpublishes them."""
    hold_records_citing(articles)
    left = []
    for model in cited_models():
        citing = Citation.objects.filter(source__in=articles).values(citation_target(model))
        records = model.objects.filter(publication=Publication.PUBLISHED, pk__in=citing)
        left += records.without_a_published_source(unpublishing=articles).order_by("pk")
    return left


def left_without_a_published_source_by_citations(citations) -> list[Model]:
    """The published records that ``citations`` alone back with a published article: those
    that would be left without a published source once the citations are deleted, or
    moved to another article or record, each record type's in ``CITATION_TARGETS``' order.
    Locks the records they cite first (``hold_records_cited_by``): call it in the
    transaction that deletes or moves them."""
    hold_records_cited_by(citations)
    left = []
    for model in cited_models():
        cited = citations.values(citation_target(model))
        records = model.objects.filter(publication=Publication.PUBLISHED, pk__in=cited)
        left += records.without_a_published_source(losing=citations.values("pk")).order_by("pk")
    return left


@cache
def evidence_of(model: type[Model]) -> dict[str, Expression]:
    """``with_evidence()``'s annotations for the records of ``model``, made once per model:
    making their two subqueries cost about a millisecond per queryset (a country page builds
    four), and ``annotate()`` copies an expression before resolving it against its query,
    so the one made here is never changed."""
    target = model._meta.model_name
    sources = (
        Citation.objects.filter(
            **{target: OuterRef("pk")}, source__publication=Publication.PUBLISHED
        )
        .order_by()
        .values(target)
        .annotate(articles=Count("source", distinct=True))
        .values("articles")
    )
    return {
        "source_count": Coalesce(Subquery(sources, output_field=IntegerField()), Value(0)),
        "disputed": disputed_row_by_row(target),
    }


def disputed_row_by_row(target: str) -> Exists:
    """Whether some discrepancy has a version citing the ``target`` record (its model name)
    from a published article, probed row by row: the one rule of a public disagreement (a
    draft article's version is none), which the commitments' ``sources_disagree`` keeps
    (migration 0030) and ``Discrepancy.objects.about`` reads."""
    # The record's own citations first (two or three, by the index on the record's
    # key), then their versions (by the index on the citation): the record is named
    # one level down, inside the citations' subquery, so PostgreSQL cannot turn the
    # EXISTS into one hashed set of every disputed record, which joined every citation
    # in the table (257,000 at 100,000 commitments) on every request.
    own_citations = Citation.objects.public().filter(**{target: OuterRef(OuterRef("pk"))})
    return Exists(DiscrepancyVersion.objects.filter(citation__in=own_citations.values("pk")))


def public_citations() -> Prefetch:
    """A record's citations whose articles are published, each with its article."""
    return Prefetch("citations", queryset=Citation.objects.public().with_sources())


def disputed_citations() -> list[Prefetch]:
    """A record's citations of published articles that some discrepancy quotes
    (``disputed_citations``, as ``disputed_row_by_row`` counts them), each with its versions'
    discrepancies and all their public versions (``DiscrepancyVersion.objects.public()``),
    so that the discrepancies about every record of a list are known in a fixed number of
    queries."""
    disputed = (
        Citation.objects.public()
        .filter(Exists(DiscrepancyVersion.objects.filter(citation=OuterRef("pk"))))
        .order_by("pk")
    )
    return [
        Prefetch("citations", queryset=disputed, to_attr="disputed_citations"),
        Prefetch(
            "disputed_citations__versions",
            queryset=DiscrepancyVersion.objects.select_related("discrepancy"),
        ),
        Prefetch(
            "disputed_citations__versions__discrepancy__versions",
            queryset=DiscrepancyVersion.objects.public().select_related("citation__source"),
        ),
    ]
