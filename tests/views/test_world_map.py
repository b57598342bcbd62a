"""The world map: one linked shape per country, Kosovo its own, shaded by published
commitments only, with a table as its text alternative."""

import json
import re

import pytest

from tests import factories
from tracker.models import Country, Publication
from tracker.overview.worldmap import SHAPES, shade_classes

pytestmark = pytest.mark.django_db

LINKED_SHAPE = re.compile(
    r'<a href="/countries/([-a-z]+)/" aria-label="([^"]+)"[^>]*><title>[^<]+</title>'
    r'<path class="shade-(\d)" data-code="(\w\w)" d="[^"]+"/></a>'
)


def shapes_on(html: str) -> dict[str, tuple[str, str, int]]:
    """code -> (slug, accessible name, shade) of every shape of the map."""
    svg = re.search(r'<svg class="map".*?</svg>', html, re.S).group()
    assert svg.count("<path") == len(LINKED_SHAPE.findall(svg))  # every shape is a link
    return {code: (slug, name, int(shade)) for slug, name, shade, code in LINKED_SHAPE.findall(svg)}


@pytest.mark.parametrize("address", ["/", "/countries/"])
def test_one_linked_shape_per_country_kosovo_included(client, seed_data, address):
    shapes = shapes_on(client.get(address).content.decode())
    drawn = json.loads(SHAPES.read_text())["shapes"]
    assert set(shapes) == set(drawn)
    assert len(shapes) == len(drawn) > 170
    assert set(shapes) <= set(Country.objects.values_list("code", flat=True))
    assert shapes["XK"] == ("kosovo", "Kosovo: 2 commitments", 2)
    assert shapes["RS"] == ("serbia", "Serbia: 2 commitments", 2)
    assert shapes["GB"] == ("united-kingdom", "United Kingdom: 10 commitments", 4)
    assert shapes["AL"][1:] == ("Albania: 1 commitment", 1)
    # Named by figures only, not party to a commitment.
    assert shapes["FR"][1:] == ("France: 0 commitments", 0)
    assert shapes["BR"][1:] == ("Brazil: 0 commitments", 0)


def test_countries_without_commitments_stay_out_of_the_tab_order(client, seed_data):
    html = client.get("/").content.decode()
    assert '<a href="/countries/brazil/" aria-label="Brazil: 0 commitments" tabindex="-1">' in html
    assert '<a href="/countries/serbia/" aria-label="Serbia: 2 commitments">' in html


def test_the_table_lists_every_country_with_commitments_most_first(client, seed_data):
    html = client.get("/countries/").content.decode()
    table = re.search(r'<table class="map-table">.*?</table>', html, re.S).group()
    rows = re.findall(r'<a href="/countries/[-a-z]+/">([^<]+)</a>.*?<td class="num">(\d+)', table)
    assert rows == [
        ("United Kingdom", "10"),
        ("Kosovo", "2"),
        ("North Macedonia", "2"),
        ("Serbia", "2"),
        ("Albania", "1"),
    ]
    assert "5 countries with commitments" in html


def test_the_map_counts_published_commitments_only(client, db):
    factories.CommitmentPartyFactory(
        commitment=factories.PledgeFactory(publication=Publication.DRAFT), country_id="RS"
    )
    factories.CommitmentPartyFactory(commitment=factories.PledgeFactory(), country_id="XK")
    shapes = shapes_on(client.get("/").content.decode())
    assert shapes["RS"][1:] == ("Serbia: 0 commitments", 0)
    assert shapes["XK"][1:] == ("Kosovo: 1 commitment", 4)


def test_a_country_too_small_to_draw_is_in_the_table(client, db):
    factories.CommitmentPartyFactory(commitment=factories.PledgeFactory(), country_id="MT")
    html = client.get("/").content.decode()
    assert 'Malta</a> <span class="meta">(too small to draw at this scale)</span>' in html


def test_shade_classes_grow_geometrically_and_cover_every_count():
    classes = shade_classes(5011)
    assert [(c.low, c.high) for c in classes] == [(1, 8), (9, 70), (71, 595), (596, 5011)]
    for peak in range(1, 60):
        classes = shade_classes(peak)
        covered = [n for c in classes for n in range(c.low, c.high + 1)]
        assert covered == list(range(1, peak + 1))
        assert classes[-1].shade == 4
