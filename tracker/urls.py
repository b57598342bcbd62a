from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from tracker.api.routes import api
from tracker.views import (
    announcements,
    commitments,
    countries,
    figures,
    home,
    indexes,
    organisations,
    quotes,
    search,
    sources,
)
from tracker.views.health import healthz

urlpatterns = [
    path("", home.home, name="home"),
    path("countries/", countries.country_list, name="country-list"),
    path("countries/<slug:slug>/", countries.country_detail, name="country-detail"),
    path("commitments/", commitments.commitment_list, name="commitment-list"),
    path("commitments/<slug:slug>/", commitments.commitment_detail, name="commitment-detail"),
    path("quotes/", quotes.quote_list, name="quote-list"),
    path("quotes/<slug:slug>/", quotes.quote_detail, name="quote-detail"),
    path("people/", indexes.person_list, name="person-list"),
    path("people/<slug:slug>/", quotes.person_detail, name="person-detail"),
    path("organisations/", indexes.organisation_list, name="organisation-list"),
    path(
        "organisations/<slug:slug>/",
        organisations.organisation_detail,
        name="organisation-detail",
    ),
    path("figures/", indexes.figure_list, name="figure-list"),
    path("figures/<slug:slug>/", figures.figure_detail, name="figure-detail"),
    path("announcements/", indexes.announcement_list, name="announcement-list"),
    path(
        "announcements/<slug:slug>/",
        announcements.announcement_detail,
        name="announcement-detail",
    ),
    path("events/", indexes.event_list, name="event-list"),
    path("events/<slug:slug>/", announcements.event_detail, name="event-detail"),
    path("sources/", sources.source_list, name="source-list"),
    path("sources/<int:pk>/", sources.source_detail, name="source-detail"),
    path("search/", search.search, name="search"),
    path("api/", api.urls),
    # Follow by email: posted to and opened from emails, never cached (tracker.alerts.views).
    path("alerts/", include("tracker.alerts.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

if settings.BENCHMARK_BASELINE_VIEW:  # benchmarks/run.py only; never routed otherwise
    from tracker.views.baseline import baseline

    urlpatterns.append(path("_baseline", baseline, name="benchmark-baseline"))
