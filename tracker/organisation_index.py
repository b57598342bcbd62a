"""The organisations index's counts: each organisation's published commitments (among
their organisations, as funder or as recipient, each commitment once) and published
announcements.

Counted by grouped queries over every organisation at once, remembered per data version
by the callers (``remembered(request, COUNTS, counts)``), rather than by correlated
subqueries per organisation: sorting by commitments needs every organisation's count, and
at 100,000 commitments three correlated counts for each of 400 organisations read 234,600
buffers (about 1 s under load), where the grouped counts read each relation once
(benchmarks/RESULTS.md, issue 18). ``Organisation.objects.public_with_counts(counts)``
gives them to the index's query as values, so the page, its exports and the API sort and
show the same numbers, and takes the organisations with a count as the public ones.
"""

from collections import Counter

from django.db.models import Count, Exists, F, OuterRef

from tracker.models import Announcement, Commitment, Publication

COUNTS = "organisation-index-counts"


def _by_organisation(rows, organisation: str):
    return rows.order_by().values_list(organisation).annotate(n=Count("pk"))


def commitment_counts() -> dict[int, int]:
    """How many published commitments name each organisation: those listing it among their
    organisations, plus those naming it only as funder, plus only as recipient, so each
    commitment counts once. One query: the three grouped counts joined by UNION ALL."""
    listing = Commitment.organisations.through.objects
    published = Commitment._base_manager.filter(publication=Publication.PUBLISHED)

    def not_listing(column: str) -> Exists:
        return ~Exists(listing.filter(commitment=OuterRef("pk"), organisation=OuterRef(column)))

    listed = _by_organisation(
        listing.filter(commitment__publication=Publication.PUBLISHED), "organisation"
    )
    funded = _by_organisation(
        published.filter(not_listing("funder"), funder__isnull=False), "funder"
    )
    received = _by_organisation(
        published.filter(not_listing("recipient"), recipient__isnull=False).exclude(
            funder=F("recipient")
        ),
        "recipient",
    )
    counts: Counter[int] = Counter()
    for organisation, n in listed.union(funded, received, all=True):
        counts[organisation] += n
    return dict(counts)


def announcement_counts() -> dict[int, int]:
    """How many published announcements name each organisation."""
    listing = Announcement.organisations.through.objects
    return dict(
        _by_organisation(
            listing.filter(announcement__publication=Publication.PUBLISHED), "organisation"
        )
    )


def counts() -> dict[str, dict[int, int]]:
    """The index's counts by the name its rows carry them under, each by organisation."""
    return {
        "commitment_count": commitment_counts(),
        "announcement_count": announcement_counts(),
    }
