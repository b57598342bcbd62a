"""Issue 18: a filter of many organisations is a typed field with suggestions (a combobox),
picked from the keyboard, the list filtered and its address the slug's, shareable."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tracker import choosers

from .conftest import (
    SCREENSHOTS,
    describe_violations,
    run_axe,
    serious_violations,
    update_screenshots,
)
from .pages import PHONE_VIEWPORT

AGENCIES = [
    ("border-agency", "Border Agency"),
    ("border-force", "Border Force"),
    ("north-border-agency", "North Border Agency"),
    ("aid-agency", "Aid Agency"),
]


@pytest.fixture
def agencies(seed_data, monkeypatch):
    """More organisations than a drop-down lists (the threshold lowered to 3), each named
    by a published funding commitment of its own."""
    monkeypatch.setattr(choosers, "SUGGESTED_ABOVE", 3)
    for slug, name in AGENCIES:
        organisation = factories.OrganisationFactory(slug=slug, name=name)
        factories.FundingCommitmentFactory(title=f"Funding of {name}").organisations.add(
            organisation
        )


def open_suggestions(page, typed: str):
    field = page.get_by_role("combobox", name="Organisation")
    field.click()
    field.press_sequentially(typed, delay=40)
    listbox = page.get_by_role("listbox", name="Suggested organisations")
    expect(listbox).to_be_visible()
    expect(field).to_have_attribute("aria-expanded", "true")
    return field, listbox


def test_type_pick_with_the_keyboard_and_share_the_address(page, agencies):
    page.goto("/commitments/")
    page.evaluate("window.__marker = 1")
    field, listbox = open_suggestions(page, "bor")
    options = listbox.get_by_role("option")
    expect(options).to_have_text(
        ["Border Agency", "Border Force", "Border Security Command", "North Border Agency"]
    )
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = options.nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    page.keyboard.press("Enter")

    # The list is filtered by htmx, and the address is the slug's, ready to share.
    expect(page).to_have_url(re.compile(r"/commitments/\?organisation=border-force$"))
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^1 commitment"))
    expect(page.locator("#results")).to_contain_text("Funding of Border Force")
    expect(page.locator("a.chip", has_text="Organisation")).to_contain_text("Border Force")
    expect(field).to_have_value("Border Force")
    expect(field).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("window.__marker") == 1, "picking reloaded the whole page"

    # The address opened afresh shows the same, the field naming the organisation.
    page.goto(page.url)
    expect(page.get_by_role("combobox", name="Organisation")).to_have_value("Border Force")
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^1 commitment"))


def test_escape_closes_and_a_typed_name_is_resolved_on_enter(page, agencies):
    page.goto("/commitments/")
    field, listbox = open_suggestions(page, "aid")
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    field.fill("aid agency")
    page.keyboard.press("Enter")  # no suggestion picked: the form sends the text
    expect(page).to_have_url(re.compile(r"/commitments/\?organisation=aid-agency$"))
    expect(page.locator("#results")).to_contain_text("Funding of Aid Agency")


def test_the_open_chooser_passes_axe(new_context, agencies):
    page = new_context(bypass_csp=True).new_page()  # axe is injected inline
    page.goto("/commitments/")
    open_suggestions(page, "bor")
    page.keyboard.press("ArrowDown")
    violations = serious_violations(run_axe(page))
    assert not violations, describe_violations(violations)


@pytest.mark.parametrize("viewport", [None, PHONE_VIEWPORT], ids=["desktop", "phone"])
def test_screenshot_of_the_open_chooser(new_context, agencies, viewport):
    page = new_context(**({"viewport": viewport} if viewport else {})).new_page()
    page.goto("/commitments/")
    if viewport:
        page.locator("details.filters-fold > summary").click()
    open_suggestions(page, "bor")
    page.keyboard.press("ArrowDown")
    if update_screenshots():
        name = "chooser-phone.png" if viewport else "chooser.png"
        page.locator("form.filters").screenshot(path=str(SCREENSHOTS / name))
