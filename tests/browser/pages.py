"""Every public page type, as an address found in the seed data at test time.

Each entry returns ``(path, expected status)``; the records are looked up rather
than spelled out, so a renamed slug in the seed breaks nothing here.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from tracker import models


def published_commitment() -> models.Commitment:
    """A Serbian partnership if the seed has one, else any published commitment."""
    commitments = models.Commitment.objects.published()
    return (
        commitments.partnerships().filter(parties__country__slug="serbia").first()
        or commitments.order_by("slug").first()
    )


def published_quote() -> models.Quote:
    return models.Quote.objects.published().order_by("slug").first()


def published_announcement() -> models.Announcement:
    return models.Announcement.objects.published().order_by("slug").first()


def cited_source() -> models.SourceArticle:
    """The published article with the most cited excerpts to highlight."""
    return (
        models.SourceArticle.objects.published()
        .annotate(cited=Count("citations"))
        .order_by("-cited", "pk")
        .first()
    )


def _event() -> models.Event:
    announcement = published_announcement()
    if announcement is not None and announcement.event is not None:
        return announcement.event
    return models.Event.objects.order_by("slug").first()


def _figure() -> models.Figure:
    return models.Figure.objects.published().order_by("slug").first()


def _organisation() -> models.Organisation:
    """The public organisation that the most published commitments name."""
    return models.Organisation.objects.public().order_by("-commitment_count", "slug").first()


def _url(obj) -> str:
    assert obj is not None, "the seed data has no such record to open"
    return obj.get_absolute_url()


PAGE_TYPES: dict[str, Callable[[], tuple[str, int]]] = {
    "home": lambda: (reverse("home"), 200),
    "country-list": lambda: (reverse("country-list"), 200),
    "country-detail": lambda: (reverse("country-detail", args=["serbia"]), 200),
    "commitment-list": lambda: (reverse("commitment-list"), 200),
    "commitment-list-filtered": lambda: (
        reverse("commitment-list") + "?" + urlencode({"country": "serbia", "kind": "partnership"}),
        200,
    ),
    "commitment-detail": lambda: (_url(published_commitment()), 200),
    "quote-list": lambda: (reverse("quote-list"), 200),
    "quote-detail": lambda: (_url(published_quote()), 200),
    "person-list": lambda: (reverse("person-list"), 200),
    "person-detail": lambda: (_url(published_quote().speaker), 200),
    "organisation-list": lambda: (reverse("organisation-list"), 200),
    "organisation-detail": lambda: (_url(_organisation()), 200),
    "announcement-list": lambda: (reverse("announcement-list"), 200),
    "event-list": lambda: (reverse("event-list"), 200),
    "figure-list": lambda: (reverse("figure-list"), 200),
    "announcement-detail": lambda: (_url(published_announcement()), 200),
    "event-detail": lambda: (_url(_event()), 200),
    "figure-detail": lambda: (_url(_figure()), 200),
    "source-list": lambda: (reverse("source-list"), 200),
    "source-detail": lambda: (_url(cited_source()), 200),
    "search": lambda: (reverse("search") + "?q=border", 200),
    "not-found": lambda: (reverse("commitment-detail", args=["no-such-commitment"]), 404),
}

# Pages whose full-page screenshot goes into docs/screenshots/ (UPDATE_SCREENSHOTS=1),
# at the desktop viewport; PHONE_SCREENSHOTS at a phone's width as well.
SCREENSHOTS = {
    "home": "home.png",
    "country-detail": "country.png",
    "commitment-list": "commitments.png",
    "country-list": "countries.png",
    "source-detail": "source.png",
}
PHONE_SCREENSHOTS = {"commitment-list": "commitments-phone.png"}
PHONE_VIEWPORT = {"width": 390, "height": 844}
