"""Announcements: what a government said it would do, on a day."""

from tracker import feeds, index_exports
from tracker.alerts.followed import Alerted, FollowedList
from tracker.api.schemas import AnnouncementOut
from tracker.formatting import fuzzy_date
from tracker.index_filters import AnnouncementFilters
from tracker.jsonld import cited_articles, partial_date, person
from tracker.models import Announcement, Country, Event, Organisation, Person
from tracker.record_pages import RecordIndex
from tracker.records import RecordType, Summary, dated, published_or_drafts, register, words
from tracker.search import Kind, Searched
from tracker.search_highlights import Shown
from tracker.sharing import DESCRIPTION_WORDS, Card, Shareable

# What a search result reads: what its list item draws (``record_items``) and its export
# row says (``summary``), as ``for_items()`` reads it with the time it was last changed.
SEARCH_RESULT_FIELDS = (
    "slug", "title", "summary", "announced_on", "announced_on_precision", "updated_at",
    "speaker__name", "event__name",
)  # fmt: skip


def summary(announcement: Announcement) -> Summary:
    return Summary(
        type="announcement",
        slug=announcement.slug,
        title=announcement.title,
        path=announcement.get_absolute_url(),
        text=announcement.summary,
        **dated(announcement.announced_on, announcement.announced_on_precision),
        updated=announcement.updated_at,
    )


def linked_data(announcement: Announcement, request) -> dict:
    return {
        "@type": "SpecialAnnouncement",
        "name": announcement.title,
        "text": announcement.summary,
        "datePosted": partial_date(announcement.announced_on, announcement.announced_on_precision),
        "spatialCoverage": [
            {"@type": "Country", "name": c.name} for c in announcement.countries.all()
        ],
        "author": (
            person(announcement.speaker, request, day=announcement.announced_on)
            if announcement.speaker_id
            else None
        ),
        "citation": cited_articles(announcement, request),
    }


def share_card(announcement: Announcement, sources: int) -> Card:
    return Card(
        kind="Announcement",
        title=announcement.title,
        byline=fuzzy_date(announcement.announced_on, announcement.announced_on_precision),
        sources=sources,
    )


def share_description(announcement: Announcement, card: Card) -> list[str]:
    return [f"{card.title}.", words(announcement.summary, DESCRIPTION_WORDS)]


def alert_summary(announcement: Announcement) -> str:
    when = fuzzy_date(announcement.announced_on, announcement.announced_on_precision)
    speaker = announcement.speaker
    by = f"Announced by {speaker.name}" if speaker else "Announced"
    return by + (f", {when}" if when else "")


ANNOUNCEMENT = register(
    RecordType(
        Announcement,
        "announcement",
        summary,
        api_rows=lambda preview: published_or_drafts(Announcement, preview).for_export(),
        api_schema=AnnouncementOut,
        linked_data=linked_data,
        index=RecordIndex(
            AnnouncementFilters,
            Announcement.objects.published,
            "tracker/announcement_list.html",
            index_exports.ANNOUNCEMENTS,
            feeds.announcements_feed,
            (
                (
                    "country",
                    "announcement-countries",
                    lambda rows: Country.objects.among(rows, "countries"),
                ),
                (
                    "speaker",
                    "announcement-speakers",
                    lambda rows: Person.objects.filter(pk__in=rows.values("speaker")),
                ),
                (
                    "event",
                    "announcement-events",
                    lambda rows: Event.objects.filter(pk__in=rows.values("event")),
                ),
            ),
            page_rows=lambda announcements: announcements.for_index_page(),
        ),
        search=Searched(
            fields=("title", "summary"),
            through=(("speaker", Person), ("countries", Country), ("organisations", Organisation)),
            kind=Kind(
                "announcement",
                "announcement",
                "announcements",
                Announcement.objects.published,
                "announcement-list",
                Shown("title", "summary"),
                read=lambda announcements: announcements.for_items().only(*SEARCH_RESULT_FIELDS),
            ),
        ),
        alerted=Alerted(
            "announcement",
            alert_summary,
            FollowedList(
                "announcement-list",
                "Announcements",
                AnnouncementFilters,
                lambda filters: filters.filter(Announcement.objects.published()),
            ),
        ),
        shared=Shareable(
            "announcement-detail", "announcement-share-image", share_card, share_description
        ),
    )
)
