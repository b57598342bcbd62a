"""An editor takes a new article through the intake assistant to the public country page.

Logs in through the admin's login form, adds an article that is not in the
fixtures, opens the intake assistant, accepts a quote and a funding commitment,
publishes both, and finds them on the country's public page. Every page on the
way is watched for console errors (see conftest), which would also show a
Content-Security-Policy violation.
"""

import re

import pytest
from playwright.sync_api import expect

from tracker.models import Commitment, Publication, Quote

pytestmark = pytest.mark.browser

PASSWORD = "a-long-editor-password"
HEADLINE = "Cooper signs £12 million agreement with Albania against smuggling gangs"
TEXT = (
    "Cooper signs £12 million agreement with Albania against smuggling gangs\n"
    "The Home Secretary, Yvette Cooper, signed a new agreement with Albania in Tirana on "
    "12 March 2025 to tackle the gangs that smuggle people across Europe.\n"
    "“Albania has been a vital partner, and together we will take down the gangs that profit "
    "from human misery,” Cooper said.\n"
    "The UK will provide £12 million over three years for joint operations with the Albanian "
    "police.\n"
    "Almost 3,000 people were returned to Albania last year, according to the Home Office."
)
QUOTE_WORDS = (
    "Albania has been a vital partner, and together we will take down the gangs that profit "
    "from human misery"
)


def test_an_editor_takes_a_new_article_to_the_country_page(
    page, live_server, console_errors, seed_data, editor
):
    # Log in through the form, as an editor does (django-axes is installed).
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # Paste the new article.
    page.goto("/admin/tracker/sourcearticle/add/")
    page.fill("#id_headline", HEADLINE)
    page.fill("#id_slug", "cooper-albania-agreement")
    page.fill("#id_publisher", "The Example Times")
    page.fill("#id_url", "https://news.example/cooper-albania-agreement")
    page.fill("#id_published_on", "2025-03-12")
    page.fill("#id_text", TEXT)
    page.select_option("#id_publication", Publication.PUBLISHED)
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    # Open the intake assistant from the article's page.
    page.get_by_role("link", name="Open the intake assistant").click()
    expect(page.locator("h1")).to_have_text("Intake assistant")
    intake_url = page.url

    # Accept the quote, with the speaker the assistant recognised.
    quotes = page.locator("#intake-quote")
    expect(quotes.locator("mark")).to_have_text(QUOTE_WORDS)
    expect(quotes.locator("select[name=speaker] option:checked")).to_have_text("Yvette Cooper")
    quotes.get_by_role("button", name="Draft a quote").click()
    # Back on the intake page at the row, with a link to the draft to complete it.
    expect(page).to_have_url(re.compile(r"/intake/#candidate-quote-\d+-\d+$"))
    message = page.locator(".messagelist .success")
    expect(message).to_contain_text("Drafted a quote")
    message.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/admin/tracker/quote/\d+/change/$"))
    expect(page.locator("#id_text")).to_have_value(QUOTE_WORDS)

    # Publish it from its own page.
    page.select_option("#id_publication", Publication.PUBLISHED)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    # Accept the amount: a draft funding commitment, £12 million as data.
    page.goto(intake_url)
    # The headline says it too; the editor drafts from the sentence that says what it pays for.
    amount = page.locator("#intake-money tr", has_text="for joint operations")
    expect(amount.locator("mark")).to_have_text("£12 million")
    amount.get_by_role("button", name="Draft a funding commitment").click()
    page.locator(".messagelist .success").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/admin/tracker/fundingcommitment/\d+/change/$"))
    expect(page.locator("#id_amount_minor")).to_have_value("1200000000")
    expect(page.locator("#id_currency")).to_have_value("GBP")
    page.fill("#id_title", "£12 million for joint operations with Albania")
    page.select_option("#id_publication", Publication.PUBLISHED)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    quote = Quote.objects.get(text=QUOTE_WORDS)
    funding = Commitment.objects.get(title="£12 million for joint operations with Albania")
    assert quote.publication == funding.publication == Publication.PUBLISHED
    assert quote.citations.get().source.slug == funding.citations.get().source.slug

    # The public finds both on Albania's page, with the article's words.
    page.goto("/countries/albania/")
    main = page.locator("main")
    expect(main).to_contain_text("£12 million for joint operations with Albania")
    expect(main).to_contain_text("together we will take down the gangs")
    funding_link = main.get_by_role("link", name=re.compile("£12 million for joint operations"))
    expect(funding_link.first).to_be_visible()
