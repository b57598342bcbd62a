"""The intake assistant's admin pages: what was found in an article, and the actions on it.

``admin/tracker/sourcearticle/<id>/intake/`` lists the candidates by kind, each
highlighted in its context, with one action; the action posts to
``…/intake/accept/``, which drafts or cites and then opens the record's own
change page for the editor to complete.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from tracker.admin.display import admin_url, record_kind
from tracker.intake import find_candidates
from tracker.intake.actions import Plan, Planner, accept
from tracker.intake.candidates import Candidate, Kind
from tracker.intake.text import context
from tracker.models import Country, Partnership, Person, SourceArticle

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


class IntakeViews:
    """The intake pages of the SourceArticle admin (``model_admin``)."""

    def __init__(self, model_admin) -> None:
        self.model_admin = model_admin
        self.site = model_admin.admin_site

    def urls(self) -> list:
        prefix = f"{self.model_admin.opts.app_label}_{self.model_admin.opts.model_name}"
        return [
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
        candidates = find_candidates(article)
        planner = Planner(article)
        mentioned = {c.record_id for c in candidates if c.kind == Kind.PERSON}
        speakers = list(Person.objects.filter(pk__in=mentioned).order_by("name"))
        named = {code for c in candidates for code in c.country_codes}
        countries = Country.objects.in_bulk(named)
        sections = []
        for kind, title, description in SECTIONS:
            of_kind = [c for c in candidates if c.kind == kind]
            rows = self._rows(request, article, of_kind, planner, speakers, countries)
            sections.append(
                {
                    "kind": kind,
                    "title": title,
                    "description": description,
                    "rows": rows,
                    "count": len(of_kind),
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
            "change_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[article.pk]
            ),
            "accept_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_intake_accept", args=[article.pk]
            ),
            "add_person_url": reverse("admin:tracker_person_add"),
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
            if candidate.kind == Kind.COUNTRY and row.plan.action == Plan.DRAFT:
                row.recorded = _partnerships_with(candidate.country_codes)
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
        if row.needs_speaker:
            row.speakers = speakers
            if not speakers:
                row.allowed = False

    # -----------------------------------------------------------------------

    def accept(self, request, object_id):
        article = self._article(request, object_id)
        intake_url = reverse(
            f"admin:{self.model_admin.opts.app_label}_{self.model_admin.opts.model_name}_intake",
            args=[article.pk],
        )
        key = request.POST.get("candidate", "")
        candidate = next((c for c in find_candidates(article) if c.key == key), None)
        if candidate is None:
            messages.error(request, "That passage is no longer in the text; nothing was done.")
            return redirect(intake_url)
        plan = Planner(article).plan(candidate)
        if plan is None:
            messages.error(request, "Nothing can be recorded from that kind of passage.")
            return redirect(intake_url)
        if plan.action == Plan.CITED:
            messages.info(request, "This article already cites that record there.")
            return HttpResponseRedirect(admin_url(plan.record))
        if not self._allowed(request, plan):
            raise PermissionDenied
        speaker = None
        if plan.action == Plan.DRAFT and candidate.kind == Kind.QUOTE:
            speaker = _person(request.POST.get("speaker"))
            if speaker is None:
                messages.error(request, "Choose who said it: a quote needs a speaker.")
                return redirect(intake_url)
        record, created = accept(plan, article, speaker)
        model_admin = self._admin_of(type(record)) or self._admin_of(plan.model)
        words = Truncator(candidate.excerpt).words(12)
        if created:
            model_admin.log_addition(
                request, record, f"Drafted by the intake assistant from “{article}”."
            )
            messages.success(
                request,
                f"Drafted a {record_kind(record)} from “{words}”, citing this article. "
                "Complete it, then publish it when it is ready.",
            )
        else:
            model_admin.log_change(
                request, record, f"Cited “{article}” through the intake assistant."
            )
            messages.success(
                request,
                f"Added a citation of “{article}” to this {record_kind(record)}: “{words}”.",
            )
        return HttpResponseRedirect(admin_url(record))


def _partnerships_with(codes: tuple[str, ...]) -> list:
    """A few partnerships the country is already a party to, so none is drafted twice."""
    partnerships = Partnership.objects.filter(parties__country_id__in=codes).distinct()
    return [(p, admin_url(p)) for p in partnerships.order_by("title")[:3]]


def _context(text: str, candidate: Candidate) -> tuple[str, str, str]:
    """The candidate in its paragraph, or in the whole passage it would cite."""
    low = min(candidate.cite_start, text.rfind("\n", 0, candidate.start) + 1)
    high = text.find("\n", candidate.end)
    high = max(candidate.cite_end, len(text) if high < 0 else high)
    return context(text, candidate.start, candidate.end, bounds=(low, high))


def _person(pk: str | None) -> Person | None:
    if not pk or not pk.isdigit():
        return None
    return Person.objects.filter(pk=int(pk)).first()
