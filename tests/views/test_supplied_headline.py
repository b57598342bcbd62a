"""A headline the copy received did not have is the editors': every public path shows it
in square brackets, says so, and never gives it as the article's own headline."""

import json
import re

from tracker.models import SourceArticle

SLUG = "pm-calls-for-joint-action-against-smuggling-gangs"
HEADLINE = "Prime Minister calls for joint European action against people-smuggling gangs"


def test_the_seed_marks_its_editors_headline(seed_data):
    supplied = SourceArticle.objects.filter(headline_supplied=True)
    assert list(supplied.values_list("slug", flat=True)) == [SLUG]


def test_the_article_page_shows_it_in_brackets_and_says_why(client, seed_data):
    article = SourceArticle.objects.get(slug=SLUG)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"<h1>[{HEADLINE}]</h1>" in html
    assert f"<title>[{HEADLINE}]" in html
    assert "The copy received has no headline" in html
    # In its JSON-LD it is the article's name, not its headline.
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    described = json.loads(block)
    assert "headline" not in json.dumps(described)
    assert f"[{HEADLINE}]" in json.dumps(described, ensure_ascii=False)


def test_records_citing_it_name_it_in_brackets(client, seed_data):
    html = client.get("/commitments/border-security-command-extra-75m/").content.decode()
    assert f"[{HEADLINE}]</a></cite>" in html
    assert f">{HEADLINE}</a></cite>" not in html


def test_an_articles_own_headline_is_shown_as_it_is(client, seed_data):
    article = SourceArticle.objects.get(slug="starmer-to-sign-deals-with-balkan-states")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"<h1>{article.headline}</h1>" in html
    assert "The copy received has no headline" not in html


def test_the_api_and_csv_say_which_headline_is_supplied(client, seed_data):
    items = client.get("/api/sources").json()["results"]
    flags = {item["slug"]: item["headline_supplied"] for item in items}
    assert flags[SLUG] is True
    assert flags["starmer-to-sign-deals-with-balkan-states"] is False
    csv = b"".join(client.get("/sources/?format=csv").streaming_content).decode("utf-8-sig")
    assert "headline_supplied" in csv.splitlines()[0]
