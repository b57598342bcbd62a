"""The <head> of a list advertises the data of the filters it shows, after htmx swaps too.

Each results fragment sends the <link rel="alternate"> of its filters in a <head> that
htmx's head-support extension merges into the page's; back and forward bring back the
<head> saved with the page. Every test here also fails on a console error (see conftest).
"""

import re

from django.urls import reverse
from playwright.sync_api import expect

FORMATS = {"text/csv": "csv", "application/json": "json", "application/atom+xml": "atom"}


def alternates(page):
    return page.locator('head link[rel="alternate"]')


def expect_alternates(page, pattern: str) -> None:
    """One link per format of the commitments list, each an address matching ``pattern``."""
    expect(alternates(page)).to_have_count(len(FORMATS))
    for media_type, fmt in FORMATS.items():
        link = page.locator(f'head link[rel="alternate"][type="{media_type}"]')
        expect(link).to_have_attribute("href", re.compile(rf"^/commitments/\?{pattern}"))
        expect(link).to_have_attribute("href", re.compile(rf"[?&]format={fmt}$"))


def test_head_links_follow_the_filters_htmx_swaps_in_and_back(page, seed_data):
    page.goto(reverse("commitment-list"))
    expect_alternates(page, r"format=")
    head_before = page.evaluate("() => document.head.children.length")
    page.evaluate("window.__marker = 1")

    page.select_option("select[name=country]", "serbia")
    expect(page).to_have_url(re.compile(r"[?&]country=serbia(&|$)"))
    expect_alternates(page, r"(.*&)?country=serbia&")
    # The same addresses as the visible download links beside the results.
    hrefs = "links => links.map(link => link.getAttribute('href')).sort()"
    downloads = page.locator("#results .downloads a").evaluate_all(hrefs)
    assert alternates(page).evaluate_all(hrefs) == downloads

    page.select_option("select[name=kind]", "partnership")
    expect(page).to_have_url(re.compile(r"[?&]kind=partnership(&|$)"))
    expect_alternates(page, r"(.*&)?country=serbia&(.*&)?kind=partnership&")

    # Nothing else in <head> went: title, stylesheet, scripts, and only the links changed.
    assert page.evaluate("() => document.head.children.length") == head_before
    expect(page).to_have_title("Commitments · Policy Tracker")
    expect(page.locator('head link[rel="stylesheet"]')).to_have_count(1)

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"kind=partnership"))
    expect_alternates(page, r"(.*&)?country=serbia&")
    expect(alternates(page).first).not_to_have_attribute("href", re.compile("kind=partnership"))

    page.go_back()
    expect(page).to_have_url(re.compile(r"/commitments/$"))
    expect_alternates(page, r"format=")
    assert page.evaluate("window.__marker") == 1, "the page reloaded, so htmx was not tested"


def test_head_links_come_once_bad_filters_are_corrected(
    page, seed_data, console_errors, live_server
):
    """A page with bad filters offers no data; correcting them through htmx adds its links."""
    path = reverse("commitment-list") + "?kind=banana"
    # Chromium logs the 400 of the document itself.
    console_errors.expect_status(live_server.url + path, 400)
    response = page.goto(path)
    assert response.status == 400
    expect(alternates(page)).to_have_count(0)

    page.select_option("select[name=country]", "serbia")
    expect(page).to_have_url(re.compile(r"[?&]country=serbia(&|$)"))
    expect_alternates(page, r"(.*&)?country=serbia&")
