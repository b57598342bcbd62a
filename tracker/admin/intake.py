"""The intake assistant's admin pages: what was found in an article, and the actions on it.

``admin/tracker/sourcearticle/<id>/intake/`` lists the candidates by kind, each
highlighted in its context, with one action (and, when a matching record may
measure something else, “draft a new record instead” beside it); the action
posts to ``…/intake/accept/``, which drafts or cites and comes back to the
intake page at the row, with a link to the record to complete and a notice of
any discrepancy the new citation opened.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from tracker.admin.display import admin_url, record_kind
from tracker.admin.intake_from_page import FromPageViews
from tracker.admin.intake_publishing import PublishViews, drafts_citing
from tracker.intake import analysed
from tracker.intake.actions import Plan, Planner
from tracker.intake.candidates import Candidate, Kind
from tracker.intake.drafting import accept, unique_slug
from tracker.intake.text import context, layout
from tracker.models import (
    Country,
    Discrepancy,
    DiscrepancyStatus,
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


class IntakeViews(FromPageViews, PublishViews):
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
            "discrepancies": list(_open_discrepancies(article)),
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

    # -----------------------------------------------------------------------

    def accept(self, request, object_id):
        article = self._article(request, object_id)
        intake_url = reverse(
            f"admin:{self.model_admin.opts.app_label}_{self.model_admin.opts.model_name}_intake",
            args=[article.pk],
        )
        key = request.POST.get("candidate", "")
        candidates = analysed(article)
        candidate = next((c for c in candidates if c.key == key), None)
        if candidate is None:
            messages.error(request, "That passage is no longer in the text; nothing was done.")
            return redirect(intake_url)
        back = f"{intake_url}#candidate-{candidate.key}"
        plan = Planner(article, [candidate]).plan(candidate)
        if plan is None:
            messages.error(request, "Nothing can be recorded from that kind of passage.")
            return redirect(intake_url)
        if plan.action == Plan.CITED:
            messages.info(request, "This article already cites that record there.")
            return HttpResponseRedirect(back)
        if plan.action == Plan.CITE and request.POST.get("instead") == Plan.DRAFT:
            plan = plan.instead()
        if not self._allowed(request, plan):
            raise PermissionDenied
        speaker = None
        if plan.action == Plan.DRAFT and candidate.kind == Kind.QUOTE:
            speaker = self._speaker(request)
            if speaker is None:
                messages.error(
                    request, "Choose who said it, or name a new person: a quote needs a speaker."
                )
                return HttpResponseRedirect(back)
        events = {c.record_id for c in candidates if c.kind == Kind.EVENT}
        open_before = set(_open_discrepancies(article).values_list("pk", flat=True))
        record, created = accept(
            plan, article, speaker, event_id=events.pop() if len(events) == 1 else None
        )
        self._report(request, article, candidate, record, created, plan)
        for discrepancy in _open_discrepancies(article).exclude(pk__in=open_before):
            messages.warning(
                request,
                format_html(
                    'The sources now disagree: <a href="{}">{}</a> was opened for an editor '
                    "to resolve.",
                    admin_url(discrepancy),
                    discrepancy.subject,
                ),
            )
        return HttpResponseRedirect(back)

    def _speaker(self, request) -> Person | None:
        """The person chosen in the row, or a new one named there (if the editor may add people)."""
        chosen = _person(request.POST.get("speaker"))
        name = " ".join(request.POST.get("new_speaker", "").split())[:200]
        if chosen is not None or not name:
            return chosen
        person_admin = self._admin_of(Person)
        if not person_admin.has_add_permission(request):
            raise PermissionDenied
        person = Person.objects.create(name=name, slug=unique_slug(Person, name))
        person_admin.log_addition(request, person, "Added by the intake assistant as a speaker.")
        return person

    def _report(self, request, article, candidate, record, created: bool, plan: Plan) -> None:
        model_admin = self._admin_of(type(record)) or self._admin_of(plan.model)
        words = Truncator(candidate.excerpt).words(12)
        link = format_html('<a href="{}">{}</a>', admin_url(record), Truncator(record).words(10))
        if created:
            model_admin.log_addition(
                request, record, f"Drafted by the intake assistant from “{article}”."
            )
            messages.success(
                request,
                format_html(
                    "Drafted a {} from “{}”, citing this article: {}. "
                    "Complete it if needed; it stays a draft until published.",
                    record_kind(record),
                    words,
                    link,
                ),
            )
        else:
            model_admin.log_change(
                request, record, f"Cited “{article}” through the intake assistant."
            )
            messages.success(
                request,
                format_html(
                    "Added a citation of this article to the {} {}: “{}”.",
                    record_kind(record),
                    link,
                    words,
                ),
            )


def _open_discrepancies(article: SourceArticle):
    """Open discrepancies in which a citation of this article is one of the versions."""
    return (
        Discrepancy.objects.filter(
            status=DiscrepancyStatus.OPEN, versions__citation__source=article
        )
        .distinct()
        .order_by("pk")
    )


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


def _person(pk: str | None) -> Person | None:
    if not pk or not pk.isdigit():
        return None
    return Person.objects.filter(pk=int(pk)).first()
