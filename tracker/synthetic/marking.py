"""What marks a record synthetic, and removing every synthetic record and nothing else.

Every synthetic slug starts with ``synthetic-`` and every synthetic source
article's publisher is ``SYNTHETIC_PUBLISHER``, so synthetic records are never
taken for real ones and can be purged without touching real ones.
"""

from collections import Counter

from django.db import transaction
from django.db.models import Q

from tracker import models as m

SLUG_PREFIX = "synthetic-"
SYNTHETIC_PUBLISHER = "Synthetic data (not real)"
SYNTHETIC_NOTE = "Synthetic record generated for benchmarks; not real."
# Where a synthetic role "comes from": a reserved domain, so no reader mistakes it for a source.
SYNTHETIC_REFERENCE = "https://example.org/synthetic-data-not-real"

# The actors, every record a citation can support, and the disagreements about them.
SLUGGED_MODELS = (
    m.SourceArticle,
    m.Organisation,
    m.Person,
    m.Event,
    *m.cited_models(),
    m.Discrepancy,
)


def synthetic_q(model) -> Q:
    """The condition that picks the synthetic rows of a slugged model."""
    q = Q(slug__startswith=SLUG_PREFIX)
    return q & Q(publisher=SYNTHETIC_PUBLISHER) if model is m.SourceArticle else q


def real_record_counts() -> dict[str, int]:
    """How many real (non-synthetic) records each model holds, for those that hold any."""
    counts = {
        model._meta.verbose_name_plural: model.objects.exclude(synthetic_q(model)).count()
        for model in SLUGGED_MODELS
    }
    return {name: count for name, count in counts.items() if count}


def _lists_of_synthetic(syn: dict) -> list[tuple]:
    """The rows of the cited records' many-to-many lists (countries, organisations) whose
    record, or whose listed organisation, is synthetic."""
    steps = []
    for model in m.cited_models():
        for field in model._meta.many_to_many:
            listed = field.related_model
            condition = Q(**{f"{model._meta.model_name}__in": syn[model]})
            if listed in syn:
                condition |= Q(**{f"{listed._meta.model_name}__in": syn[listed]})
            steps.append((field.remote_field.through, condition))
    return steps


def purge() -> Counter:
    """Delete every synthetic record, and nothing else; return the rows deleted per table.

    One direct DELETE per table and batch, bottom-up: the collector behind
    ``QuerySet.delete()`` would load every row first. The database checks the
    foreign keys at commit, so nothing is left dangling.
    """
    syn = {model: model.objects.filter(synthetic_q(model)) for model in SLUGGED_MODELS}
    cites = Q(source__in=syn[m.SourceArticle])
    for target in m.CITATION_TARGETS:
        cites |= Q(**{f"{target}__slug__startswith": SLUG_PREFIX})
    citations = m.Citation.objects.filter(cites).values("pk")
    org = syn[m.Organisation]
    steps = [
        (m.DiscrepancyVersion, Q(discrepancy__in=syn[m.Discrepancy]) | Q(citation__in=citations)),
        (m.Discrepancy, synthetic_q(m.Discrepancy)),
        (m.StatusChange, Q(commitment__in=syn[m.Commitment]) | Q(citation__in=citations)),
        (m.Citation, Q(pk__in=citations)),
        (m.CommitmentParty, Q(commitment__in=syn[m.Commitment])),
        *_lists_of_synthetic(syn),
        *((model, synthetic_q(model)) for model in m.cited_models()),
        (m.Role, Q(person__in=syn[m.Person]) | Q(organisation__in=org)),
        *((model, synthetic_q(model)) for model in (m.Person, m.Event, m.Organisation)),
        (m.SourceArticle, synthetic_q(m.SourceArticle)),
    ]
    deleted = Counter()
    with transaction.atomic():
        for model, condition in steps:
            # Ids first: the conditions read rows that earlier steps delete, and
            # not every backend lets a DELETE read its own table in a subquery.
            ids = list(model.objects.filter(condition).values_list("pk", flat=True))
            for start in range(0, len(ids), 5000):
                batch = model.objects.filter(pk__in=ids[start : start + 5000])
                deleted[model._meta.verbose_name_plural] += batch._raw_delete(batch.db)
    return +deleted
