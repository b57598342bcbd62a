"""Source articles: the news articles whose excerpts are the evidence."""

from tracker.alerts.followed import Alerted, FollowedList
from tracker.api.source_schemas import SourceDetailOut
from tracker.filters import SourceFilters
from tracker.jsonld import article
from tracker.models import SourceArticle
from tracker.records import RecordType, Summary, dated, published_or_drafts, register
from tracker.search import Kind, Searched
from tracker.search_highlights import Shown


def summary(source: SourceArticle) -> Summary:
    return Summary(
        type="source",
        slug=source.slug,
        title=source.shown_headline,
        path=source.get_absolute_url(),
        text=source.publisher,
        **dated(source.published_on, source.published_on_precision),
        updated=source.added_at,
    )


SOURCE = register(
    RecordType(
        SourceArticle,
        "source",
        summary,
        api_rows=lambda preview: (
            published_or_drafts(SourceArticle, preview).with_citation_count().with_cited_records()
        ),
        api_schema=SourceDetailOut,
        linked_data=lambda source, request: article(source, request, body=True),
        # A new article is its own source line: nothing to say beside its headline.
        alerted=Alerted(
            "article",
            lambda source: "",
            FollowedList(
                "source-list",
                "Source articles",
                SourceFilters,
                lambda filters: filters.filter(SourceArticle.objects.published()),
            ),
        ),
        search=Searched(
            fields=("headline", "publisher", "text"),
            long_text=True,
            kind=Kind(
                "source",
                "source article",
                "source articles",
                SourceArticle.objects.published,
                "source-list",
                Shown("headline", "text"),
                # Not the page as received (a whole web page) nor the editors' notes: a
                # result shows its headline, publisher, date and an excerpt.
                read=lambda articles: articles.defer("raw_html", "editor_notes"),
            ),
        ),
    )
)
