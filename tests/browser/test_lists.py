"""Issue 14: the lists with htmx: focus after paging, one request per settled drop-down,
a loading line, filters folded on a phone, and no serious axe violation on any list."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests import factories

from .conftest import describe_violations, run_axe, serious_violations
from .pages import PHONE_VIEWPORT


@pytest.fixture
def pledges(seed_data):
    """Enough pledges for two pages of pledges."""
    return factories.PledgeFactory.create_batch(30)


def list_requests(page, path: str) -> list[str]:
    """The htmx requests the page makes for ``path``, as they are made."""
    made: list[str] = []
    page.on(
        "request",
        lambda request: (
            made.append(request.url)
            if path in request.url and request.headers.get("hx-request") == "true"
            else None
        ),
    )
    return made


def test_after_next_the_results_heading_is_in_view_and_focused(page, pledges):
    page.goto("/commitments/?kind=pledge")
    heading = page.locator("#result-count")
    expect(heading).to_have_text(re.compile(r"^\d+ pledges, page 1 of 2$"))
    page.evaluate("window.__marker = 1")
    page.locator(".pagination a[rel=next]").click()
    expect(heading).to_have_text(re.compile(r"^\d+ pledges, page 2 of 2$"))
    expect(heading).to_be_focused()
    expect(heading).to_be_in_viewport()
    expect(page).to_have_url(re.compile(r"/commitments/\?kind=pledge&page=2$"))
    expect(page).to_have_title("Pledges, page 2 · Policy Tracker")
    expect(page.locator("#results-status")).to_have_text(re.compile(r"^Page 2 of 2, \d+ pledges$"))
    assert page.evaluate("window.__marker") == 1, "paging reloaded the whole page"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#results') !== null"), (
        "the next Tab should stay in the results, not jump to the footer"
    )


def test_arrow_keys_through_a_closed_drop_down_make_at_most_one_request(page, seed_data):
    page.goto("/commitments/")
    made = list_requests(page, "/commitments/")
    entries = page.evaluate("history.length")
    kind = page.locator("#f-kind")
    kind.focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
        time.sleep(0.1)
    expect(page).to_have_url(re.compile(r"kind=pledge"), timeout=5_000)
    time.sleep(1.5)  # longer than the pause: any further request would have gone by now
    assert len(made) <= 1, made
    expect(kind).to_be_focused()  # a change made in the form leaves the reader there
    assert page.evaluate("history.length") <= entries + 1  # one history entry at most


def test_the_loading_line_shows_during_a_slow_request(page, seed_data):
    page.goto("/commitments/")
    page.evaluate(
        """() => {
            window.__loadingSeen = false;
            document.addEventListener("htmx:beforeSend", () => {
                requestAnimationFrame(() => {
                    const line = document.getElementById("results-loading");
                    window.__loadingSeen = getComputedStyle(line).visibility === "visible";
                });
            });
        }"""
    )

    def slowly(route):
        time.sleep(1.0)
        route.continue_()

    page.route(re.compile(r"/commitments/\?"), slowly)
    page.locator(".chip, th a").first.click()
    expect(page.locator("#results-loading")).to_be_hidden(timeout=10_000)
    assert page.evaluate("window.__loadingSeen"), "the loading line never showed"


def test_on_a_phone_the_filters_fold_and_say_how_many_are_active(new_context, seed_data):
    page = new_context(viewport=PHONE_VIEWPORT).new_page()
    page.goto("/commitments/?country=serbia&kind=partnership")
    summary = page.locator("details.filters-fold > summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_text("Filter (2 active)")
    expect(page.locator("#f-country")).to_be_hidden()
    expect(page.locator("#result-count")).to_be_in_viewport()
    summary.click()
    expect(page.locator("#f-country")).to_be_visible()


def test_on_a_wide_screen_the_filters_are_open(page, seed_data):
    page.goto("/people/")
    expect(page.locator("details.filters-fold > summary")).to_be_hidden()
    expect(page.locator("#f-country")).to_be_visible()


def test_removing_a_chip_swaps_the_results_and_pushes_its_address(page, seed_data):
    page.goto("/commitments/?country=serbia&kind=partnership")
    page.evaluate("window.__marker = 1")
    page.locator("a.chip", has_text="Kind").click()
    expect(page).to_have_url(re.compile(r"/commitments/\?country=serbia$"))
    expect(page.locator("#list-subtitle")).to_have_text("Commitments involving Serbia")
    expect(page.locator("#f-kind")).to_have_value("")
    expect(page.locator("#result-count")).to_be_focused()
    assert page.evaluate("window.__marker") == 1


LISTS = [
    "/commitments/?country=serbia&kind=partnership",
    "/commitments/?kind=banana",
    "/quotes/?country=serbia",
    "/sources/?published_from=2024-01-01",
    "/countries/?sort=name",
    "/people/?country=united-kingdom",
    "/organisations/",
    "/announcements/?country=serbia",
    "/events/",
    "/figures/?country=serbia",
]


@pytest.mark.parametrize("viewport", [None, PHONE_VIEWPORT], ids=["desktop", "phone"])
def test_no_serious_axe_violation_on_any_list(
    new_context, console_errors, live_server, seed_data, subtests, viewport
):
    # axe-core is injected inline, which the CSP would block (as test_accessibility does).
    options = {"bypass_csp": True, **({"viewport": viewport} if viewport else {})}
    page = new_context(**options).new_page()
    for address in LISTS:
        with subtests.test(address=address):
            if "banana" in address:
                console_errors.expect_status(live_server.url + address, 400)
            page.goto(address)
            violations = serious_violations(run_axe(page))
            assert not violations, describe_violations(violations)
