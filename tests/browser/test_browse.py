"""Journalists browse: every page loads without errors; filters work with and without JS.

Every test here also fails if a page logs a console error or throws (see conftest).
"""

import contextlib
import re

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tracker.models import Commitment

from .conftest import SCREENSHOTS, update_screenshots
from .pages import PAGE_TYPES, PHONE_SCREENSHOTS, PHONE_VIEWPORT
from .pages import SCREENSHOTS as SCREENSHOT_FILES

RESULTS = "#results tr.commitment-row"


def commitment_slugs(**filters) -> set[str]:
    """The slugs the list should show for these filters, straight from the database."""
    commitments = Commitment.objects.published()
    if "country" in filters:
        commitments = commitments.filter(parties__country__slug=filters["country"])
    if "kind" in filters:
        commitments = commitments.filter(kind=filters["kind"])
    return set(commitments.values_list("slug", flat=True).distinct())


def shown_slugs(page) -> set[str]:
    return set(page.locator(RESULTS).evaluate_all("items => items.map(row => row.dataset.slug)"))


def wait_for_results(page, expected: set[str]) -> None:
    """Wait until the results list shows exactly ``expected`` (by data-slug)."""
    with contextlib.suppress(PlaywrightTimeoutError):  # the assertion below says what differs
        page.wait_for_function(
            """(expected) => {
                const shown = [...document.querySelectorAll("#results tr.commitment-row")]
                    .map(row => row.dataset.slug).sort();
                return JSON.stringify(shown) === JSON.stringify(expected);
            }""",
            arg=sorted(expected),
            timeout=5_000,
        )
    assert shown_slugs(page) == expected


@pytest.fixture
def filters(seed_data):
    """The three views the filter tests step through, checked to differ from each other."""
    views = {
        "all": commitment_slugs(),
        "serbia": commitment_slugs(country="serbia"),
        "serbia-partnerships": commitment_slugs(country="serbia", kind="partnership"),
    }
    assert views["serbia-partnerships"], "the seed needs a Serbian partnership"
    assert views["serbia-partnerships"] < views["serbia"] < views["all"], (
        "the seed needs Serbian commitments of other kinds and other countries' commitments, "
        f"so that each filter visibly narrows the list: {views}"
    )
    return views


def test_commitments_filter_by_country_and_kind_without_page_load(page, filters):
    page.goto(reverse("commitment-list"))
    form = page.locator("form#commitment-filters")
    expect(form).to_have_attribute("hx-target", "#results")
    expect(form).to_have_attribute("hx-push-url", "true")
    wait_for_results(page, filters["all"])
    page.evaluate("window.__marker = 1")

    page.select_option("select[name=country]", "serbia")
    expect(page).to_have_url(re.compile(r"[?&]country=serbia(&|$)"))
    wait_for_results(page, filters["serbia"])

    page.select_option("select[name=kind]", "partnership")
    expect(page).to_have_url(re.compile(r"[?&]kind=partnership(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]country=serbia(&|$)"))
    wait_for_results(page, filters["serbia-partnerships"])
    expect(page.locator("#results #result-count")).to_contain_text(
        str(len(filters["serbia-partnerships"]))
    )

    assert page.evaluate("window.__marker") == 1, "the filters reloaded the whole page"


def test_back_and_forward_restore_results_and_address(page, filters):
    page.goto(reverse("commitment-list"))
    wait_for_results(page, filters["all"])
    page.evaluate("window.__marker = 1")
    page.select_option("select[name=country]", "serbia")
    expect(page).to_have_url(re.compile(r"country=serbia"))
    wait_for_results(page, filters["serbia"])
    page.select_option("select[name=kind]", "partnership")
    expect(page).to_have_url(re.compile(r"kind=partnership"))
    wait_for_results(page, filters["serbia-partnerships"])

    page.go_back()
    expect(page).to_have_url(re.compile(r"country=serbia"))
    expect(page).not_to_have_url(re.compile(r"kind=partnership"))
    wait_for_results(page, filters["serbia"])

    page.go_back()
    expect(page).to_have_url(re.compile(r"/commitments/$"))
    wait_for_results(page, filters["all"])

    page.go_forward()
    expect(page).to_have_url(re.compile(r"country=serbia"))
    expect(page).not_to_have_url(re.compile(r"kind=partnership"))
    wait_for_results(page, filters["serbia"])

    page.go_forward()
    expect(page).to_have_url(
        re.compile(r"country=serbia.*kind=partnership|kind=partnership.*country=serbia")
    )
    wait_for_results(page, filters["serbia-partnerships"])
    assert page.evaluate("window.__marker") == 1, "back or forward reloaded the whole page"


def test_back_restores_the_filter_controls_too(page, filters):
    """After back, the form shows the filters of the results it shows, not the later ones."""
    page.goto(reverse("commitment-list"))
    page.select_option("select[name=country]", "serbia")
    expect(page).to_have_url(re.compile(r"country=serbia"))
    wait_for_results(page, filters["serbia"])
    page.select_option("select[name=kind]", "partnership")
    expect(page).to_have_url(re.compile(r"kind=partnership"))
    wait_for_results(page, filters["serbia-partnerships"])

    page.go_back()
    wait_for_results(page, filters["serbia"])
    expect(page.locator("select[name=country]")).to_have_value("serbia")
    expect(page.locator("select[name=kind]")).to_have_value("")


def test_commitments_filter_without_javascript(new_context, filters):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(reverse("commitment-list"))
    assert shown_slugs(page) == filters["all"]

    page.select_option("select[name=country]", "serbia")
    page.select_option("select[name=kind]", "partnership")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Apply filters").click()
    response = navigation.value
    assert response.status == 200
    assert "hx-request" not in response.request.headers

    expect(page).to_have_url(re.compile(r"[?&]country=serbia(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]kind=partnership(&|$)"))
    assert shown_slugs(page) == filters["serbia-partnerships"]
    # A full page came back: the whole layout, with the filters still chosen.
    expect(page.locator("main#main h1")).to_have_count(1)
    expect(page.locator("select[name=country]")).to_have_value("serbia")
    expect(page.locator("select[name=kind]")).to_have_value("partnership")


def test_every_page_type_loads_without_console_errors(
    page, console_errors, live_server, seed_data, subtests
):
    """One seed load, then each page type as its own subtest; screenshots on request."""
    for page_type, address in PAGE_TYPES.items():
        with subtests.test(msg=page_type):
            path, status = address()
            if status != 200:
                # Chromium logs the error status of the document itself; nothing else may be.
                console_errors.expect_status(live_server.url + path, status)
            response = page.goto(path)
            assert response.status == status, f"{path} answered {response.status}, not {status}"
            # Let late requests (the favicon, anything htmx loads on "load") finish and report.
            page.wait_for_load_state("networkidle")
            errors = console_errors.take()
            assert not errors, f"{path}: " + console_errors.report(errors)

            if update_screenshots() and page_type in SCREENSHOT_FILES:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=SCREENSHOTS / SCREENSHOT_FILES[page_type], full_page=True)
            if update_screenshots() and page_type in PHONE_SCREENSHOTS:
                desktop = page.viewport_size
                page.set_viewport_size(PHONE_VIEWPORT)
                page.screenshot(path=SCREENSHOTS / PHONE_SCREENSHOTS[page_type], full_page=True)
                page.set_viewport_size(desktop)
