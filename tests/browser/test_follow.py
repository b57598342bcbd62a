"""Following a filtered list by email, without JavaScript (the form posts, a page answers)
and with it (htmx swaps the answer in place of the form, which the filters had already
re-rendered for the list as filtered)."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from tracker.alerts.models import Follow

from .conftest import SCREENSHOTS, run_axe, serious_violations, update_screenshots

FILTERED = "/commitments/?country=serbia&kind=partnership"


@pytest.mark.parametrize(
    "filtered",
    [FILTERED, "/announcements/?country=serbia", "/figures/?q=crossed", "/sources/?q=border"],
)
def test_follow_a_filtered_list_without_javascript(new_context, seed_data, filtered):
    mail.outbox.clear()
    page = new_context(java_script_enabled=False).new_page()
    page.goto(filtered)
    page.fill("#follow-email", "reader@example.org")
    page.check("input[name=frequency][value=weekly]")
    with page.expect_navigation():
        page.click(".follow-form button[type=submit]")
    assert page.url.endswith(reverse("alerts:follow"))
    expect(page.locator("h1", has_text="Check your inbox")).to_be_visible()
    follow = Follow.objects.get()
    assert follow.path == filtered
    assert follow.frequency == "weekly"
    assert follow.confirmed_at is None
    [confirmation] = mail.outbox
    assert confirmation.to == ["reader@example.org"]


def test_follow_a_list_filtered_with_javascript(new_context, seed_data):
    mail.outbox.clear()
    # axe-core is injected as a script, which the site's CSP would refuse
    page = new_context(bypass_csp=True).new_page()
    page.goto(reverse("commitment-list"))
    with page.expect_response(lambda r: "country=serbia" in r.url):
        page.select_option("select[name=country]", "serbia")
    # The address is pushed once the results are swapped in; a choice made before then
    # could be lost in the swap (1 run in 2 asked for nothing), as test_browse waits too.
    expect(page).to_have_url(re.compile(r"[?&]country=serbia(&|$)"))
    with page.expect_response(lambda r: "kind=partnership" in r.url):
        page.select_option("select[name=kind]", "partnership")
    # the form, in the results the filters swapped in, follows the list as filtered now
    expect(page.locator(".follow input[name=path]")).to_have_value(re.compile("kind=partnership"))
    assert "country=serbia" in page.locator(".follow input[name=path]").input_value()
    page.fill("#follow-email", "reader@example.org")
    if update_screenshots():
        page.locator(".follow").screenshot(path=str(SCREENSHOTS / "follow-form.png"))
    address = page.url
    page.click(".follow-form button[type=submit]")
    expect(page.locator(".follow h2", has_text="Check your inbox")).to_be_visible()
    assert page.url == address, "the answer replaces the form; the page stays"
    assert Follow.objects.get().path == FILTERED, "stored at its canonical address"
    assert len(mail.outbox) == 1
    assert serious_violations(run_axe(page)) == []
