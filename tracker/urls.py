from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from tracker.api.routes import api
from tracker.views import (
    announcements,
    commitments,
    countries,
    home,
    indexes,
    organisations,
    quotes,
    records,
    search,
    sharing,
    sources,
    suggestions,
)
from tracker.views.health import healthz

urlpatterns = [
    path("", home.home, name="home"),
    path("countries/", countries.country_list, name="country-list"),
    path("countries/<slug:slug>/", countries.country_detail, name="country-detail"),
    path("commitments/", commitments.commitment_list, name="commitment-list"),
    path("commitments/<slug:slug>/", commitments.commitment_detail, name="commitment-detail"),
    path(
        "commitments/<slug:slug>/share.png",
        sharing.share_image,
        {"kind": "commitment"},
        name="commitment-share-image",
    ),
    path("quotes/", quotes.quote_list, name="quote-list"),
    path("quotes/<slug:slug>/", records.record_detail, {"kind": "quote"}, name="quote-detail"),
    path(
        "quotes/<slug:slug>/share.png",
        sharing.share_image,
        {"kind": "quote"},
        name="quote-share-image",
    ),
    path("people/", indexes.record_index("person"), name="person-list"),
    path("people/<slug:slug>/", quotes.person_detail, name="person-detail"),
    path("organisations/", indexes.organisation_list, name="organisation-list"),
    path(
        "organisations/<slug:slug>/",
        organisations.organisation_detail,
        name="organisation-detail",
    ),
    path("figures/", indexes.record_index("figure"), name="figure-list"),
    path("figures/<slug:slug>/", records.record_detail, {"kind": "figure"}, name="figure-detail"),
    path(
        "figures/<slug:slug>/share.png",
        sharing.share_image,
        {"kind": "figure"},
        name="figure-share-image",
    ),
    path("announcements/", indexes.record_index("announcement"), name="announcement-list"),
    path(
        "announcements/<slug:slug>/",
        announcements.announcement_detail,
        name="announcement-detail",
    ),
    path(
        "announcements/<slug:slug>/share.png",
        sharing.share_image,
        {"kind": "announcement"},
        name="announcement-share-image",
    ),
    path("events/", indexes.record_index("event"), name="event-list"),
    path("events/<slug:slug>/", announcements.event_detail, name="event-detail"),
    path("sources/", sources.source_list, name="source-list"),
    path("sources/<int:pk>/", sources.source_detail, name="source-detail"),
    path("search/", search.search, name="search"),
    path("suggestions/", suggestions.suggestions, name="suggestions"),
    # Embedding for newsrooms: the guide (also where the cards' addresses are cut to), the
    # cards other sites may frame, and oEmbed.
    path("embed/", sharing.embed_guide, name="embed-guide"),
    path("embed/commitments/", sharing.embed_guide),
    path("embed/quotes/", sharing.embed_guide),
    path(
        "embed/commitments/<slug:slug>/",
        sharing.embed,
        {"kind": "commitment"},
        name="commitment-embed",
    ),
    path("embed/quotes/<slug:slug>/", sharing.embed, {"kind": "quote"}, name="quote-embed"),
    path("oembed", sharing.oembed, name="oembed"),
    path("api/", api.urls),
    # Follow by email: posted to and opened from emails, never cached (tracker.alerts.views).
    path("alerts/", include("tracker.alerts.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

if settings.BENCHMARK_BASELINE_VIEW:  # benchmarks/run.py only; never routed otherwise
    from tracker.views.baseline import baseline

    urlpatterns.append(path("_baseline", baseline, name="benchmark-baseline"))
