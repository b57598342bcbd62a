"""Editors in the browser: history with its diff, a restore, a refused concurrent save,
an import with errors. Every page is watched for console errors (a CSP violation is one),
and the new pages are checked with axe."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.browser.conftest import AXE_FAILING_IMPACTS, run_axe
from tests.browser.pages import PHONE_VIEWPORT
from tracker.models import Commitment, Figure

pytestmark = pytest.mark.browser

PASSWORD = "a-long-editor-password"


def log_in(page, username: str) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_history_diff_and_restore(page, console_errors, seed_data, editor):
    figure = Figure.objects.order_by("pk").first()
    log_in(page, editor.username)
    page.goto(f"/admin/tracker/figure/{figure.pk}/change/")
    page.fill("#id_note", "Checked against the Home Office release.")
    page.click("input[name=_save]")
    page.goto(f"/admin/tracker/figure/{figure.pk}/change/")
    page.fill("#id_label", "A wrong label")
    page.click("input[name=_save]")

    page.goto(f"/admin/tracker/figure/{figure.pk}/history/")
    diff = page.locator("#change-history tbody tr").first
    expect(diff.locator("dt")).to_have_text("Label")
    expect(diff.locator("del")).to_have_text(figure.label)
    expect(diff.locator("ins")).to_have_text("A wrong label")

    page.get_by_role("link", name="Restore this version…").first.click()
    expect(page.locator(".curation-restore-summary ins")).to_have_text(figure.label)
    page.click("input[value='Restore this version']")

    expect(page.locator(".messagelist .success")).to_contain_text("Restored the version")
    figure.refresh_from_db()
    assert figure.label != "A wrong label"


def test_the_history_fits_a_phone(new_context, console_errors, seed_data, editor):
    """At 390 px each version is a card: the page does not scroll sideways, and a diff's
    values keep their words on a line (they wrapped a letter to a line in a 596 px table)."""
    figure = Figure.objects.order_by("pk").first()
    for label in ("People who crossed", "People who crossed the border"):  # a diff
        figure.label = label
        figure.save()
    page = new_context(viewport=PHONE_VIEWPORT).new_page()
    log_in(page, editor.username)

    page.goto(f"/admin/tracker/figure/{figure.pk}/history/")

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    table = page.locator("#change-history").bounding_box()
    assert table["width"] <= PHONE_VIEWPORT["width"]
    new_value = page.locator("#change-history tbody tr").first.locator("ins").bounding_box()
    assert new_value["width"] > 4 * new_value["height"]
    label = "getComputedStyle(document.querySelector('#change-history td'), '::before').content"
    assert page.evaluate(label) == '"Who"'  # each cell says which column it was


def test_the_later_of_two_saves_is_refused(
    new_context, console_errors, seed_data, editor, django_user_model
):
    other = django_user_model.objects.create_user("second-editor", password=PASSWORD, is_staff=True)
    other.groups.add(Group.objects.get(name="Editors"))
    first, second = new_context().new_page(), new_context().new_page()
    log_in(first, editor.username)
    log_in(second, other.username)
    commitment = Commitment.objects.order_by("pk").first()
    url = f"/admin/tracker/commitment/{commitment.pk}/change/"
    first.goto(url)
    second.goto(url)

    first.fill("#id_summary", "The first editor's summary.")
    first.click("input[name=_save]")
    second.fill("#id_summary", "The second editor's summary.")
    second.click("input[name=_save]")

    errors = second.locator(".errorlist.nonfield")
    expect(errors).to_contain_text("saved this record at")
    expect(errors).to_contain_text(
        "Summary: they saved “The first editor's summary.”; "
        "you are saving “The second editor's summary.”."
    )
    commitment.refresh_from_db()
    assert commitment.summary == "The first editor's summary."


def test_an_import_with_errors_is_reported_row_by_row(
    page, console_errors, seed_data, editor, tmp_path
):
    bad = tmp_path / "commitments.csv"
    bad.write_text(
        "slug,kind,title,summary,amount_minor,currency,funding_type,publication\n"
        "good,funding,Good,For border security,100,GBP,new,draft\n"
        "bad,funding,Bad,For border security,-5,XYZ,new,draft\n",
        encoding="utf-8",
    )
    log_in(page, editor.username)
    page.goto("/admin/tracker/commitment/import/")
    page.set_input_files("#id_import_file", str(bad))
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")

    report = page.locator(".import-report")
    expect(report).to_contain_text("Nothing was imported")
    expect(report).to_contain_text("“XYZ” is not an ISO 4217 currency code")
    expect(report.locator("tbody th")).to_have_text("2")
    assert not Commitment.objects.filter(slug__in=["good", "bad"]).exists()


def test_the_curation_pages_pass_axe(new_context, seed_data, editor):
    """axe is injected as an inline script, so this context bypasses the CSP (the tests
    above keep it, and fail on any violation)."""
    figure = Figure.objects.order_by("pk").first()
    figure.label = "Changed once"
    figure.save()
    version = figure.history.last().history_id
    page = new_context(bypass_csp=True).new_page()
    log_in(page, editor.username)

    for url in (
        f"/admin/tracker/figure/{figure.pk}/history/",
        f"/admin/tracker/figure/{figure.pk}/history/{version}/",
        "/admin/tracker/figure/deleted/",
        "/admin/tracker/commitment/import/",
        "/admin/tracker/commitment/export/",
    ):
        page.goto(url)
        serious = [
            v
            for v in run_axe(page)
            if v["impact"] in AXE_FAILING_IMPACTS
            # Django's own autocomplete widget (select2) on the version's form: not ours.
            and not all("select2" in target for target in v["targets"])
        ]
        assert not serious, (url, [(v["id"], v["help"], v["targets"]) for v in serious])
