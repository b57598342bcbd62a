"""Followed pages in the admin: how many follow each page, for every editor; who, for
superusers only (an address is personal data an editor does not need); and a test
alert of a page's latest changes, sent to the editor's own address."""

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from tracker.alerts import emails, sending
from tracker.alerts.models import Change, Follow
from tracker.alerts.tasks import send
from tracker.editors import is_editor

from .editors import ReadOnlyMixin

# How many of a page's latest changes a test alert shows.
TEST_ALERT_CHANGES = 5
# Followed pages listed on one screen of the admin, most followed first.
PAGES_PER_SCREEN = 100


@admin.register(Follow)
class FollowAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """One row per followed page, not per follow."""

    def has_module_permission(self, request) -> bool:
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_editor(request.user)

    def get_urls(self):
        return [
            path(
                "send-test/",
                self.admin_site.admin_view(self.send_test_alert),
                name="alerts_follow_send_test",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        followed = (
            Follow.objects.values("path", "title")
            .annotate(
                followers=Count("pk", filter=Q(confirmed_at__isnull=False)),
                unconfirmed=Count("pk", filter=Q(confirmed_at__isnull=True)),
            )
            .order_by("-followers", "path")
        )
        shown = Paginator(followed, PAGES_PER_SCREEN).get_page(request.GET.get("p"))
        pages = list(shown)
        if request.user.is_superuser:
            addresses: dict[str, list[str]] = {}
            of_these_pages = Follow.objects.filter(path__in=[page["path"] for page in pages])
            for page, email in of_these_pages.values_list("path", "subscriber__email"):
                addresses.setdefault(page, []).append(email)
            for page in pages:
                page["addresses"] = sorted(addresses.get(page["path"], []))
        context = {
            **self.admin_site.each_context(request),
            "title": "Followed pages",
            "opts": self.opts,
            "pages": pages,
            "shown": shown,
            "shows_addresses": request.user.is_superuser,
            "editor_email": request.user.email,
        }
        return TemplateResponse(request, "admin/alerts/followed_pages.html", context)

    def send_test_alert(self, request: HttpRequest) -> HttpResponse:
        back = HttpResponseRedirect(reverse("admin:alerts_follow_changelist"))
        if request.method != "POST" or not self.has_view_permission(request):
            return back
        follow = Follow.objects.filter(path=request.POST.get("path", "")).first()
        if follow is None:
            self.message_user(request, "Nobody follows that page.", messages.ERROR)
            return back
        if not request.user.email:
            self.message_user(
                request, "Add an email address to your account first.", messages.ERROR
            )
            return back
        latest = Change.objects.order_by("-pk")
        shown = sending.shown_changes(follow.path, latest, TEST_ALERT_CHANGES)[::-1]
        if not shown:
            self.message_user(request, "That page has no published change yet.", messages.ERROR)
            return back
        send(emails.write_alert(follow, shown, to=request.user.email).pk)
        self.message_user(
            request,
            f"A test alert of “{follow.title}” ({len(shown)} latest changes) is on its way "
            f"to {request.user.email}.",
        )
        return back
