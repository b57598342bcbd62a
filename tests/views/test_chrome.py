"""The site's chrome (tracker.templatetags.chrome): the head links, header and footer are
drawn once per process, and per route for the navigation, yet read as if drawn afresh."""

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from tracker.templatetags import chrome

pytestmark = pytest.mark.django_db

HEADER = "tracker/includes/site_header.html"


def header_of(html: str) -> str:
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def test_the_navigation_marks_the_page_s_own_section_on_every_page(client, seed_data):
    for address, route, label in (
        ("/people/", "person-list", "People"),
        ("/countries/", "country-list", "Countries"),
        ("/search/", "search", "Search"),
    ):
        header = header_of(client.get(address).content.decode())
        assert f'<a href="{reverse(route)}" aria-current="page">{label}</a>' in header
        assert header.count("aria-current") == 1
    assert "aria-current" not in header_of(client.get("/").content.decode())


def test_the_chrome_is_drawn_once_per_route(client, seed_data, monkeypatch):
    drawn = []
    real = chrome.get_template

    def counted(name):
        drawn.append(name)
        return real(name)

    monkeypatch.setattr(chrome, "get_template", counted)
    for _ in range(3):
        client.get("/people/")
    client.get("/countries/")
    assert drawn.count(HEADER) == 2  # once for the people index, once for the countries
    assert drawn.count("tracker/includes/site_head.html") == 1
    assert drawn.count("tracker/includes/site_footer.html") == 1


def test_what_is_kept_is_what_would_be_drawn_afresh(client, seed_data):
    client.get("/people/")
    afresh = render_to_string(HEADER, {"route": "person-list"}).removesuffix("\n")
    assert chrome.chrome(HEADER, "person-list") == afresh


def test_a_script_prefix_and_a_changed_setting_are_not_served_from_another_s_chrome(
    client, seed_data
):
    client.get("/people/")
    set_script_prefix("/tracker/")
    try:
        prefixed = chrome.chrome(HEADER, "person-list")
    finally:
        clear_script_prefix()
    assert '<a href="/tracker/countries/">Countries</a>' in prefixed
    assert '<a href="/countries/">Countries</a>' in chrome.chrome(HEADER, "person-list")
    with override_settings(STATIC_URL="/elsewhere/"):
        assert 'href="/elsewhere/tracker/tracker.css"' in client.get("/people/").content.decode()
