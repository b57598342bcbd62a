from django.conf import settings
from django.contrib import admin
from django.urls import path

from tracker.views import pages
from tracker.views.health import healthz

urlpatterns = [
    path("", pages.home, name="home"),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
