"""Accepting a candidate on the intake page (a mixin of ``IntakeViews``): its action posts
to ``…/intake/accept/``, which drafts a record citing the passage, or cites the record it
matches, and comes back to the intake page at the row, with a link to the record to
complete and a notice of any discrepancy the new citation opened."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from tracker.admin.display import admin_url, record_kind
from tracker.intake import analysed
from tracker.intake.actions import Plan, Planner
from tracker.intake.candidates import Kind
from tracker.intake.drafting import accept, unique_slug
from tracker.models import Discrepancy, DiscrepancyStatus, Person, SourceArticle


class AcceptViews:
    """The intake page's “accept” action; ``_article``, ``_allowed`` and ``_admin_of`` are
    ``IntakeViews``'."""

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
        open_before = set(open_discrepancies(article).values_list("pk", flat=True))
        record, created = accept(
            plan, article, speaker, event_id=events.pop() if len(events) == 1 else None
        )
        self._report(request, article, candidate, record, created, plan)
        for discrepancy in open_discrepancies(article).exclude(pk__in=open_before):
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


def open_discrepancies(article: SourceArticle):
    """Open discrepancies in which a citation of this article is one of the versions."""
    return (
        Discrepancy.objects.filter(
            status=DiscrepancyStatus.OPEN, versions__citation__source=article
        )
        .distinct()
        .order_by("pk")
    )


def _person(pk: str | None) -> Person | None:
    if not pk or not pk.isdigit():
        return None
    return Person.objects.filter(pk=int(pk)).first()
