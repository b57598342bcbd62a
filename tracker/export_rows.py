"""The commitments CSV's rows read as plain values, not model instances.

A CSV row needs a commitment's own columns, its parties' names and roles, its published
announcement's slug and whether its sources disagree: ``values()`` reads them in the
list's order, in chunks from a server-side cursor, and each chunk's parties come in one
more query. Building model instances (the commitment, its organisations, its parties
and their countries) and reversing a URL per row took three quarters of the export's
time (benchmarks/RESULTS.md); the cells are the same.
"""

from collections.abc import Iterator
from itertools import batched

from django.db.models import Case, F, QuerySet, Value, When
from django.urls import reverse

from tracker.models import CommitmentParty, PartyRole, Publication

# Rows read from the database at a time while streaming every export (with their
# prefetches, or here each chunk's parties).
CHUNK = 500
COMMITMENT_FIELDS = (
    "slug",
    "kind",
    "title",
    "summary",
    "status",
    "announced_on",
    "announced_on_precision",
    "amount_minor",
    "currency",
    "funding_type",
    "period_start",
    "period_start_precision",
    "period_end",
    "period_end_precision",
    "period_label",
    "purpose",
    "focus",
    "novelty",
    "signed_on",
    "signed_on_precision",
)
ROLE_WORDS = {role: label.lower() for role, label in PartyRole.choices}


def commitment_rows(commitments: QuerySet) -> Iterator[dict]:
    """Each commitment of ``commitments`` (annotated ``disputed``: ``with_evidence()``)
    as a dict of its columns, with ``parties`` ("Serbia (partner); …", in the parties'
    order), ``announcement_slug`` ("" when there is none or it is a draft) and ``path``."""
    # Every commitment's address is this with its slug (slugs need no quoting).
    prefix = reverse("commitment-detail", args=["slug"]).removesuffix("slug/")
    announcement = Case(
        When(announcement__publication=Publication.PUBLISHED, then=F("announcement__slug")),
        default=Value(""),
    )
    rows = commitments.values(
        "pk", *COMMITMENT_FIELDS, "disputed", announcement_slug=announcement
    ).iterator(chunk_size=CHUNK)
    for chunk in batched(rows, CHUNK):
        parties = _parties({row["pk"] for row in chunk})
        for row in chunk:
            row["parties"] = "; ".join(parties.get(row["pk"], ()))
            row["path"] = f"{prefix}{row['slug']}/"
            yield row


def _parties(commitment_ids: set[int]) -> dict[int, list[str]]:
    """Each commitment's parties as "Country (role)", in the order of ``parties.all()``."""
    parties: dict[int, list[str]] = {}
    rows = (
        CommitmentParty.objects.filter(commitment_id__in=commitment_ids)
        .order_by("commitment_id", "role", "country__name")
        .values_list("commitment_id", "country__name", "role")
    )
    for commitment_id, country, role in rows:
        parties.setdefault(commitment_id, []).append(f"{country} ({ROLE_WORDS[role]})")
    return parties
