"""A country's announcements and quotes listed in their country rows' order (the rows'
copies of the sort keys, ``about_in_row_order()``) come in the order the records' own keys
give, in every sort, with the other filters beside the country, on generated data with
drafts and ties; drafts never show, nor records the country was taken off, in the page,
its count, its exports or the API."""

import itertools

import pytest
from django.db.models import Count

from tests import factories
from tracker.filters import QUOTE_SORTS, QuoteFilters
from tracker.index_filters import ANNOUNCEMENT_SORTS, AnnouncementFilters
from tracker.models import Announcement, Country, Publication, Quote

pytestmark = pytest.mark.django_db

DRAFT = Publication.DRAFT


def listed(form, model, data: dict) -> list[int]:
    """The keys of the published list the filters give, in its order."""
    filters = form(data)
    assert filters.is_valid(), filters.errors
    return list(filters.filter(model.objects.published()).values_list("pk", flat=True))


def by_the_records_keys(form, model, sorts, data: dict) -> list[int]:
    """The same list read as before the copies: the records naming the country, in the
    order of their own keys."""
    filters = form({**data, "country": ""})
    assert filters.is_valid(), filters.errors
    rows = filters.filter(model.objects.published()).filter(countries__slug=data["country"])
    return list(rows.order_by(*sorts[data["sort"]].ordering).values_list("pk", flat=True))


def countries_of(relation: str) -> list[str]:
    return list(
        Country.objects.annotate(n=Count(relation))
        .filter(n__gt=0)
        .order_by("-n", "slug")
        .values_list("slug", flat=True)[:4]
    )


def test_each_countrys_announcements_follow_their_own_order(generated):
    speaker = Announcement.objects.exclude(speaker=None).values_list("speaker__slug").first()[0]
    with_rows = 0
    for country, sort, narrowed in itertools.product(
        countries_of("announcements"),
        ANNOUNCEMENT_SORTS,
        ({}, {"speaker": speaker}, {"announced_from": "2024-01-01"}, {"q": "border"}),
    ):
        data = {"country": country, "sort": sort, **narrowed}
        expected = by_the_records_keys(AnnouncementFilters, Announcement, ANNOUNCEMENT_SORTS, data)
        assert listed(AnnouncementFilters, Announcement, data) == expected, data
        with_rows += bool(expected)
    assert with_rows > 20


def test_each_countrys_quotes_follow_their_own_order(generated):
    speaker = Quote.objects.values_list("speaker__slug").first()[0]
    with_rows = 0
    for country, sort, narrowed in itertools.product(
        countries_of("quotes"), QUOTE_SORTS, ({}, {"speaker": speaker}, {"q": "border"})
    ):
        data = {"country": country, "sort": sort, **narrowed}
        expected = by_the_records_keys(QuoteFilters, Quote, QUOTE_SORTS, data)
        assert listed(QuoteFilters, Quote, data) == expected, data
        with_rows += bool(expected)
    assert with_rows > 10


def body(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_drafts_and_countries_taken_off_never_show(client):
    """Public paths of the lists filtered by a country: page, count, CSV, JSON, API."""
    shown = factories.AnnouncementFactory(title="Shown announcement")
    draft = factories.AnnouncementFactory(title="Draft announcement", publication=DRAFT)
    unpublished = factories.AnnouncementFactory(title="Unpublished announcement")
    moved = factories.AnnouncementFactory(title="Moved announcement")
    quote = factories.QuoteFactory(text="Shown words")
    draft_quote = factories.QuoteFactory(text="Draft words", publication=DRAFT)
    unpublished_quote = factories.QuoteFactory(text="Unpublished words")
    for record in (shown, draft, unpublished, moved, quote, draft_quote, unpublished_quote):
        record.countries.add("RS")
    Announcement.objects.filter(pk=unpublished.pk).update(publication=DRAFT)
    Quote.objects.filter(pk=unpublished_quote.pk).update(publication=DRAFT)
    moved.countries.set(["AL"])

    for address in (
        "/announcements/?country=serbia",
        "/announcements/?country=serbia&sort=title&format=csv",
        "/announcements/?country=serbia&sort=oldest&format=json",
        "/api/announcements?country=serbia",
    ):
        text = body(client, address)
        assert "Shown announcement" in text, address
        for hidden in ("Draft announcement", "Unpublished announcement", "Moved announcement"):
            assert hidden not in text, (address, hidden)
    page = client.get("/announcements/?country=serbia")
    assert page.context["page_obj"].paginator.count == 1
    for address in (
        "/quotes/?country=serbia",
        "/quotes/?country=serbia&sort=oldest&format=csv",
        "/api/quotes?country=serbia",
    ):
        text = body(client, address)
        assert "Shown words" in text, address
        assert "Draft words" not in text and "Unpublished words" not in text, address
    assert client.get("/quotes/?country=serbia").context["page_obj"].paginator.count == 1
