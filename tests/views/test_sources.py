"""An article's text, escaped, with every cited excerpt marked at its stored offsets."""

import re
from types import SimpleNamespace

import pytest

from tests import factories
from tracker import models
from tracker.highlighting import highlight

pytestmark = pytest.mark.django_db


def span(pk: int, start: int, end: int) -> SimpleNamespace:
    return SimpleNamespace(pk=pk, start=start, end=end)


def marked(html: str) -> list[str]:
    return re.findall(r"<mark[^>]*>(.*?)</mark>", html)


def test_marks_the_excerpt_at_its_offsets():
    html = highlight("one two three", [span(1, 4, 7)])
    assert marked(html) == ["two"]
    assert html.startswith("one ")
    assert html.endswith("</a> three")
    assert '<span class="excerpt-anchor" id="excerpt-1"></span>' in html
    assert 'href="#citation-1"' in html


def test_overlapping_excerpts_never_straddle_each_other():
    html = highlight("abcdefghij", [span(1, 0, 6), span(2, 3, 9)])
    assert marked(html) == ["abc", "def", "ghi"]
    assert 'data-citations="citation-1 citation-2"' in html  # "def" is in both
    assert html.count("<mark") == html.count("</mark>")
    # Well nested: every <a> closes before the next opens.
    assert re.fullmatch(r"(?:[^<]|<span[^>]*></span>|<a [^>]*><mark[^>]*>[^<]*</mark></a>)*", html)


def test_nested_and_identical_excerpts():
    html = highlight("abcdefghij", [span(1, 0, 10), span(2, 2, 4), span(3, 2, 4)])
    assert marked(html) == ["ab", "cd", "efghij"]
    assert html.count('class="excerpt-anchor"') == 3


def test_text_is_escaped_inside_and_outside_marks():
    text = 'Before <script>alert("x")</script> & after'
    html = highlight(text, [span(1, 7, 15)])
    assert "<script>" not in html
    assert marked(html) == ["&lt;script&gt;"]
    assert "alert(&quot;x&quot;)&lt;/script&gt; &amp; after" in html


def test_offsets_beyond_the_text_are_clipped():
    assert marked(highlight("short", [span(1, 2, 99), span(2, 50, 60)])) == ["ort"]


def test_source_page_highlights_each_excerpt_and_links_what_cites_it(client, world):
    response = client.get(world.article.get_absolute_url())
    html = response.content.decode()
    body = re.search(r'<div class="article-body">(.*?)</div>', html, re.S).group(1)
    excerpts = "".join(marked(body))
    assert "a new partnership with Serbia on Thursday" in excerpts
    assert "Almost 100,000 people crossed the Western Balkans route last year" in excerpts
    # Each citation is listed with a link to its record.
    for record in (world.partnership, world.funding, world.quote, world.figure, world.announcement):
        assert f'href="{record.get_absolute_url()}"' in html
    assert html.count('<li id="citation-') == 7  # the funding commitment cites it twice


def test_source_page_escapes_the_article_text(client, db):
    article = factories.SourceArticleFactory(
        text='<script>alert("owned")</script> The minister promised £5 million.'
    )
    factories.CitationFactory(source=article, excerpt="The minister promised £5 million.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<script>alert("owned")</script>' not in html
    assert "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in html
    assert re.search(
        r'<mark class="excerpt-mark" data-excerpts="\d+">The minister promised £5 million.</mark>',
        html,
    )


def test_citations_of_drafts_are_not_shown(client, world):
    draft = world.drafts["commitment"]
    factories.CitationFactory(source=world.article, commitment=draft, excerpt="officials said")
    html = client.get(world.article.get_absolute_url()).content.decode()
    assert draft.get_absolute_url() not in html
    assert "officials said</mark>" not in html


def test_the_list_counts_the_excerpts_of_published_records_only(client):
    cited = factories.SourceArticleFactory(slug="cited", headline="Cited thrice")
    uncited = factories.SourceArticleFactory(slug="uncited", headline="Cited by drafts only")
    commitment = factories.PledgeFactory()
    factories.CitationFactory(source=cited, commitment=commitment)
    factories.CitationFactory(
        source=cited, commitment=commitment, excerpt="The government will spend £10 million"
    )
    factories.CitationFactory(
        source=cited, commitment=None, quote=factories.QuoteFactory(), excerpt="against the gangs"
    )
    draft = factories.PledgeFactory(publication=models.Publication.DRAFT)
    factories.CitationFactory(source=cited, commitment=draft, excerpt="border security")
    factories.CitationFactory(source=uncited, commitment=draft)

    html = client.get("/sources/?sort=headline").content.decode()

    rows = re.findall(
        r'<h3 class="item-title"><a [^>]*>([^<]*)</a></h3>\s*'
        r'<p class="meta">.*?· (\d+) excerpts? cited',
        html,
    )
    assert rows == [("Cited by drafts only", "0"), ("Cited thrice", "3")]
