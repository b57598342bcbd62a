"""Issue 16: an article from a web page, fetched safely or pasted, with its page kept."""

import datetime

import pytest
from django.urls import reverse

from tracker.intake.pages import PageError, extract, fetch
from tracker.models import Publication, SourceArticle

from .saved_pages import PAGES, serving

pytestmark = pytest.mark.django_db
FROM_PAGE = reverse("admin:tracker_sourcearticle_from_page")


@pytest.fixture
def site(settings):
    settings.INTAKE_FETCH_PRIVATE_ADDRESSES = True  # the saved pages are served on 127.0.0.1
    settings.INTAKE_FETCH_TIMEOUT = 0.5
    settings.INTAKE_FETCH_MAX_BYTES = 200_000
    with serving() as base:
        yield base


def test_an_editor_adds_an_article_from_its_address(editor_client, site):
    address = f"{site}/cooper-albania.html"
    response = editor_client.post(FROM_PAGE, {"address": address})

    article = SourceArticle.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:tracker_sourcearticle_intake", args=[article.pk])
    assert article.headline == "Cooper signs returns deal with Albania"
    assert article.publisher == "The Example Times"
    assert article.published_on == datetime.date(2024, 11, 8)
    assert article.url == address
    assert article.publication == Publication.DRAFT
    assert "Byline: Jane Reporter" in article.editor_notes
    # the text is the article's paragraphs, entities read, without the page's navigation
    assert article.text.startswith("Cooper signs returns deal with Albania\nThe Home Secretary")
    assert "“There is a criminal empire" in article.text and "£150 million" in article.text
    assert "Privacy" not in article.text and "Sport" not in article.text
    assert article.raw_html == (PAGES / "cooper-albania.html").read_text(encoding="utf-8")
    assert editor_client.get(response.url).status_code == 200


def test_pasted_html_is_read_as_the_page(editor_client, db):
    html = (PAGES / "cooper-albania.html").read_text(encoding="utf-8")
    editor_client.post(FROM_PAGE, {"html": html})
    article = SourceArticle.objects.get()
    assert article.headline == "Cooper signs returns deal with Albania"
    assert "&ldquo;" not in article.text and "<p>" not in article.text
    assert article.raw_html == html and article.url == ""


@pytest.mark.parametrize(
    "address",
    ["http://127.0.0.1:9/page", "http://localhost/page", "http://10.0.0.8/", "http://[::1]/"],
)
def test_private_and_loopback_addresses_are_refused(editor_client, db, address):
    response = editor_client.post(FROM_PAGE, {"address": address})
    assert response.status_code == 400
    assert "private or local network" in response.text
    assert not SourceArticle.objects.exists()


def test_a_redirect_to_a_private_address_is_refused(settings, monkeypatch):
    """Checked again after a redirect: a public page cannot send the fetch inside."""
    from tracker.intake import pages

    def public_then_private(address):
        if "127.0.0.1" in address:
            raise PageError("That address is on a private or local network.")

    monkeypatch.setattr(pages, "_check_address", public_then_private)
    with serving() as base:
        handler = pages._CheckedRedirects()
        with pytest.raises(PageError, match="private"):
            handler.redirect_request(None, None, 302, "Found", {}, f"{base}/cooper-albania.html")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/slow/cooper-albania.html", "could not be read"),
        ("/big", "larger than"),
        ("/missing.html", "answered 404"),
    ],
)
def test_slow_big_and_missing_pages_are_refused_with_a_reason(editor_client, site, path, message):
    response = editor_client.post(FROM_PAGE, {"address": f"{site}{path}"})
    assert response.status_code == 400
    assert message in response.text
    assert not SourceArticle.objects.exists()


@pytest.mark.parametrize("data", [{}, {"address": "ftp://example.org/a"}, {"html": "<p></p>"}])
def test_bad_input_is_a_clear_400(editor_client, db, data):
    response = editor_client.post(FROM_PAGE, data)
    assert response.status_code == 400
    assert not SourceArticle.objects.exists()


def test_someone_who_may_not_add_articles_is_refused(client, django_user_model, db):
    stranger = django_user_model.objects.create_user(
        username="stranger", password="a-long-password-1", is_staff=True
    )
    client.force_login(stranger)
    assert client.get(FROM_PAGE).status_code == 403


def test_fetch_and_extract_directly(site):
    page = fetch(f"{site}/cooper-albania.html")
    found = extract(page)
    assert (found.headline, found.byline) == (
        "Cooper signs returns deal with Albania",
        "Jane Reporter",
    )


def test_html_pasted_as_text_is_refused_with_the_way_to_add_it(editor_client, db):
    """Before: a page's source pasted into the text kept its tags and entities."""
    html = (PAGES / "cooper-albania.html").read_text(encoding="utf-8")
    response = editor_client.post(
        reverse("admin:tracker_sourcearticle_add"),
        {
            "headline": "Cooper signs returns deal with Albania",
            "slug": "cooper-albania",
            "text": html,
            "published_on_precision": "day",
            "publication": Publication.DRAFT,
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "holds HTML tags" in response.text
    assert reverse("admin:tracker_sourcearticle_from_page") in response.text
    assert not SourceArticle.objects.exists()
