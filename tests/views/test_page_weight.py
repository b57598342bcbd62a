"""The first load of the pages with the map stays under 60 KB compressed (issue 13):
the page and every stylesheet and script it loads, gzipped as a server would."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

BUDGET = 60 * 1024


def first_load(client, address: str) -> dict[str, int]:
    html = client.get(address).content
    sizes = {address: len(gzip.compress(html, 9))}
    for asset in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        path = finders.find(asset.decode())
        with open(path, "rb") as file:
            sizes[asset.decode()] = len(gzip.compress(file.read(), 9))
    return sizes


@pytest.mark.parametrize("address", ["/", "/countries/"])
def test_first_load_is_under_60_kb_compressed(client, seed_data, address):
    sizes = first_load(client, address)
    assert any(name.endswith(".css") for name in sizes)
    assert sum(sizes.values()) < BUDGET, sizes
