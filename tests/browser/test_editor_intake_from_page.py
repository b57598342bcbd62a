"""Issue 16: an editor gives the address of an article's page and publishes what it says.

A saved article page is served from a local server; the editor adds it by its
address, cites the recorded quote it repeats (which another source dates to a
different day: the discrepancy is announced), drafts a new figure where the
assistant warns that a recorded figure with the same number measures
something else, accepts the amount, and publishes the article with its drafts
in one action. Clicks are counted on the way (docs/intake.md).
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.intake.saved_pages import serving
from tracker.models import Discrepancy, Figure, Publication, Quote, SourceArticle

pytestmark = pytest.mark.browser

PASSWORD = "a-long-editor-password"


@pytest.fixture
def site(settings):
    settings.INTAKE_FETCH_PRIVATE_ADDRESSES = True  # the page is served on 127.0.0.1
    with serving() as base:
        yield base


@pytest.fixture
def dated_elsewhere(seed_data):
    """Another source dates the recorded quote to 7 November; the page says the 6th."""
    quote = Quote.objects.get(slug="starmer-criminal-empire")
    article = factories.SourceArticleFactory(
        slug="budapest-report",
        published_on=datetime.date(2024, 11, 8),
        text=(
            "On 7 November Starmer said: “There is a criminal empire operating on our "
            "continent, exacting a horrendous human toll and undermining our national security.”"
        ),
    )
    factories.CitationFactory(source=article, commitment=None, quote=quote, excerpt=article.text)
    return quote


def test_an_editor_publishes_an_article_from_its_address(
    page, live_server, console_errors, dated_elsewhere, editor, site
):
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    clicks = 0

    def click(locator) -> None:
        nonlocal clicks
        clicks += 1
        locator.click()

    # From the add page's link to the page that reads an article from its address.
    page.goto("/admin/tracker/sourcearticle/add/")
    click(page.get_by_role("link", name="add it from a web page"))
    page.fill("#id_address", f"{site}/cooper-albania.html")
    click(page.get_by_role("button", name="Add the article"))
    expect(page.locator("h1")).to_have_text("Intake assistant")
    expect(page.locator(".messagelist .success")).to_contain_text("Cooper signs returns deal")

    # The quote is recorded already (from the seed articles): cite it.
    quote_row = page.locator("#intake-quote tr", has_text="criminal empire")
    expect(quote_row).to_contain_text("Recorded already")
    click(quote_row.get_by_role("button", name="Cite for this quote"))
    expect(page.locator(".messagelist .success")).to_contain_text("Added a citation")
    # This source says the 6th, another the 7th: the tracker opens a discrepancy, and says so.
    expect(page.locator(".messagelist .warning")).to_contain_text("The sources now disagree")
    expect(page.locator(".intake-discrepancies")).to_contain_text("When:")

    # 19% of asylum claims is not the recorded 19% rise in returns: draft a new figure.
    share = page.locator("#intake-figure tr", has_text="asylum claims")
    expect(share).to_contain_text("Same number, different thing?")
    expect(share.get_by_role("button", name="Cite for this figure")).to_be_visible()
    click(share.get_by_role("button", name="Draft a new figure instead"))
    expect(page.locator(".messagelist .success")).to_contain_text("Drafted a figure")

    # The amount: whatever the assistant offers for it (cite or draft), accept it.
    amount = page.locator("#intake-money tr", has_text="£150 million")
    click(amount.locator("form.intake-form button").first)
    expect(page.locator(".messagelist .success")).to_be_visible()

    # One action publishes the article and its drafts.
    click(page.get_by_role("button", name="Publish the article and its drafts"))
    expect(page.locator(".messagelist .success")).to_contain_text("Published")

    article = SourceArticle.objects.get(url=f"{site}/cooper-albania.html")
    figure = Figure.objects.get(citations__source=article)
    assert article.publication == figure.publication == Publication.PUBLISHED
    assert figure.label == "Share of asylum claims by people arriving from France"
    assert dated_elsewhere.citations.filter(source=article).exists()
    assert Discrepancy.objects.filter(versions__citation__source=article).exists()
    assert clicks == 6  # from the address to published records

    # The public sees the figure on the article's page, with its excerpt.
    page.goto(article.get_absolute_url())
    expect(page.locator("main")).to_contain_text("19% of asylum claims")
