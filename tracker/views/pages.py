"""The journalists' pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tracker.models import Announcement


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    announcements = Announcement.objects.published().for_listing().latest()[:10]
    return render(request, "tracker/home.html", {"announcements": announcements})
