"""At a glance in a browser: the map and the charts pass axe with their text alternatives
open, on a desktop and on a phone; a country's shape is a link a reader can follow.
``UPDATE_SCREENSHOTS=1`` writes their desktop and phone screenshots, docs/screenshots/overview-*."""

import pytest
from playwright.sync_api import expect

from .conftest import (
    SCREENSHOTS,
    describe_violations,
    run_axe,
    serious_violations,
    update_screenshots,
)

PHONE = {"width": 390, "height": 844}
PAGES = {
    "home": "/",
    "countries": "/countries/",
    "country-uk": "/countries/united-kingdom/",
    "commitments-filtered": "/commitments/?country=united-kingdom&sort=amount-desc",
}
COMPONENTS = [".world-map", ".status-meter", ".money-totals", ".timeline-charts"]


@pytest.fixture
def context(new_context):
    # axe is injected as an inline script, which the production CSP would block.
    return new_context(bypass_csp=True)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_map_meter_totals_and_charts_pass_axe(new_context, console_errors, seed_data, viewport):
    options = {"bypass_csp": True}
    if viewport == "phone":
        options.update(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=1)
    page = new_context(**options).new_page()
    for name, path in PAGES.items():
        assert page.goto(path).status == 200
        # The text alternatives are checked too: open every table behind a summary.
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        shown = [c for c in COMPONENTS if page.locator(c).count()]
        assert shown, path
        violations = serious_violations(run_axe(page))
        assert not violations, f"{path} ({viewport}):\n" + describe_violations(violations)
        # test_browse takes the desktop home page and countries index (home.png, countries.png).
        if update_screenshots() and (viewport == "phone" or name not in ("home", "countries")):
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = false)")
            suffix = "-phone" if viewport == "phone" else ""
            page.screenshot(path=SCREENSHOTS / f"overview-{name}{suffix}.png", full_page=True)


def test_a_country_on_the_map_is_a_link_to_its_page(page, seed_data):
    page.goto("/")
    kosovo = page.get_by_role("link", name="Kosovo: 2 commitments")
    expect(kosovo).to_have_count(1)
    kosovo.click()
    page.wait_for_url("**/countries/kosovo/")
    expect(page.locator("h1")).to_have_text("Kosovo")


def test_a_meter_segment_opens_the_filtered_list(page, seed_data):
    page.goto("/countries/serbia/")
    page.locator(".status-legend").get_by_role("link", name="2 announced").click()
    page.wait_for_url("**/commitments/?country=serbia&status=announced")
    expect(page.locator("#result-count")).to_contain_text("2 commitments")


@pytest.mark.parametrize("path", PAGES.values())
def test_on_paper_the_overview_prints_its_drawings_and_no_summary_that_cannot_open(
    page, seed_data, path
):
    # A closed <details> prints as a bare "▸ The numbers…" line that paper cannot open; the
    # meter's legend, the totals' figures and the map's and charts' drawings carry the numbers.
    page.goto(path)
    page.emulate_media(media="print")
    shown = [c for c in COMPONENTS if page.locator(c).count()]
    assert shown, path
    for component in shown:
        expect(page.locator(component).first).to_be_visible()
    folded = page.locator("details.map-numbers, details.chart-numbers")
    assert folded.count(), path
    for details in folded.all():
        expect(details).to_be_hidden()
