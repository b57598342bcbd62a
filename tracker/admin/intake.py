"""The intake assistant's admin pages: what was found in an article, and the actions on it.

``admin/tracker/sourcearticle/<id>/intake/`` lists the candidates by kind, each
highlighted in its context, with one action (and, when a matching record may
measure something else, “draft a new record instead” beside it); the action
posts to ``…/intake/accept/`` (``intake_accepting``), which drafts or cites and comes
back to the intake page at the row; ``…/intake/publish/`` publishes the article and its
drafts (``intake_publishing``); ``…/sourcearticle/from-page/`` adds an article from a
web page (``intake_from_page``).
"""

from dataclasses import dataclass, field

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from tracker.admin.display import admin_url, record_kind
from tracker.admin.intake_accepting import AcceptViews, open_discrepancies
from tracker.admin.intake_from_page import FromPageViews
from tracker.admin.intake_publishing import PublishViews, drafts_citing
from tracker.intake import analysed
from tracker.intake.actions import Plan, Planner
from tracker.intake.candidates import Candidate, Kind
from tracker.intake.text import context, layout
from tracker.models import (
    Country,
    Partnership,
    Person,
    SourceArticle,
)

SECTIONS = (
    (Kind.QUOTE, "Quotes", "Quoted passages, with the speaker the attribution names."),
    (Kind.MONEY, "Amounts of money", "As data: minor units of an ISO 4217 currency."),
    (Kind.FIGURE, "Figures", "Numbers of something counted."),
    (Kind.COUNTRY, "Countries", "Names, adjectives and other names of countries."),
    (Kind.DATE, "Dates", "Resolved against the article’s publication date where possible."),
    (Kind.PERSON, "People", "People the tracker knows, by name, surname or role."),
    (Kind.ORGANISATION, "Organisations", "By name or abbreviation."),
    (Kind.EVENT, "Events", "By name or initials."),
)
_ACTIONABLE = (Kind.QUOTE, Kind.MONEY, Kind.FIGURE, Kind.COUNTRY)
# Candidates of one kind listed at most: the first ones in the text (issue 17, item 7).
ROWS_SHOWN = 300
_GROUPED = (Kind.COUNTRY, Kind.DATE, Kind.PERSON, Kind.ORGANISATION, Kind.EVENT)
_BUTTONS = {
    (Kind.QUOTE, Plan.DRAFT): "Draft a quote",
    (Kind.QUOTE, Plan.CITE): "Cite for this quote",
    (Kind.MONEY, Plan.DRAFT): "Draft a funding commitment",
    (Kind.MONEY, Plan.CITE): "Cite for this record",
    (Kind.FIGURE, Plan.DRAFT): "Draft a figure",
    (Kind.FIGURE, Plan.CITE): "Cite for this figure",
    (Kind.COUNTRY, Plan.DRAFT): "Draft a partnership",
}
_INSTEAD = {
    Kind.MONEY: "Draft a new funding commitment instead",
    Kind.FIGURE: "Draft a new figure instead",
}


@dataclass
class Row:
    candidate: Candidate
    before: str
    excerpt: str
    after: str
    plan: Plan | None = None
    allowed: bool = False
    button: str = ""
    record_url: str = ""
    record_kind: str = ""
    speakers: list = field(default_factory=list)
    instead_button: str = ""  # beside a cite that may measure something else
    countries: list = field(default_factory=list)
    recorded: list = field(default_factory=list)  # partnerships with a country, for reference
    others: list = field(default_factory=list)  # further mentions of the same thing

    @property
    def needs_speaker(self) -> bool:
        return (
            self.plan is not None
            and self.plan.action == Plan.DRAFT
            and self.candidate.kind == Kind.QUOTE
        )


class IntakeViews(FromPageViews, AcceptViews, PublishViews):
    """The intake pages of the SourceArticle admin (``model_admin``)."""

    def __init__(self, model_admin) -> None:
        self.model_admin = model_admin
        self.site = model_admin.admin_site

    def urls(self) -> list:
        prefix = f"{self.model_admin.opts.app_label}_{self.model_admin.opts.model_name}"
        return [
            path(
                "from-page/",
                self.site.admin_view(self.from_page),
                name=f"{prefix}_from_page",
            ),
            path(
                "<path:object_id>/intake/",
                self.site.admin_view(self.page),
                name=f"{prefix}_intake",
            ),
            path(
                "<path:object_id>/intake/accept/",
                self.site.admin_view(require_POST(self.accept)),
                name=f"{prefix}_intake_accept",
            ),
            path(
                "<path:object_id>/intake/publish/",
                self.site.admin_view(require_POST(self.publish)),
                name=f"{prefix}_intake_publish",
            ),
        ]

    def _article(self, request, object_id) -> SourceArticle:
        article = self.model_admin.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No source article with that id.")
        if not self.model_admin.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def _admin_of(self, model):
        return self.site._registry.get(model)

    def _allowed(self, request, plan: Plan) -> bool:
        model_admin = self._admin_of(plan.model)
        if model_admin is None:
            return False
        if plan.action == Plan.DRAFT:
            return model_admin.has_add_permission(request)
        if plan.action == Plan.CITE:
            return model_admin.has_change_permission(request, plan.record)
        return False

    # -----------------------------------------------------------------------

    def page(self, request, object_id):
        article = self._article(request, object_id)
        candidates = analysed(article)
        planner = Planner(article, candidates)
        mentioned = {c.record_id for c in candidates if c.kind == Kind.PERSON}
        speakers = list(Person.objects.filter(pk__in=mentioned).order_by("name"))
        named = {code for c in candidates for code in c.country_codes}
        countries = Country.objects.in_bulk(named)
        partnerships = _partnerships_with(named)
        sections = []
        for kind, title, description in SECTIONS:
            of_kind = [c for c in candidates if c.kind == kind]
            # a very long article's page still answers well within a worker's timeout
            shown = of_kind[:ROWS_SHOWN]
            rows = self._rows(request, article, shown, planner, speakers, countries)
            for row in rows:
                if kind == Kind.COUNTRY and row.plan and row.plan.action == Plan.DRAFT:
                    row.recorded = partnerships.get(row.candidate.country_codes[0], [])
            sections.append(
                {
                    "kind": kind,
                    "title": title,
                    "description": description,
                    "rows": rows,
                    "count": len(of_kind),
                    "cut": len(of_kind) > len(shown),
                    "grouped": kind in _GROUPED,
                    "has_actions": kind in _ACTIONABLE,
                }
            )
        opts = self.model_admin.opts
        context_data = {
            **self.site.each_context(request),
            "title": "Intake assistant",
            "subtitle": article.headline,
            "opts": opts,
            "original": article,
            "article": article,
            "sections": sections,
            "total": len(candidates),
            "speakers": speakers,
            "discrepancies": list(open_discrepancies(article)),
            "drafts": drafts_citing(article),
            "publish_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_intake_publish", args=[article.pk]
            ),
            "change_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[article.pk]
            ),
            "accept_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_intake_accept", args=[article.pk]
            ),
            "can_add_person": self._admin_of(Person).has_add_permission(request),
            "can_act": any(row.allowed for section in sections for row in section["rows"]),
            "found": [section for section in sections if section["rows"]],
            "not_found": [section["title"].lower() for section in sections if not section["rows"]],
        }
        request.current_app = self.site.name
        return TemplateResponse(request, "admin/tracker/sourcearticle/intake.html", context_data)

    def _rows(self, request, article, candidates, planner, speakers, countries) -> list[Row]:
        rows: list[Row] = []
        by_thing: dict = {}
        for candidate in candidates:
            row = Row(candidate, *_context(article.text, candidate))
            row.countries = [countries[code] for code in candidate.country_codes]
            if candidate.kind in _GROUPED:
                # one row per country, person, date…, with its other mentions under it
                thing = (
                    candidate.kind,
                    candidate.country_codes or candidate.label,
                    candidate.record_id,
                )
                first = by_thing.get(thing)
                if first is not None:
                    first.others.append(row)
                    if candidate.kind == Kind.COUNTRY:
                        self._plan(request, row, planner, speakers)
                    continue
                by_thing[thing] = row
            self._plan(request, row, planner, speakers)
            rows.append(row)
        return rows

    def _plan(self, request, row: Row, planner: Planner, speakers) -> None:
        plan = planner.plan(row.candidate)
        row.plan = plan
        if plan is None:
            return
        if plan.record is not None:
            row.record_url = admin_url(plan.record)
            row.record_kind = record_kind(plan.record)
        row.allowed = self._allowed(request, plan)
        row.button = _BUTTONS.get((row.candidate.kind, plan.action), "")

        if plan.similar:
            row.recorded = [(record, admin_url(record)) for record in plan.similar]
        if plan.warning and self._allowed(request, plan.instead()):
            row.instead_button = _INSTEAD[row.candidate.kind]
        if row.needs_speaker:
            row.speakers = speakers
            # with no one to choose, the editor names a new person (who may add people)
            if not speakers and not self._admin_of(Person).has_add_permission(request):
                row.allowed = False


def _partnerships_with(codes) -> dict[str, list]:
    """A few partnerships each country is already a party to, so none is drafted twice."""
    found: dict[str, list] = {}
    partnerships = (
        Partnership.objects.filter(parties__country_id__in=codes)
        .distinct()
        .order_by("title")
        .prefetch_related("parties")
    )
    for partnership in partnerships:
        for party in partnership.parties.all():
            listed = found.setdefault(party.country_id, [])
            if len(listed) < 3 and all(p.pk != partnership.pk for p, _ in listed):
                listed.append((partnership, admin_url(partnership)))
    return found


def _context(text: str, candidate: Candidate) -> tuple[str, str, str]:
    """The candidate in its paragraph, or in the whole passage it would cite."""
    lines = layout(text)
    low = min(candidate.cite_start, lines.line_at(candidate.start)[0])
    high = max(candidate.cite_end, lines.line_at(candidate.end)[1])
    return context(text, candidate.start, candidate.end, bounds=(low, high))
