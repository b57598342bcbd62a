"""The admin's change forms in the browser: inline tables fit the page at 1280 px and the
page never scrolls sideways at 390 (tracker/static/tracker/admin-forms.css); a citation
that is a record's only published source is refused deletion with a message."""

import re

import pytest
from django.db import transaction
from playwright.sync_api import expect

from tests.browser.pages import PHONE_VIEWPORT
from tracker.models import Citation, Commitment, Person
from tracker.models.evidence import left_without_a_published_source_by_citations

from .test_editor_curation import log_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
# Each inline table's frame, and by how much its table is wider than it.
INLINE_OVERFLOWS = """() => [...document.querySelectorAll('.inline-related.tabular div.wrapper')]
    .map(frame => [frame.closest('.inline-group').id, frame.scrollWidth - frame.clientWidth])"""


def forms_with_inlines() -> list[str]:
    """A commitment with a status history (its citation list was 570 px wide) and a person
    with a role (its background reference made the table 1,782 px wide)."""
    commitment = Commitment.objects.filter(status_history__isnull=False).order_by("pk").first()
    person = Person.objects.filter(roles__isnull=False).order_by("pk").first()
    return [
        f"/admin/tracker/commitment/{commitment.pk}/change/",
        f"/admin/tracker/person/{person.pk}/change/",
    ]


def test_inline_tables_fit_the_page_at_1280(new_context, console_errors, seed_data, editor):
    page = new_context(viewport=DESKTOP).new_page()
    log_in(page, editor.username)

    for url in forms_with_inlines():
        page.goto(url)

        overflows = page.evaluate(INLINE_OVERFLOWS)
        assert overflows and all(by <= 1 for _, by in overflows), (url, overflows)
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
        # the lists stay wide enough to read their choice
        for select in page.locator(".inline-related.tabular td select:visible").all():
            assert select.bounding_box()["width"] >= 80, url


def test_the_page_does_not_scroll_sideways_on_a_phone(
    new_context, console_errors, seed_data, editor
):
    page = new_context(viewport=PHONE_VIEWPORT).new_page()
    log_in(page, editor.username)

    for url in forms_with_inlines():
        page.goto(url)

        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
        source = page.locator(".inline-related.tabular td .select2-container").first
        assert source.bounding_box()["width"] >= 140, url


def test_deleting_a_records_only_published_source_is_refused(
    page, console_errors, seed_data, editor
):
    # In a transaction, as the guard is asked in a request: it holds the records it checks.
    with transaction.atomic():
        only = next(
            citation
            for citation in Citation.objects.order_by("pk")
            if left_without_a_published_source_by_citations(Citation.objects.filter(pk=citation.pk))
        )
    log_in(page, editor.username)
    page.goto(f"/admin/tracker/citation/{only.pk}/change/")

    with page.expect_navigation():
        page.click("a.deletelink")

    expect(page).to_have_url(re.compile(rf"/admin/tracker/citation/{only.pk}/change/$"))
    expect(page.locator(".messagelist .error")).to_contain_text(
        "Deleting this citation would leave"
    )
    assert Citation.objects.filter(pk=only.pk).exists()
