"""What an organisation's page counts and chooses among all of its records, read once per
data version (``remembered(request, key(slug), lambda: summary(slug, n))``).

The public organisation with its published announcements, quotes and figures counted; its
commitments tallied by status and currency (their total, and the page's meter and money
drawn, ``overview.drawn_glance``); and the keys of the newest few commitments,
announcements, quotes and figures. Reading them takes the organisation's four correlated
``EXISTS`` (whether it is public), three counts, the commitments' UNION of three ways twice
(the tally and the newest), and a roles subquery for its quotes: some 7 ms of SQL building
and a query more than reading the chosen rows by key, on every build, though only an edit
changes any of it (benchmarks/RESULTS.md, issue 18).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet
from django.utils.safestring import SafeString

from tracker import overview
from tracker.chosen_records import Shown, compiled_for, first_or_404, read_by_key, row_count
from tracker.models import Announcement, Commitment, Figure, Organisation, Quote
from tracker.overview.tally import tallied
from tracker.search_related import read_with_related


@dataclass(frozen=True)
class OrganisationSummary:
    # with ``announcement_total``, ``quote_total`` and ``figure_total``, and its country
    organisation: Organisation
    commitment_total: int
    glance: SafeString  # its commitments' status meter and money totals, drawn
    commitments: list[int]  # the keys of the newest of each kind of record it shows
    announcements: list[int]
    quotes: list[int]
    figures: list[int]

    def shown(self) -> Shown:
        """The chosen records, read by key."""
        return read_by_key(self.commitments, self.announcements, self.quotes, self.figures)


def key(slug: str) -> str:
    """The name an organisation's summary is remembered under (the address's slug). Not the
    name its earlier shape, with its glance undrawn, was remembered under: a shared cache
    may still hold that for the current data version."""
    return f"organisation-page-summary:{slug}"


def public_organisation(slug: str) -> Organisation:
    """The public organisation at ``slug`` with its records counted (404 if there is none)."""
    return first_or_404(
        compiled_for(
            "organisation-page",
            Organisation,
            lambda slug: (
                Organisation.objects.public()
                .for_detail()
                .annotate(**record_totals())
                .filter(slug=slug)
            ),
            slug,
        )
    )


def record_totals() -> dict:
    """The organisation's published announcements, quotes and figures counted within the
    query that reads it (``OuterRef("pk")``: the organisation), so they cost no query."""
    here = OuterRef("pk")
    return {
        "announcement_total": row_count(
            Announcement.objects.published().filter(organisations=here)
        ),
        # said_for() reads roles in a subquery of the quotes: the organisation is one more out.
        "quote_total": row_count(Quote.objects.published().said_for(OuterRef(here))),
        "figure_total": row_count(Figure.objects.published().in_announcements_naming(here)),
    }


def summary(slug: str, newest_of_each: int) -> tuple[OrganisationSummary, Shown]:
    """The public organisation at ``slug`` (404 if there is none) and what its page counts,
    with the records it shows as read: the build that counts uses them, so it needs no
    query more than before."""
    organisation = public_organisation(slug)
    key = organisation.pk
    # The tally counts the commitments by status and currency: their total is its sum.
    tally = list(
        compiled_for(
            "organisation-tally",
            Commitment,
            lambda pk: tallied(Commitment.objects.published().concerning(Organisation(pk=pk))),
            key,
        )
    )
    shown = Shown(
        commitments=_newest(
            Commitment,
            lambda pk: Commitment.objects.published().for_items().concerning(Organisation(pk=pk)),
            key,
            newest_of_each,
        ),
        announcements=_newest(
            Announcement,
            lambda pk: Announcement.objects.published().for_items().filter(organisations=pk),
            key,
            newest_of_each,
        ),
        quotes=_newest(
            Quote,
            lambda pk: Quote.objects.published().for_items().said_for(Organisation(pk=pk)),
            key,
            newest_of_each,
        ),
        figures=_newest(
            Figure,
            lambda pk: (
                Figure.objects.published().for_items().in_announcements_naming(Organisation(pk=pk))
            ),
            key,
            newest_of_each,
        ),
    )
    counted = OrganisationSummary(
        organisation=organisation,
        commitment_total=sum(row["commitments"] for row in tally),
        glance=overview.drawn_glance(
            overview.glance_of(tally, {"organisation": slug}), indent="  "
        ),
        commitments=_keys(shown.commitments),
        announcements=_keys(shown.announcements),
        quotes=_keys(shown.quotes),
        figures=_keys(shown.figures),
    )
    return counted, shown


def _newest(model, rows: Callable[[int], QuerySet], key: int, count: int) -> list:
    """The ``count`` newest of ``rows(key)``, the organisation's records of ``model``, with
    the relations their items draw read by key (``search_related``)."""
    return read_with_related(
        compiled_for(
            f"organisation-newest-{count}",
            model,
            lambda pk: rows(pk).newest_first()[:count],
            key,
        )
    )


def _keys(records: list) -> list[int]:
    return [record.pk for record in records]
