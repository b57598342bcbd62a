from django.contrib import admin
from django.urls import path

from tracker.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("admin/", admin.site.urls),
]
