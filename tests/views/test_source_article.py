"""Issue 12: a source article's page reads as the article (paragraphs, subheads, lists and
its table), its excerpts told apart, each with its own anchor, disputed ones marked."""

import re
from types import SimpleNamespace

import pytest

from tests import factories
from tracker.article_layout import blocks
from tracker.highlighting import render_article
from tracker.models import Citation, SourceArticle

pytestmark = pytest.mark.django_db

ARTICLE_1 = "starmer-to-sign-deals-with-balkan-states"
ARTICLE_2 = "pm-calls-for-joint-action-against-smuggling-gangs"


def span(pk: int, start: int, end: int) -> SimpleNamespace:
    return SimpleNamespace(pk=pk, start=start, end=end)


def body(html: str) -> str:
    return re.search(r'<div class="article-body">(.*?)</div>\s*</section>', html, re.S).group(1)


def text_of(fragment: str) -> str:
    return re.sub(r"<[^>]+>", "", fragment)


def page(client, slug: str, query: str = "") -> str:
    article = SourceArticle.objects.get(slug=slug)
    response = client.get(article.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


# --------------------------------------------------------------------------- the layout


def test_lines_become_paragraphs_subheads_lists_and_tables():
    text = (
        "Opening paragraph, as received.\n"
        "A Subhead\n"
        "Second paragraph.\n"
        "\n"
        "- first item\n"
        "- second item\n"
        "Name |\nValue |\n---|---|\nA | 1 |\nB | 2 |\n"
        "Last line without a stop"
    )
    kinds = [block.kind for block in blocks(text)]
    assert kinds == ["paragraph", "subhead", "paragraph", "list", "table", "paragraph"]
    table = blocks(text)[4]
    assert [text[a:b] for a, b in table.header] == ["Name", "Value"]
    assert [[text[a:b] for a, b in row] for row in table.rows] == [["A", "1"], ["B", "2"]]
    assert [text[a:b] for a, b in blocks(text)[3].ranges] == ["first item", "second item"]


def test_seed_article_keeps_its_paragraphs_subheads_list_and_table(client, seed_data):
    html = body(page(client, ARTICLE_2))
    assert html.count("<p>") == 22
    assert "<h3>A United Front Against Smuggling Networks</h3>" in html
    assert "<h3>UK Partnerships in the Western Balkans</h3>" in html
    # The "|" table is a table: its header, then one row per country, no bars or dashes.
    table = re.search(r"<table>.*?</table>", html, re.S).group(0)
    headers = [text_of(cell) for cell in re.findall(r"<th[^>]*>.*?</th>", table)]
    assert headers == ["Country", "Partnership Focus"]
    rows = [
        [text_of(cell) for cell in re.findall(r"<td>.*?</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1])
    ]
    assert rows == [
        ["Serbia", "Intelligence sharing, joint operations"],
        ["North Macedonia", "Increased cooperation against trafficking routes"],
        ["Kosovo", "Enhanced monitoring and law enforcement support"],
        ["Albania (existing)", "Anti-illicit finance operations, gang disruption"],
    ]
    assert "|" not in text_of(html) and "---" not in text_of(html)
    # The bulleted list of the EPC's other matters.
    items = re.search(r"<ul>(.*?)</ul>", html, re.S).group(1)
    assert [text_of(item).split(":")[0] for item in re.findall(r"<li>.*?</li>", items)] == [
        "Economic Cooperation",
        "Support for Ukraine",
        "Collective Security",
    ]


def test_hostile_markup_in_the_text_stays_inert(client, db):
    text = (
        '<script>alert("owned")</script> opens it.\n'
        "<h1 onclick=alert(1)>Not a heading</h1>\n"
        "- <img src=x onerror=alert(2)>\n"
        "<b>Head</b> |\nOther |\n---|---|\n<iframe src=//evil> | \"quoted\" & 'single' |\n"
        "The minister promised £5 million."
    )
    article = factories.SourceArticleFactory(text=text)
    factories.CitationFactory(source=article, excerpt="<img src=x onerror=alert(2)>")
    html = body(client.get(article.get_absolute_url()).content.decode())
    for tag in ("<script", "<h1", "<img", "<b>", "<iframe"):
        assert tag not in html
    assert "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;</mark>" in html
    assert "<td>&lt;iframe src=//evil&gt;</td>" in html
    assert "&quot;quoted&quot; &amp; &#x27;single&#x27;" in html


# --------------------------------------------------------------------------- the marks


def test_excerpts_starting_at_the_same_place_each_have_an_anchor_and_stay_apart():
    html = render_article("abcdefghij", [span(1, 2, 8), span(2, 2, 4), span(3, 5, 10)])
    assert html.count('id="excerpt-1"') == html.count('id="excerpt-2"') == 1
    assert html.count('id="excerpt-3"') == 1
    # Each piece says exactly which excerpts cover it, the shortest first.
    pieces = re.findall(r'data-excerpts="([\d ]+)">([^<]*)</mark>', html)
    assert pieces == [("2 1", "cd"), ("1", "e"), ("1 3", "fgh"), ("3", "ij")]


def test_the_excerpt_arrived_from_is_marked_strongly_and_only_it():
    html = render_article("abcdefghij", [span(1, 2, 8), span(3, 5, 10)], current=3)
    strong = re.findall(
        r'<mark class="([^"]*excerpt-mark--current[^"]*)" data-excerpts="([\d ]+)"', html
    )
    assert [covering for _, covering in strong] == ["1 3", "3"]
    assert html.count("excerpt-mark--current") == 2


def test_seed_source_page_marks_the_followed_excerpt(client, seed_data):
    citation = Citation.objects.get(
        source__slug=ARTICLE_1, commitment__slug="border-security-command-extra-75m"
    )
    html = page(client, ARTICLE_1, f"?excerpt={citation.pk}")
    strong = re.findall(r'excerpt-mark--current[^"]*" data-excerpts="([\d ]+)">([^<]*)<', html)
    assert all(str(citation.pk) in covering.split() for covering, _ in strong)
    assert "".join(words for _, words in strong) == citation.excerpt
    assert f'<li id="citation-{citation.pk}" class="cited cited--current">' in html


@pytest.mark.parametrize("query", ["?excerpt=", "?excerpt=abc", "?excerpt=999999", "?excerpt=١"])
def test_an_unknown_excerpt_marks_nothing(client, seed_data, query):
    assert "excerpt-mark--current" not in page(client, ARTICLE_1, query)


def test_disputed_excerpts_are_marked_and_link_to_the_disagreement(client, seed_data):
    html = page(client, ARTICLE_1)
    text = body(html)
    assert "excerpt-mark--disputed" in text
    flag = (
        '<a class="dispute-flag" href="/commitments/border-security-command-extra-75m/'
        '#disagreement-heading">disputed</a>'
    )
    assert flag in text
    # Every disputed excerpt of the article (the £75 billion, two quotes) has its flag.
    assert text.count('class="dispute-flag"') == 3
