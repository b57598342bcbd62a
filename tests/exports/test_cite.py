"""'Cite this' on every record page: a permalink, a citation line, a copy button from a file."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

pytestmark = pytest.mark.django_db

CITE_JS = Path(settings.BASE_DIR) / "static" / "tracker" / "cite.js"


def record_pages(world) -> list[str]:
    return [
        world.funding.get_absolute_url(),
        world.partnership.get_absolute_url(),
        world.quote.get_absolute_url(),
        world.figure.get_absolute_url(),
        world.announcement.get_absolute_url(),
        world.event.get_absolute_url(),
        world.person.get_absolute_url(),
        world.article.get_absolute_url(),
        "/countries/serbia/",
    ]


def citation(html: str) -> str:
    match = re.search(
        r'<textarea id="cite-line" class="cite-line" rows="3" readonly>(.*?)</textarea>', html, re.S
    )
    assert match, "a read-only field holds the citation"
    return match.group(1)


def test_every_record_page_has_a_permalink_a_citation_and_a_copy_button(client, world):
    today = timezone.localdate().strftime("%-d %B %Y")
    for address in record_pages(world):
        html = client.get(address).content.decode()
        permalink = f"http://testserver{address}"
        assert f'<p class="permalink">Permalink: <a href="{permalink}">{permalink}</a></p>' in html
        line = citation(html)
        assert line.startswith("Policy Tracker, “"), line
        assert line.endswith(f", {permalink}, accessed {today}."), line
        # The button appears only once cite.js runs; the script is a file, loaded deferred.
        assert '<button type="button" class="cite-copy" data-copy="cite-line" hidden>' in html
        assert '<script src="/static/tracker/cite.js" defer></script>' in html
        assert '<label for="cite-line">Citation</label>' in html
        # Paper gets the same line as text: a textarea prints as a clipped box.
        assert f'<p class="cite-line-printed">Citation: {line}</p>' in html


def test_the_citation_names_the_record_and_its_date(client, world):
    updated = timezone.localdate(world.funding.updated_at).strftime("%-d %B %Y")
    line = citation(client.get(world.funding.get_absolute_url()).content.decode())
    assert line.startswith(
        f"Policy Tracker, “£150 million for border security”, last updated {updated}, "
    )
    line = citation(client.get(world.quote.get_absolute_url()).content.decode())
    assert line.startswith("Policy Tracker, “Keir Starmer: ‘We will smash the gangs together’”, ")
    line = citation(client.get(world.article.get_absolute_url()).content.decode())
    assert "“PM strikes deal with Serbia in Budapest”, The Daily Record, 7 November 2024, " in line


def test_the_citation_is_escaped(client, world):
    world.funding.title = '<b>"Bold" & brave</b>'
    world.funding.save()
    html = client.get(world.funding.get_absolute_url()).content.decode()
    assert "&lt;b&gt;&quot;Bold&quot; &amp; brave&lt;/b&gt;" in citation(html)


def test_lists_have_no_cite_box(client, world):
    for address in ("/commitments/", "/quotes/", "/sources/", "/countries/", "/"):
        assert 'class="cite-this"' not in client.get(address).content.decode()


def test_cite_js_copies_with_the_clipboard_api_and_confirms_visibly():
    script = CITE_JS.read_text()
    assert "navigator.clipboard.writeText" in script
    assert "button.hidden = false" in script  # shown only when it can work
    assert "Copied to the clipboard." in script
    assert "eval(" not in script and "innerHTML" not in script
