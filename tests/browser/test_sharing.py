"""Sharing in a browser: the Share block's Copy button copies the permalink, an embed card
renders inside another site's <iframe> (and a record's page does not), and the card and
the guide to embedding are accessible (axe)."""

import functools
import http.server
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import describe_violations, run_axe, serious_violations
from .pages import published_commitment, published_quote


@pytest.fixture
def newsroom(tmp_path):
    """Another site (another origin: its own port) serving the pages written into it."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def publish(name: str, body: str) -> str:
        Path(tmp_path, name).write_text(
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<link rel="icon" href="data:,"><title>Our story</title></head>'
            f"<body><h1>Our story</h1>{body}</body></html>",
            encoding="utf-8",
        )
        return f"http://127.0.0.1:{server.server_address[1]}/{name}"

    yield publish
    server.shutdown()
    server.server_close()


def test_the_copy_button_copies_the_permalink(new_context, live_server, seed_data):
    context = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    commitment = published_commitment()
    page.goto(commitment.get_absolute_url())
    permalink = f"{live_server.url}{commitment.get_absolute_url()}"
    share = page.locator(".share-this")
    assert share.locator("#share-link").input_value() == permalink
    share.get_by_role("button", name="Copy link").click()
    # The clipboard answers asynchronously: wait for the status line the copy writes.
    expect(share.get_by_role("status").first).to_have_text("Copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == permalink
    share.get_by_role("button", name="Copy embed code").click()
    iframe = f'<iframe src="{live_server.url}/embed/commitments/{commitment.slug}/"'
    page.wait_for_function(
        "async (start) => (await navigator.clipboard.readText()).startsWith(start)", arg=iframe
    )
    assert page.evaluate("navigator.clipboard.readText()").startswith(iframe)


def test_without_javascript_the_link_is_there_to_select(new_context, seed_data):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(published_commitment().get_absolute_url())
    assert page.locator("#share-link").is_visible()
    assert page.locator("#share-link").get_attribute("readonly") is not None
    assert not page.get_by_role("button", name="Copy link").is_visible()


def test_an_embed_renders_inside_another_sites_iframe(page, live_server, seed_data, newsroom):
    commitment, quote = published_commitment(), published_quote()
    card = f"{live_server.url}/embed/commitments/{commitment.slug}/"
    article = newsroom(
        "story.html",
        f'<iframe src="{card}" width="560" height="600" title="The commitment"></iframe>'
        f'<iframe src="{live_server.url}/embed/quotes/{quote.slug}/" width="560" height="500"'
        ' title="The quote"></iframe>',
    )
    page.goto(article)
    frame = page.frame_locator('iframe[title="The commitment"]')
    assert frame.locator("h1").inner_text() == commitment.title
    assert frame.locator(".embed-excerpt").count() >= 1
    assert frame.locator(".embed-source cite").count() >= 1
    back = frame.locator(".embed-footer a")
    assert back.get_attribute("href") == f"{live_server.url}{commitment.get_absolute_url()}"
    assert back.get_attribute("target") == "_blank"
    quote_frame = page.frame_locator('iframe[title="The quote"]')
    assert quote_frame.locator(".embed-quote blockquote").inner_text().startswith("“")


def test_a_record_page_refuses_to_be_framed(page, console_errors, live_server, seed_data, newsroom):
    commitment = published_commitment()
    article = newsroom(
        "framed.html",
        f'<iframe src="{live_server.url}{commitment.get_absolute_url()}" title="Page"></iframe>',
    )
    page.goto(article)
    page.wait_for_timeout(500)
    (framed,) = [frame for frame in page.frames if frame != page.main_frame]
    # Chromium shows its error page instead of the record's.
    assert framed.url == "chrome-error://chromewebdata/"
    assert commitment.title not in framed.content()
    (refused,) = console_errors.take()  # expected: the browser says why
    assert "violates the following Content Security Policy directive" in refused
    assert "frame-ancestors 'none'" in refused


@pytest.mark.parametrize("address", ["embed-commitment", "embed-quote", "embed-gone", "guide"])
def test_the_embeds_and_the_guide_are_accessible(
    new_context, console_errors, live_server, seed_data, address
):
    # axe is injected as an inline <script>, which the CSP would block (as production's).
    page = new_context(bypass_csp=True).new_page()
    path = {
        "embed-commitment": lambda: f"/embed/commitments/{published_commitment().slug}/",
        "embed-quote": lambda: f"/embed/quotes/{published_quote().slug}/",
        "embed-gone": lambda: "/embed/quotes/no-such-quote/",
        "guide": lambda: "/embed/",
    }[address]()
    status = 404 if address == "embed-gone" else 200
    console_errors.expect_status(live_server.url + path, status)
    assert page.goto(path).status == status
    violations = serious_violations(run_axe(page))
    assert not violations, describe_violations(violations)
