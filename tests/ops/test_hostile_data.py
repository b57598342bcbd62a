"""Hostile text in the data stays text: on every page, in the admin, feeds, CSV, JSON, JSON-LD.

Records whose headlines, article text, quotes, names, titles, summaries and excerpts
hold markup that would run script if it reached a browser unescaped, and spreadsheet
formulas. Every public page that shows them is parsed with an HTML parser: no element
or attribute may come from the data (the only scripts are the static files and the
JSON-LD block), and the text must be there as text.
"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from tests import factories
from tests.ops.public_urls import PAGES, page_address
from tracker import models
from tracker.formats import PAGE_FORMATS

SCRIPT = "<script>alert(1)</script>"
CLOSE_SCRIPT = "</script><script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HYPERLINK = '=HYPERLINK("http://evil.example","x")'
CMD = "+cmd|' /C calc'!A0"
ARITHMETIC = "-2+3"
SUM = "@SUM(1)"
HOSTILE = [SCRIPT, CLOSE_SCRIPT, IMG, HYPERLINK, CMD, ARITHMETIC, SUM]
EVERYTHING = " ".join(HOSTILE)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The article's text holds every hostile string, each in a sentence an excerpt can cite.
ARTICLE_TEXT = " ".join(f"Sentence {i}: {text}." for i, text in enumerate(HOSTILE))


class Elements(HTMLParser):
    """The elements and attributes of a page, and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def assert_nothing_came_from_the_data(html: str, where: str) -> Elements:
    for raw in ("<script>alert", "<img src=x"):
        assert raw not in html, f"{where}: unescaped {raw!r}"
    page = parse(html)
    for tag, attrs in page.elements:
        for name in attrs:
            assert not name.startswith("on"), f"{where}: <{tag} {name}=…> from the data"
        if tag == "script":
            src = attrs.get("src", "")
            ours = src.startswith("/") and not src.startswith("//")  # static files, jsi18n
            assert ours or attrs.get("type") in (
                "application/ld+json",
                "application/json",  # the admin's data for its own scripts (json_script)
            ), f"{where}: a script that is not ours: {attrs}"
        if tag == "img":
            assert attrs.get("src", "").startswith((settings.STATIC_URL, "data:")), where
    for block in page.scripts:
        assert "</script" not in block.lower(), where
        assert "alert(1)</script>" not in block, where
    return page


@pytest.fixture
def hostile(db):
    """Published records of every kind with hostile text in every text field shown."""
    article = factories.SourceArticleFactory(
        slug="hostile-article", headline=HYPERLINK, publisher=CMD, text=ARTICLE_TEXT
    )
    person = factories.PersonFactory(slug="hostile-person", name=SCRIPT)
    factories.RoleFactory(person=person, title=IMG)
    event = factories.EventFactory(slug="hostile-event", name=CLOSE_SCRIPT, location=IMG)
    announcement = factories.AnnouncementFactory(
        slug="hostile-announcement",
        title=SUM,
        summary=EVERYTHING,
        speaker=person,
        event=event,
    )
    announcement.countries.add("RS")
    records = {"article": article, "person": person, "event": event, "announcement": announcement}
    for i, text in enumerate(HOSTILE):
        commitment = factories.FundingCommitmentFactory(
            slug=f"hostile-commitment-{i}",
            title=text,
            summary=EVERYTHING,
            purpose=text,
            period_label=text,
            announcement=announcement,
        )
        factories.CommitmentPartyFactory(commitment=commitment, country_id="RS")
        quote = factories.QuoteFactory(
            slug=f"hostile-quote-{i}", text=text, context=EVERYTHING, speaker=person, event=event
        )
        quote.countries.add("RS")
        figure = factories.FigureFactory(slug=f"hostile-figure-{i}", label=text, unit=text)
        figure.countries.add("RS")
        excerpt = f"Sentence {i}: {text}."
        citation = factories.CitationFactory(source=article, commitment=commitment, excerpt=excerpt)
        factories.CitationFactory(source=article, commitment=None, quote=quote, excerpt=excerpt)
        factories.CitationFactory(source=article, commitment=None, figure=figure, excerpt=excerpt)
        records[f"commitment-{i}"] = commitment
        records[f"quote-{i}"] = quote
        records[f"figure-{i}"] = figure
    discrepancy = factories.DiscrepancyFactory(
        slug="hostile-discrepancy", subject=SCRIPT, resolution=EVERYTHING
    )
    factories.DiscrepancyVersionFactory(
        discrepancy=discrepancy, citation=citation, stated_value=IMG
    )
    records["discrepancy"] = discrepancy
    return records


def hostile_addresses() -> list[str]:
    """Every public page, each detail page for a hostile record, lists searched for them."""
    addresses = []
    for name, page in PAGES.items():
        if name == "healthz" or page.media_type != "text/html":  # images, oEmbed: below
            continue
        if not page.path_kind:
            addresses.append(page_address(name))
            continue
        if name == "country-detail":
            addresses.append(reverse(name, kwargs={"slug": "serbia"}))
            continue
        for record in page.records().filter(slug__startswith="hostile"):
            addresses.append(page_address(name, record))
    addresses += [
        "/search/?q=alert",
        "/search/?q=HYPERLINK",
        "/commitments/?q=alert",
        "/commitments/?country=serbia&sort=title",
        "/quotes/?speaker=hostile-person",
        "/sources/?q=Sentence",
    ]
    return addresses


def test_every_page_type_escapes_it(client, hostile):
    addresses = hostile_addresses()
    kinds = {
        name for name in PAGES if any(a.startswith(page_address_prefix(name)) for a in addresses)
    }
    assert kinds >= {name for name, page in PAGES.items() if page.media_type == "text/html"} - {
        "healthz",
        "home",
    }
    shown = set()
    for address in addresses:
        for extra in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(address, **extra)
            assert response.status_code == 200, address
            page = assert_nothing_came_from_the_data(response.content.decode(), address)
            text = "".join(page.text)
            shown |= {value for value in HOSTILE if value in text}
    # The hostile text is shown, as text: the pages did not just leave it out.
    assert shown == set(HOSTILE)


def page_address_prefix(name: str) -> str:
    page = PAGES[name]
    if not page.path_kind:
        return reverse(name)
    return reverse(name, kwargs={"pk": 1} if page.path_kind == "int" else {"slug": "x"})[:-2]


def test_each_detail_page_shows_its_hostile_title_as_text(client, hostile):
    for key in ("commitment-0", "quote-1", "figure-2", "announcement", "person", "event"):
        record = hostile[key]
        html = client.get(record.get_absolute_url()).content.decode()
        page = assert_nothing_came_from_the_data(html, key)
        assert str(record) and any(value in "".join(page.text) for value in HOSTILE), (
            f"{key}: its hostile text is missing"
        )


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="chief", email="chief@example.org", password="a-long-chief-password"
    )
    client.force_login(user)
    return client


def test_the_admin_escapes_it(admin_client, hostile):
    tracker_models = [
        models.SourceArticle,
        models.Commitment,
        models.Quote,
        models.Figure,
        models.Person,
        models.Event,
        models.Announcement,
        models.Discrepancy,
        models.Citation,
    ]
    checked = 0
    for model in tracker_models:
        info = (model._meta.app_label, model._meta.model_name)
        try:
            changelist = reverse("admin:{}_{}_changelist".format(*info))
        except Exception:  # not in the admin
            continue
        response = admin_client.get(changelist)
        assert response.status_code == 200, changelist
        assert_nothing_came_from_the_data(response.content.decode(), changelist)
        for record in (
            model.objects.all()[:3]
            if model is models.Citation
            else [r for r in hostile.values() if isinstance(r, model)][:2]
        ):
            change = reverse("admin:{}_{}_change".format(*info), args=[record.pk])
            response = admin_client.get(change)
            assert response.status_code == 200, change
            html = response.content.decode()
            assert_nothing_came_from_the_data(html, change)
            checked += 1
    assert checked >= 12


FEEDS = [name for name, formats in PAGE_FORMATS.items() if "atom" in formats]


def test_feeds_are_well_formed_with_the_text_as_text(client, hostile):
    seen = set()
    for name in FEEDS:
        address = (
            reverse(name, kwargs={"slug": "serbia"})
            if name == "country-detail"
            else page_address(name, hostile["person"])
            if name == "person-detail"
            else page_address(name)
        )
        response = client.get(address, {"format": "atom"})
        assert response.status_code == 200, address
        assert response["Content-Type"].startswith("application/atom+xml")
        body = response.content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, address
        root = ET.fromstring(response.content)  # well-formed, or this raises
        atom = "{http://www.w3.org/2005/Atom}"
        # No element of the feed came from the data: only Atom's own.
        for element in root.iter():
            assert element.tag.startswith(atom), (address, element.tag)
        texts = " ".join(element.text or "" for element in root.iter())
        seen |= {value for value in HOSTILE if value in texts}
    assert {SCRIPT, CLOSE_SCRIPT, IMG, HYPERLINK} <= seen


def csv_addresses(hostile) -> list[str]:
    addresses = []
    for name, formats in PAGE_FORMATS.items():
        if "csv" not in formats:
            continue
        page = PAGES[name]
        if not page.path_kind:
            addresses.append(page_address(name))
        elif name == "country-detail":
            addresses.append(reverse(name, kwargs={"slug": "serbia"}))
        else:
            addresses += [
                page_address(name, record)
                for record in page.records().filter(slug__startswith="hostile")[:2]
            ]
    return [*addresses, "/search/?q=Sentence"]


def test_csv_neutralises_formulas(client, hostile):
    neutralised = set()
    for address in csv_addresses(hostile):
        response = client.get(address, {"format": "csv"})
        assert response.status_code == 200, address
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS), f"{address}: formula cell {cell!r}"
                if cell.startswith("'") and cell[1:] in HOSTILE:
                    neutralised.add(cell[1:])
    assert {HYPERLINK, CMD, ARITHMETIC, SUM} <= neutralised


def strings(data) -> set[str]:
    """Every string in parsed JSON."""
    if isinstance(data, str):
        return {data}
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list):
        return set().union(*(strings(item) for item in data))
    return set()


def test_json_is_valid_and_keeps_the_text_exactly(client, hostile):
    found = set()
    for address in csv_addresses(hostile):
        response = client.get(address, {"format": "json"})
        assert response.status_code == 200, address
        body = response.content if not response.streaming else b"".join(response.streaming_content)
        data = json.loads(body)
        found |= {value for value in HOSTILE if value in strings(data)}
    for path in ("/api/commitments", "/api/quotes", "/api/sources", "/api/people",
                 "/api/events", "/api/figures", "/api/announcements", "/api/discrepancies",
                 f"/api/commitments/{hostile['commitment-0'].slug}",
                 f"/api/sources/{hostile['article'].pk}"):  # fmt: skip
        response = client.get(path, {"page_size": 100} if path.count("/") == 2 else {})
        assert response.status_code == 200, path
        data = json.loads(response.content)
        found |= {value for value in HOSTILE if value in strings(data)}
    assert found == set(HOSTILE)


JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_jsonld_parses_and_cannot_close_its_block(client, hostile):
    checked = 0
    for name, page in PAGES.items():
        if not page.path_kind or not page.chrome or page.media_type != "text/html":
            continue
        records = (
            [models.Country.objects.get(slug="serbia")]
            if name == "country-detail"
            else page.records().filter(slug__startswith="hostile")[:2]
        )
        for record in records:
            html = client.get(page_address(name, record)).content.decode()
            blocks = JSONLD.findall(html)
            assert len(blocks) == 1, (name, record)
            (block,) = blocks
            assert "</script" not in block.lower() and "<" not in block, name
            data = json.loads(block)
            assert data["@context"] == "https://schema.org"
            checked += 1
    assert checked >= 10


def test_share_images_draw_it_and_oembed_keeps_it_in_its_attribute(client, hostile):
    drawn = 0
    for name, page in PAGES.items():
        if page.media_type != "image/png":
            continue
        for record in page.records().filter(slug__startswith="hostile")[:3]:
            response = client.get(page_address(name, record))
            assert response.status_code == 200, name
            image = Image.open(io.BytesIO(response.content))
            assert (image.format, image.size) == ("PNG", (1200, 630)), name
            drawn += 1
    assert drawn >= 9
    for key in ("commitment-0", "commitment-2", "quote-1"):
        page = f"http://testserver{hostile[key].get_absolute_url()}"
        data = client.get(reverse("oembed"), {"url": page}).json()
        frame = parse(data["html"])
        assert [tag for tag, _ in frame.elements] == ["iframe"], key
        assert_nothing_came_from_the_data(data["html"], key)
