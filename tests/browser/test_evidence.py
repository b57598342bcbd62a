"""Issue 12 in a real browser: the evidence is visible without a click, printed whole, and
an excerpt followed to its article is scrolled to and marked, alone, among overlapping ones.

``UPDATE_SCREENSHOTS=1`` also writes each redesigned page (desktop, phone, print) under
``docs/screenshots/``.
"""

import pytest

from tracker.models import Citation, Commitment, Figure, SourceArticle

from .conftest import (
    SCREENSHOTS,
    describe_violations,
    run_axe,
    serious_violations,
    update_screenshots,
)

EXTRA_75M = "border-security-command-extra-75m"
PHONE = {"width": 390, "height": 844}


def shoot(page, name: str) -> None:
    if update_screenshots():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / name, full_page=True)


def excerpts_of(record) -> set[str]:
    """Every excerpt the record's page quotes: its own citations and its disagreements'."""
    own = {c.excerpt for c in record.citations.filter(source__publication="published")}
    disputed = Citation.objects.filter(
        versions__discrepancy__versions__citation__commitment=record
    ).values_list("excerpt", flat=True)
    return own | set(disputed)


def test_the_75_million_page_shows_the_billion_and_the_accepted_excerpt_without_a_click(
    page, seed_data
):
    commitment = Commitment.objects.get(slug=EXTRA_75M)
    page.goto(commitment.get_absolute_url())
    assert not page.locator(".cite-line-printed").is_visible()  # on paper only
    billion = page.locator(".sources .excerpt", has_text="£75 billion").first
    assert billion.is_visible()
    accepted = page.locator(".disagreement .version--accepted .excerpt").first
    assert accepted.is_visible()
    assert "With an additional £75 million in funding" in accepted.inner_text()
    assert page.get_by_text("£75 billion", exact=True).first.is_visible()  # the stated version
    assert page.locator("details").count() == 0
    shoot(page, "evidence-commitment.png")


def test_a_printed_record_page_carries_every_excerpt_and_its_source_line(page, seed_data):
    commitment = Commitment.objects.get(slug=EXTRA_75M)
    page.goto(commitment.get_absolute_url())
    page.emulate_media(media="print")
    shown = [text.strip() for text in page.locator(".excerpt").all_inner_texts()]
    for excerpt in excerpts_of(commitment):
        printed = page.locator(".excerpt", has_text=excerpt.splitlines()[0]).first
        assert printed.is_visible(), excerpt
    assert len(shown) >= len(excerpts_of(commitment))
    for line in page.locator(".sources .source-line").all():
        assert line.is_visible()
    for hidden in (".site-nav", ".site-search", ".cite-actions", "#cite-line"):
        assert not page.locator(hidden).first.is_visible()
    printed_citation = page.locator(".cite-line-printed")
    assert printed_citation.is_visible()
    assert printed_citation.inner_text().startswith("Citation: Policy Tracker, “An additional £75")
    # A fact's label is printed with its value, not at the foot of a page without it.
    label = page.locator(".facts dt").first
    assert label.evaluate("e => getComputedStyle(e).breakAfter") == "avoid"
    shoot(page, "evidence-commitment-print.png")


def test_a_printed_source_article_keeps_its_highlights(page, seed_data):
    article = SourceArticle.objects.get(slug="pm-calls-for-joint-action-against-smuggling-gangs")
    page.goto(article.get_absolute_url())
    page.emulate_media(media="print")
    mark = page.locator(".excerpt-mark").first
    assert mark.is_visible()
    style = mark.evaluate(
        "m => [getComputedStyle(m).backgroundColor, getComputedStyle(m).printColorAdjust]"
    )
    assert style[0] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert style[1] == "exact"
    shoot(page, "evidence-source-print.png")


def test_following_an_overlapping_excerpt_scrolls_to_it_and_marks_only_it(page, seed_data):
    # "Starmer told representatives from around 190 countries at the Interpol summit." lies
    # inside the longer "We're going to treat people smugglers like terrorists…" excerpt.
    figure = Figure.objects.get(slug="interpol-summit-countries")
    citation = figure.citations.get()
    enclosing = Citation.objects.filter(
        source=citation.source, start__lt=citation.start, end__gte=citation.end
    )
    assert enclosing.exists(), "the seed needs an excerpt inside another"

    page.goto(figure.get_absolute_url())
    page.get_by_role("link", name="Read it in the full article").first.click()
    page.wait_for_url(
        f"**/sources/{citation.source_id}/?excerpt={citation.pk}#excerpt-{citation.pk}"
    )

    anchor = page.locator(f"#excerpt-{citation.pk}")
    anchor.wait_for(state="attached")
    page.wait_for_function(
        """(id) => {
            const r = document.getElementById(id).nextElementSibling.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight;
        }""",
        arg=f"excerpt-{citation.pk}",
        timeout=5_000,
    )
    current = page.locator("mark.excerpt-mark--current")
    assert "".join(current.all_inner_texts()) == citation.excerpt
    for covering in current.evaluate_all("ms => ms.map(m => m.dataset.excerpts.split(' '))"):
        assert str(citation.pk) in covering
    # Visibly different from the rest of the enclosing excerpt, which stays quiet.
    quiet = page.locator(
        f'mark.excerpt-mark:not(.excerpt-mark--current)[data-excerpts~="{enclosing.first().pk}"]'
    ).first
    background = "m => getComputedStyle(m).backgroundColor"
    assert current.first.evaluate(background) != quiet.evaluate(background)
    assert current.first.is_visible()
    assert page.locator(f"#citation-{citation.pk}.cited--current").is_visible()
    shoot(page, "evidence-source.png")


@pytest.mark.parametrize(
    "name, address",
    [
        ("evidence-commitment-phone.png", f"/commitments/{EXTRA_75M}/"),
        ("evidence-source-phone.png", "/sources/{article}/"),
        ("evidence-quotes.png", "/quotes/"),
        ("evidence-person.png", "/people/yvette-cooper/"),
        ("evidence-empty-results.png", "/commitments/?country=france&kind=funding"),
    ],
)
def test_redesigned_pages_are_accessible(new_context, seed_data, name, address):
    article = SourceArticle.objects.get(slug="pm-calls-for-joint-action-against-smuggling-gangs")
    viewport = PHONE if name.endswith("-phone.png") else {"width": 1280, "height": 800}
    # axe is injected as an inline <script>, which the CSP would block (as in
    # test_accessibility.py); the other tests here keep the CSP on.
    page = new_context(viewport=viewport, bypass_csp=True).new_page()
    page.goto(address.format(article=article.pk))
    violations = serious_violations(run_axe(page))
    assert not violations, describe_violations(violations)
    shoot(page, name)
