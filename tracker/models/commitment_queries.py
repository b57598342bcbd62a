"""How commitments are read: the named queries every page, list, export and tally uses
(``Commitment.objects``), and the columns they read."""

from typing import TYPE_CHECKING

from django.db import connections
from django.db.models import Exists, F, FilteredRelation, OuterRef, Prefetch, Q, Window
from django.db.models.functions import RowNumber

from .actors import Event, Organisation, Person
from .commitment_choices import CommitmentKind
from .commitment_parts import CommitmentParty, StatusChange
from .evidence import (
    EvidenceQuerySet,
    disputed_citations,
    disputed_row_by_row,
    public_citations,
)
from .places import Country
from .publishing import Publication

if TYPE_CHECKING:
    from .commitments import Commitment


def counted_once() -> Q:
    """Money that no published total already includes, of rows read
    ``with_published_total()``. Money inside a draft total counts on its own: the public
    does not see that total, so it must see this money."""
    return Q(published_total__isnull=True)


# Newest first by the country's party's copies of the sort keys (``involving_in_party_order``):
# the order of ``commitmentparty_newest_idx``, and of ``Commitment.NEWEST_FIRST``.
PARTY_NEWEST_FIRST = (
    F("country_party__commitment_announced_on").desc(nulls_last=True),
    "country_party__commitment_title",
    "country_party__commitment_id",
)

# The columns a row of the commitments list shows (tracker/templatetags/list_rows.py).
LIST_ROW_FIELDS = (
    "slug", "kind", "title", "status", "announced_on", "announced_on_precision",
    "amount_minor", "currency",
)  # fmt: skip
# What the tallies read of a published commitment (``commitment_tally_idx``).
TALLIED_FIELDS = [
    "kind", "status", "currency", "amount_minor", "included_in", "announced_on",
    "funder", "recipient",
]  # fmt: skip
# A list item (the country and organisation pages) says a little more than a table row.
ITEM_FIELDS = ("summary", "period_label")


class CommitmentQuerySet(EvidenceQuerySet):
    def partnerships(self):
        return self.filter(kind=CommitmentKind.PARTNERSHIP)

    def funding(self):
        return self.filter(kind=CommitmentKind.FUNDING)

    def pledges(self):
        return self.filter(kind=CommitmentKind.PLEDGE)

    def involving(self, country: Country):
        """Commitments the country is a party to: EXISTS, not a join, so no DISTINCT to
        sort and count (commitmentparty's unique (commitment, country) index answers it)."""
        parties = CommitmentParty.objects.filter(commitment=OuterRef("pk"), country=country)
        return self.filter(Exists(parties))

    def involving_in_party_order(self, country: Country):
        """``involving()``, joined to the country's party of each (``country_party``),
        whose copy of the commitment's sort keys orders them (filters.py's
        COUNTRY_SORTS): a page is read off the country's part of a party sort index
        rather than found among every commitment in the sort's order."""
        party = FilteredRelation("parties", condition=Q(parties__country=country))
        return self.annotate(country_party=party).filter(country_party__commitment_published=True)

    def announced_by(self, person: Person):
        """Commitments made in the person's published announcements."""
        return self.filter(
            announcement__speaker=person, announcement__publication=Publication.PUBLISHED
        )

    def made_at(self, event: Event):
        """Commitments made in published announcements at the event."""
        return self.filter(
            announcement__event=event, announcement__publication=Publication.PUBLISHED
        )

    def concerning(self, organisation: Organisation):
        """Commitments naming the organisation, funding it or funded by it, each once: the
        keys of each way read by its own index and joined by UNION (an OR of an EXISTS and
        two keys makes PostgreSQL scan every commitment)."""
        named = self.model.organisations.through.objects.filter(organisation=organisation)
        keys = named.values("commitment_id").union(
            self.model._base_manager.filter(funder=organisation).values("pk"),
            self.model._base_manager.filter(recipient=organisation).values("pk"),
        )
        return self.filter(pk__in=keys)

    def with_published_total(self):
        """Each commitment with ``published_total``: the total its money is inside
        (``included_in``) where that total is published, else NULL (``counted_once()``).
        A join on the published keys (commitment_tally_idx), read by key for the few rows
        inside a total, where a join to every commitment, to read each one's publication,
        hashed the whole table."""
        published_total = FilteredRelation(
            "included_in", condition=Q(included_in__publication=Publication.PUBLISHED)
        )
        return self.annotate(published_total=published_total)

    def countable_money(self):
        """Funding whose money is not already inside a published total, so nothing is
        counted twice, and money counted in a draft total is counted until it is published."""
        return self.funding().with_published_total().filter(counted_once())

    def for_listing(self):
        return self.select_related("funder", "recipient").with_parties()

    def for_list_rows(self):
        """What a row of the commitments list draws (``{% commitment_rows %}``), and no
        more: not its texts nor its funder and recipient, which PostgreSQL otherwise joined
        and read for every matching commitment before sorting and cutting the page."""
        return self.only(*LIST_ROW_FIELDS).with_parties()

    def for_items(self):
        """As the record pages' list items draw them (``record_items``): a row's columns,
        its summary and period, and the evidence."""
        return self.only(*LIST_ROW_FIELDS, *ITEM_FIELDS).with_parties().with_evidence()

    def with_parties(self):
        """Prefetch each commitment's ``parties`` with their countries (one query), as every
        page and export names them; once, however often asked (a list's rows go on to its
        export, which asks again, and Django refuses a prefetch given twice)."""
        asked = (
            getattr(lookup, "prefetch_to", lookup) for lookup in self._prefetch_related_lookups
        )
        if "parties" in asked:
            return self
        return self.prefetch_related(
            Prefetch("parties", queryset=CommitmentParty.objects.with_country())
        )

    def with_announcement(self):
        """With the announcement each was made in (None where it is a draft: ``published()``)."""
        return self.select_related("announcement")

    def with_links(self):
        """With the announcement (and its event), and the totals the money adds to or is
        counted in; each None where it is a draft (``published()``)."""
        return self.select_related("announcement__event", "adds_to", "included_in")

    def newest_of_each_kind(self, country: Country, limit: int):
        """The ``limit`` newest of each kind that ``country`` is a party to, newest first, in
        one query. Each kind's are read off the country's part of the parties' newest-first
        index until ``limit`` are of that kind (a UNION of one walk per kind), not ranked
        among every commitment of the country: that window read and sorted all of them,
        16 ms for Grenada's 1,053 at 100,000 and 192 ms for Paraguay's at 1,000,000, where
        the walks take 0.4 ms (benchmarks/RESULTS.md, pages6). SQLite cannot cut the parts
        of a UNION: there the window ranks them."""
        if connections[self.db].features.supports_slicing_ordering_in_compound:
            walks = [
                self.filter(kind=kind)
                .involving_in_party_order(country)
                .order_by(*PARTY_NEWEST_FIRST)
                .values("pk")[:limit]
                for kind in CommitmentKind.values
            ]
            chosen = walks[0].union(*walks[1:], all=True)
        else:
            rank = Window(RowNumber(), partition_by=F("kind"), order_by=self.model.NEWEST_FIRST)
            ranked = self.involving(country).annotate(rank_in_kind=rank)
            # Ranked by primary key alone, so only the chosen rows are joined to their
            # relations.
            chosen = ranked.filter(rank_in_kind__lte=limit).values("pk")
        return self.filter(pk__in=chosen).newest_first()

    def for_detail(self):
        status_history = StatusChange.objects.select_related("citation__source")
        return (
            self.select_related("funder", "recipient")
            .with_links()
            .with_parties()
            .prefetch_related(
                "organisations",
                Prefetch("status_history", queryset=status_history),
                public_citations(),
            )
        )

    def with_page_flags(self):
        """Each with ``disputed`` (some discrepancy has a version citing it) and
        ``has_linked_money`` (some published commitment adds to it or is counted in it):
        its page reads its discrepancies and its linked money only where there are some,
        a query each that most commitments, having neither, need not make."""
        linked = self.model._base_manager.filter(
            Q(adds_to=OuterRef("pk")) | Q(included_in=OuterRef("pk")),
            publication=Publication.PUBLISHED,
        )
        return self.annotate(
            disputed=disputed_row_by_row(self.model._meta.model_name),
            has_linked_money=Exists(linked),
        )

    def linked_to(self, funding: "Commitment"):
        """The money added to ``funding`` or already counted in it (one query for both:
        ``adds_to_id`` and ``included_in_id`` tell them apart)."""
        return self.filter(Q(adds_to=funding) | Q(included_in=funding)).newest_first()

    def for_export(self):
        """As the JSON API and the exports give it: with its parties, organisations, status
        history, sources and disagreements, in a fixed number of queries for any number."""
        status_history = StatusChange.objects.select_related("citation__source")
        return (
            self.for_listing()
            .with_links()
            .prefetch_related(
                "organisations",
                Prefetch("status_history", queryset=status_history),
                public_citations(),
                *disputed_citations(),
            )
        )
