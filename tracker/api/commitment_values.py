"""The API's list of commitments read as plain values and written as JSON directly.

``schemas.CommitmentOut`` describes each record (the OpenAPI document and the detail
endpoint use it); a page of the list is the same JSON, byte for byte, made from a few
``values()`` queries (the page's rows, then for all of them at once their parties,
organisations, status history, citations and discrepancies) without a model instance or
a schema object per row: those took most of the list's time (benchmarks/RESULTS.md).
What the public may not see stays out as in the schema: citations of unpublished
articles, and the slugs of draft announcements and totals.
"""

import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing
from itertools import batched

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja.responses import NinjaJSONEncoder

from tracker import export_rows, money, search_sql
from tracker.models import (
    Announcement,
    Citation,
    Commitment,
    CommitmentParty,
    DiscrepancyVersion,
    Publication,
    StatusChange,
)
from tracker.models.publishing import published_slug

ROW_FIELDS = (
    "pk", "slug", "kind", "title", "summary", "status", "announced_on",
    "announced_on_precision", "focus", "novelty", "signed_on", "signed_on_precision",
    "amount_minor", "currency", "funding_type", "period_start", "period_start_precision",
    "period_end", "period_end_precision", "period_label", "purpose",
    "funder__slug", "funder__name", "funder__abbreviation",
    "recipient__slug", "recipient__name", "recipient__abbreviation", "sources_disagree",
)  # fmt: skip
# A citation and its article, as CitationOut gives them, under a prefix ("citation__").
CITATION_FIELDS = (
    "excerpt", "start", "end", "source_id", "source__slug", "source__headline",
    "source__publisher", "source__published_on", "source__published_on_precision",
    "source__url", "source__publication",
)  # fmt: skip


def as_values(commitments: QuerySet) -> QuerySet:
    """The page's rows: each commitment's own columns, its funder's and recipient's, and
    the slugs of its announcement and totals where they are published."""
    return commitments.values(
        *ROW_FIELDS,
        announcement_slug=published_slug(Announcement, "announcement"),
        adds_to_slug=published_slug(Commitment, "adds_to"),
        included_in_slug=published_slug(Commitment, "included_in"),
    )


def json_page(request: HttpRequest, page: dict) -> HttpResponse:
    """``page`` (as ``routes.listing`` gives it, its results ``as_values``) as the JSON of
    ``schemas.Page[schemas.CommitmentOut]``, rendered as django-ninja renders it."""
    body = {**page, "results": Records(request).of(page["results"])}
    return HttpResponse(
        json.dumps(body, cls=NinjaJSONEncoder), content_type="application/json; charset=utf-8"
    )


def streamed_records(request: HttpRequest, commitments: QuerySet, count: int) -> Iterator[dict]:
    """Every commitment of ``commitments`` (``count`` of them) as a record, read a chunk
    at a time (the JSON export of the commitments list)."""
    records = Records(request)
    with closing(export_rows.streamed(as_values(commitments), count)) as read:
        for chunk in batched(read, export_rows.CHUNK):
            yield from records.of(list(chunk))


def _by_keys(name: str, model, build, ids: list[int]) -> QuerySet:
    """``build(ids)``, its SQL compiled once per process for each number of keys
    (``search_sql.by_keys``): building and compiling a page's five queries of what its
    records carry cost more of the page's time than running them."""
    return search_sql.by_keys(f"api-{name}", model, build, ids)


def _organisation(row: dict, prefix: str) -> dict | None:
    if row[f"{prefix}__slug"] is None:
        return None
    return {
        "slug": row[f"{prefix}__slug"],
        "name": row[f"{prefix}__name"],
        "abbreviation": row[f"{prefix}__abbreviation"] or None,
    }


class Records:
    """The records of one page, with what each carries, in a fixed number of queries."""

    def __init__(self, request: HttpRequest):
        self.origin = request.build_absolute_uri("/").removesuffix("/")
        self.commitment_path = reverse("commitment-detail", args=["slug"]).removesuffix("slug/")
        self.source_path = reverse("source-detail", args=[1]).removesuffix("1/")

    def of(self, rows: list[dict]) -> list[dict]:
        if not rows:  # an empty page: nothing to read for it
            return []
        ids = [row["pk"] for row in rows]
        citations = self._citations(ids)
        # Only a commitment flagged ``sources_disagree`` has discrepancies: none, no query.
        discrepancies = self._discrepancies([row["pk"] for row in rows if row["sources_disagree"]])
        parties = self._parties(ids)
        organisations = self._organisations(ids)
        history = self._status_history(ids)
        return [
            self._record(
                row,
                citations[row["pk"]],
                discrepancies[row["pk"]],
                parties[row["pk"]],
                organisations[row["pk"]],
                history[row["pk"]],
            )
            for row in rows
        ]

    def _record(self, row, citations, discrepancies, parties, organisations, history) -> dict:
        amount = None
        if row["amount_minor"] is not None and row["currency"]:
            amount = float(money.to_major(row["amount_minor"], row["currency"]))
        return {
            "slug": row["slug"],
            "url": f"{self.origin}{self.commitment_path}{row['slug']}/",
            "citations": citations,
            "discrepancies": discrepancies,
            "kind": row["kind"],
            "title": row["title"],
            "summary": row["summary"],
            "status": row["status"],
            "announced_on": row["announced_on"],
            "announced_on_precision": row["announced_on_precision"],
            "announcement": row["announcement_slug"],
            "parties": parties,
            "organisations": organisations,
            "focus": row["focus"] or None,
            "novelty": row["novelty"] or None,
            "signed_on": row["signed_on"],
            "signed_on_precision": row["signed_on_precision"],
            "amount_minor": row["amount_minor"],
            "amount": amount,
            "currency": row["currency"] or None,
            "funding_type": row["funding_type"] or None,
            "period_start": row["period_start"],
            "period_start_precision": row["period_start_precision"],
            "period_end": row["period_end"],
            "period_end_precision": row["period_end_precision"],
            "period_label": row["period_label"] or None,
            "purpose": row["purpose"] or None,
            "funder": _organisation(row, "funder"),
            "recipient": _organisation(row, "recipient"),
            "adds_to": row["adds_to_slug"],
            "included_in": row["included_in_slug"],
            "status_history": history,
        }

    def _citation(self, row: dict, prefix: str = "") -> dict | None:
        """A citation as CitationOut gives it; None where its article is unpublished."""
        if row[f"{prefix}source__publication"] != Publication.PUBLISHED:
            return None
        source_id = row[f"{prefix}source_id"]
        return {
            "source": {
                "id": source_id,
                "slug": row[f"{prefix}source__slug"],
                "headline": row[f"{prefix}source__headline"],
                "publisher": row[f"{prefix}source__publisher"] or None,
                "published_on": row[f"{prefix}source__published_on"],
                "published_on_precision": row[f"{prefix}source__published_on_precision"],
                "original_url": row[f"{prefix}source__url"] or None,
                "url": f"{self.origin}{self.source_path}{source_id}/",
            },
            "excerpt": row[f"{prefix}excerpt"],
            "start": row[f"{prefix}start"],
            "end": row[f"{prefix}end"],
        }

    def _citations(self, ids: list[int]) -> defaultdict:
        """Each commitment's citations whose articles are published, in Citation's order."""
        found = defaultdict(list)
        rows = _by_keys("citations", Citation, _public_citations, ids)
        for row in rows:
            found[row["commitment_id"]].append(self._citation(row))
        return found

    def _discrepancies(self, ids: list[int]) -> defaultdict:
        """Each commitment's discrepancies (some version cites one of its citations), by
        status, subject and key, each with its public versions in their order."""
        if not ids:
            return defaultdict(list)
        # In no order (they are sorted below), without the versions' default order by
        # their discrepancy's, which joined the discrepancies.
        about = _by_keys("discrepancies", DiscrepancyVersion, _versions_citing, ids)
        discrepancies_of = defaultdict(set)
        for commitment_id, discrepancy_id in about:
            discrepancies_of[commitment_id].add(discrepancy_id)
        every = set().union(*discrepancies_of.values())
        versions = (
            DiscrepancyVersion.objects.public()
            .filter(discrepancy__in=every)
            .values(
                "discrepancy_id",
                "discrepancy__slug",
                "discrepancy__subject",
                "discrepancy__aspect",
                "discrepancy__status",
                "discrepancy__resolution",
                "stated_value",
                "is_accepted",
                *(f"citation__{field}" for field in CITATION_FIELDS),
            )
        )
        discrepancies = {}
        for row in versions:
            discrepancy = discrepancies.get(row["discrepancy_id"])
            if discrepancy is None:
                discrepancy = discrepancies[row["discrepancy_id"]] = {
                    "slug": row["discrepancy__slug"],
                    "subject": row["discrepancy__subject"],
                    "aspect": row["discrepancy__aspect"],
                    "status": row["discrepancy__status"],
                    "resolution": row["discrepancy__resolution"] or None,
                    "versions": [],
                }
            discrepancy["versions"].append(
                {
                    "stated_value": row["stated_value"],
                    "is_accepted": row["is_accepted"],
                    "citation": self._citation(row, "citation__"),
                }
            )
        found = defaultdict(list)
        for commitment_id, chosen in discrepancies_of.items():
            in_order = sorted(
                chosen,
                key=lambda pk: (discrepancies[pk]["status"], discrepancies[pk]["subject"], pk),
            )
            found[commitment_id] = [discrepancies[pk] for pk in in_order]
        return found

    def _parties(self, ids: list[int]) -> defaultdict:
        found = defaultdict(list)
        for row in _by_keys("parties", CommitmentParty, _parties, ids):
            country = {
                "code": row["country__code"],
                "slug": row["country__slug"],
                "name": row["country__name"],
            }
            found[row["commitment_id"]].append({"country": country, "role": row["role"]})
        return found

    def _organisations(self, ids: list[int]) -> defaultdict:
        found = defaultdict(list)
        named = Commitment.organisations.through
        for row in _by_keys("organisations", named, _organisations, ids):
            found[row["commitment_id"]].append(_organisation(row, "organisation"))
        return found

    def _status_history(self, ids: list[int]) -> defaultdict:
        found = defaultdict(list)
        for row in _by_keys("status-history", StatusChange, _status_history, ids):
            found[row["commitment_id"]].append(
                {
                    "status": row["status"],
                    "changed_on": row["changed_on"],
                    "changed_on_precision": row["changed_on_precision"],
                    "reason": row["reason"],
                    "citation": self._citation(row, "citation__"),
                }
            )
        return found


# What a page's records carry, each read for the page's keys (``Records``).


def _public_citations(ids: list[int]) -> QuerySet:
    """Each commitment's citations whose articles are published, in Citation's order."""
    rows = Citation.objects.public().filter(commitment__in=ids)
    return rows.values("commitment_id", *CITATION_FIELDS)


def _versions_citing(ids: list[int]) -> QuerySet:
    """Which discrepancies have a version citing each commitment from a published article
    (as its ``sources_disagree`` says), in no order (they are sorted after), without the
    versions' default order by their discrepancy's, which joined the discrepancies."""
    rows = DiscrepancyVersion.objects.filter(
        citation__commitment__in=ids, citation__source__publication=Publication.PUBLISHED
    ).order_by()
    return rows.values_list("citation__commitment_id", "discrepancy_id")


def _parties(ids: list[int]) -> QuerySet:
    """Each commitment's parties in their default order, without its default order by the
    commitment's own (date, title), which joined every commitment for each chunk."""
    rows = CommitmentParty.objects.filter(commitment__in=ids)
    return rows.order_by("commitment_id", "role", "country__name").values(
        "commitment_id", "country__code", "country__slug", "country__name", "role"
    )


def _organisations(ids: list[int]) -> QuerySet:
    named = Commitment.organisations.through.objects.filter(commitment__in=ids)
    return named.order_by("organisation__name").values(
        "commitment_id", "organisation__slug", "organisation__name", "organisation__abbreviation"
    )


def _status_history(ids: list[int]) -> QuerySet:
    """By date within each commitment, as by default, without joining every commitment for
    the default's order by commitment (as the parties)."""
    changes = StatusChange.objects.filter(commitment__in=ids)
    return changes.order_by("commitment_id", "changed_on", "pk").values(
        "commitment_id", "status", "changed_on", "changed_on_precision", "reason",
        *(f"citation__{field}" for field in CITATION_FIELDS),
    )  # fmt: skip
