"""The front page: the latest announcements, headline figures and the ways in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from tracker import exports, feeds, overview
from tracker.country_index import remembered_commitments
from tracker.http_cache import public_page, remembered
from tracker.models import Announcement, Figure, Person, SourceArticle
from tracker.models.tallies import kept_tally
from tracker.views.listing import DETAIL_QUERY

LATEST = 6


def world_map_markup(request: HttpRequest) -> str:
    counts = remembered_commitments(request).counts()  # the countries index's, shared
    return render_to_string(
        "tracker/includes/world_map.html", {"world": overview.world_map(counts)}
    )


def glance_markup(everything: list[dict]) -> SafeString:
    """The status meter and money of every published commitment (``kept_tally()``)."""
    return overview.drawn_glance(overview.glance_of(everything, {}))


@public_page(query=DETAIL_QUERY)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if fmt := exports.requested(request):
        return exports.feed_export(request, fmt, feeds.latest_feed)
    # Every published commitment counted by kind, status and currency: the database
    # keeps the rows (tracker.models.tallies), read once per data version.
    everything = remembered(request, "home-tally", lambda: kept_tally(by_month=False))
    context = {
        "announcements": Announcement.objects.published()
        .for_listing()
        .with_evidence()
        .newest_first()[:LATEST],
        "figures": Figure.objects.published().for_listing().with_evidence().newest_first()[:LATEST],
        "commitment_counts": overview.kinds_of(everything),
        # Whether a person is public reads every published quote: once per data version.
        "people": remembered(request, "home-people", lambda: list(Person.objects.public()[:12])),
        "sources": SourceArticle.objects.published().newest_first()[:5],
        # The meter and money depend on that tally alone: drawn once per data version.
        "glance": remembered(request, "home-glance", lambda: glance_markup(everything)),
        # The map's markup (some 200 countries' paths and a table) depends on the data
        # alone: rendered once per data version.
        "world_map": remembered(request, "world-map-markup", lambda: world_map_markup(request)),
    }
    return render(request, "tracker/home.html", context)
