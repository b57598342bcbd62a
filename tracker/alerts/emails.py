"""What the emails say: the confirmation of a follow, and an alert of what changed, each
in plain text and HTML, written to the outbox (``Email``) for the worker to send.

Every change in an alert is shown with its source line (headline, publisher, date, the
original's address) and the exact excerpt, and links back to the commitment and the
article's page here; a new source article is its own source line, without an excerpt.
What a change shows is read as the public sees it now: a change
whose commitment, status change, citation or article is no longer published is left out.
"""

import dataclasses
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from tracker.alerts import signing
from tracker.alerts.models import Change, ChangeKind, Email, Follow
from tracker.formatting import fuzzy_date
from tracker.models import Citation, Commitment, DiscrepancyVersion, SourceArticle
from tracker.models.publishing import Publication
from tracker.records import record_type


def absolute(path: str) -> str:
    return urljoin(settings.SITE_URL, path)


@dataclass
class Source:
    headline: str
    publisher: str
    date: str
    original: str
    page: str
    excerpt: str

    @classmethod
    def of(cls, citation: Citation) -> "Source":
        source = cls.article(citation.source)
        source.page += f"?excerpt={citation.pk}#excerpt-{citation.pk}"
        source.excerpt = citation.excerpt
        return source

    @classmethod
    def article(cls, article: SourceArticle) -> "Source":
        """An article as a whole: the source line of a new article."""
        return cls(
            headline=article.shown_headline,
            publisher=article.publisher or "Publisher not named",
            date=fuzzy_date(article.published_on, article.published_on_precision),
            original=article.url,
            page=absolute(article.get_absolute_url()),
            excerpt="",
        )


@dataclass
class Item:
    """One change as an alert shows it."""

    kind: str
    title: str
    address: str
    said: str = ""
    sources: list[Source] = dataclasses.field(default_factory=list)


def _published_citation(citation: Citation | None) -> bool:
    return citation is not None and citation.source.publication == Publication.PUBLISHED


def _first_source(record) -> Source | None:
    """A new record's source line: its first public citation (an article is its own)."""
    if isinstance(record, SourceArticle):
        return Source.article(record)
    field = record._meta.concrete_model._meta.model_name
    first = (
        Citation.objects.public()
        .filter(**{field: record})
        .select_related("source")
        .order_by("pk")
        .first()
    )
    return Source.of(first) if first else None


def _item(change: Change, record) -> Item | None:
    title = record.title if isinstance(record, Commitment) else str(record)
    item = Item(change.get_kind_display(), title, absolute(record.get_absolute_url()))
    if change.kind == ChangeKind.PUBLISHED:
        source = _first_source(record)
        if source is None:
            return None
        item.kind = f"New {record._meta.concrete_model._meta.verbose_name}"
        item.said = record_type(record).alerted.said(record)
        item.sources.append(source)
    elif change.kind == ChangeKind.STATUS:
        status = change.status_change
        if status is None or not _published_citation(status.citation):
            return None
        when = fuzzy_date(status.changed_on, status.changed_on_precision)
        item.said = f"{status.get_status_display()} on {when}: {status.reason}"
        item.sources.append(Source.of(status.citation))
    elif change.kind == ChangeKind.CITATION:
        if not _published_citation(change.citation):
            return None
        item.sources.append(Source.of(change.citation))
    else:
        discrepancy = change.discrepancy
        versions = (
            DiscrepancyVersion.objects.public()
            .filter(discrepancy=discrepancy)
            .select_related("citation__source")
        )
        item.sources = [Source.of(version.citation) for version in versions]
        if discrepancy is None or not item.sources:
            return None
        item.said = discrepancy.subject + (
            f". Resolved: {discrepancy.resolution}" if change.kind == ChangeKind.RESOLVED else ""
        )
    return item


def _record_of(change: Change, in_view: dict[str, dict[int, object]]):
    """The record a change is about, if the followed page holds it: (field, record)."""
    for field, records in in_view.items():
        record_id = getattr(change, f"{field}_id")
        if record_id is not None and record_id in records:
            return field, records[record_id]
    return None, None


def items(changes: list[Change], in_view: dict[str, dict[int, object]]) -> list[Item]:
    """The changes an alert shows, in order, of the records ``in_view`` (by field of the
    change log, then primary key); a new source of a record first alerted in the same
    email is not shown twice."""
    new = set()
    for change in changes:
        field, record = _record_of(change, in_view)
        if record is not None and change.kind == ChangeKind.PUBLISHED:
            new.add((field, record.pk))
    shown = []
    for change in changes:
        field, record = _record_of(change, in_view)
        if record is None:
            continue
        if change.kind == ChangeKind.CITATION and (field, record.pk) in new:
            continue
        if item := _item(change, record):
            shown.append(item)
    return shown


def _links(follow: Follow) -> dict:
    email = follow.subscriber.email
    return {
        "follow": follow,
        "page": absolute(follow.path),
        "unsubscribe": absolute(
            reverse("alerts:unsubscribe", args=[signing.unsubscribe_token(email, follow.pk)])
        ),
        "manage": absolute(reverse("alerts:manage", args=[signing.manage_token(email)])),
    }


def write_alert(follow: Follow, shown: list[Item], to: str | None = None) -> Email:
    """The alert of ``shown`` for ``follow``, in the outbox (to the follower, or to ``to``
    for an editor's test)."""
    context = {**_links(follow), "items": shown, "site": settings.SITE_URL}
    count = len(shown)
    subject = f"{follow.title}: {count} change{'s' if count != 1 else ''}"
    return Email.objects.create(
        follow=follow if to is None else None,
        to=to or follow.subscriber.email,
        subject=subject[:300],
        text=render_to_string("alerts/email/alert.txt", context),
        html=render_to_string("alerts/email/alert.html", context),
        headers={
            # RFC 8058: a mail client may unsubscribe with one POST to this address.
            "List-Unsubscribe": f"<{context['unsubscribe']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def write_confirmation(follow: Follow) -> Email:
    email = follow.subscriber.email
    confirm = reverse("alerts:confirm", args=[signing.confirm_token(email, follow.pk)])
    context = {
        "follow": follow,
        "page": absolute(follow.path),
        "confirm": absolute(confirm),
        "days": signing.CONFIRM_MAX_AGE // 86400,
    }
    return Email.objects.create(
        follow=follow,
        to=email,
        subject=f"Confirm: follow “{follow.title}”"[:300],
        text=render_to_string("alerts/email/confirm.txt", context),
        html=render_to_string("alerts/email/confirm.html", context),
    )
