"""Issue 12: record pages lead with their evidence, and every list row says what backs it."""

import re

import pytest

from tracker.models import Publication, SourceArticle

pytestmark = pytest.mark.django_db

EXTRA_75M = "/commitments/border-security-command-extra-75m/"


def row(html: str, slug: str) -> str:
    """The list item (or table row) of the record ``slug``."""
    found = re.search(rf'<(li|tr) class="[\w-]+" data-slug="{slug}">.*?</\1>', html, re.S)
    assert found, slug
    return found.group(0)


def test_record_page_shows_every_excerpt_without_a_disclosure(client, seed_data):
    html = client.get(EXTRA_75M).content.decode()
    assert "<details" not in html
    assert "Starmer said this additional £75 billion would support" in html
    assert "With an additional £75 million in funding" in html


def test_each_source_is_listed_once_with_all_its_excerpts(client, seed_data):
    html = client.get(EXTRA_75M).content.decode()
    sources = html[html.index('id="sources-heading"') : html.index('id="disagreement-heading"')]
    assert 'Sources <span class="count">(2 articles)</span>' in sources
    assert sources.count('class="citation source-group"') == 2
    # Article 1 backs the record with more than one excerpt: one group, every excerpt in it.
    groups = sources.split('class="citation source-group"')[1:]
    excerpts_per_group = sorted(group.count('class="excerpt') for group in groups)
    assert excerpts_per_group[-1] > 1
    assert sum(excerpts_per_group) == html.count('id="cited-')


def test_disputed_excerpts_link_to_the_disagreement(client, seed_data):
    html = client.get(EXTRA_75M).content.decode()
    assert html.count('href="#disagreement-heading">Disputed: the sources disagree</a>') == 2


@pytest.mark.parametrize(
    "address, slug, count, disputed",
    [
        ("/commitments/", "border-security-command-extra-75m", 2, True),
        ("/commitments/", "uk-albania-partnership", 1, False),
        ("/quotes/", "starmer-criminal-empire", 2, True),
        ("/quotes/", "starmer-treat-smugglers-like-terrorists", 1, False),
        ("/search/?q=billion", "border-security-command-extra-75m", 2, True),
        ("/countries/united-kingdom/", "starmer-criminal-empire", 2, True),
        ("/people/keir-starmer/", "starmer-further-and-faster", 2, True),
    ],
)
def test_list_rows_show_their_sources_and_disagreement(
    client, seed_data, address, slug, count, disputed
):
    item = row(client.get(address).content.decode(), slug)
    if address == "/commitments/":  # a table: the count, then the flag, in the Sources column
        sources = (
            f'<td data-label="Sources" class="num"><a href="/commitments/{slug}/#sources-heading"'
        )
        assert sources in item
        cell = item.split(sources)[1].split("</td>")[0]
        assert f'">{count}</a>' in cell
        flag = 'class="tag tag--disputed" href="/commitments/{slug}/#disagreement-heading">'
        assert (flag.format(slug=slug) + "Sources disagree</a>" in cell) is disputed
        return
    assert f'<span class="source-count">{count} source{"s" if count > 1 else ""}</span>' in item
    # The flag links to the disagreement on the record's page, wherever the row is shown.
    flag = re.search(r'<a class="tag tag--disputed" href="([^"]+)">Sources disagree</a>', item)
    assert (flag is not None) is disputed
    if disputed:
        assert flag.group(1).endswith(f"/{slug}/#disagreement-heading")


def test_a_draft_article_does_not_count_as_a_source(client, seed_data):
    SourceArticle.objects.filter(slug="starmer-to-sign-deals-with-balkan-states").update(
        publication=Publication.DRAFT
    )
    item = row(client.get("/commitments/").content.decode(), "border-security-command-extra-75m")
    assert 'aria-label="1 source article of' in item
    assert '#sources-heading" aria-label="2 source articles' not in item
