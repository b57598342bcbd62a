"""Enough commitments that a filtered list spans pages, and helpers to read every format.

``bulk_commitments()`` makes 60 commitments of all three kinds, three in four about
Serbia (so ``country=serbia`` matches 45: two pages of 25), with amounts in three
currencies and dates that repeat, so that sorting needs its tie-breakers.
"""

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET

from tests import factories
from tracker import models

DAY = datetime.date(2024, 1, 1)
ATOM = "{http://www.w3.org/2005/Atom}"
SLUG_IN_HTML = re.compile(r'<(?:li|tr) class="[\w-]+" data-slug="([^"]+)"')


def bulk_commitments(count: int = 60) -> list[models.Commitment]:
    kinds = (
        factories.PartnershipFactory,
        factories.FundingCommitmentFactory,
        factories.PledgeFactory,
    )
    made = []
    for i in range(count):
        factory = kinds[i % 3]
        money = {}
        if factory is factories.FundingCommitmentFactory:
            money = {
                "amount_minor": (i % 7 + 1) * 100_000_000,
                "currency": ("GBP", "EUR", "JPY")[i // 3 % 3],
            }
        commitment = factory(
            slug=f"bulk-{i:03d}",
            title=f"Bulk commitment {(i * 7) % count:03d}",
            announced_on=DAY + datetime.timedelta(days=i % 17),
            status=("announced", "in_progress", "delivered")[i % 5 % 3],
            **money,
        )
        factories.CommitmentPartyFactory(commitment=commitment, country_id="RS" if i % 4 else "AL")
        made.append(commitment)
    return made


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def html_slugs(client, address: str) -> list[str]:
    """The slugs the HTML list shows, page after page, for the filters in ``address``."""
    slugs, page = [], 1
    while True:
        separator = "&" if "?" in address else "?"
        response = client.get(f"{address}{separator}page={page}", HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.content.decode()
        html = response.content.decode()
        slugs += SLUG_IN_HTML.findall(html)
        if 'rel="next"' not in html:
            return slugs
        page += 1


def first_page_slugs(client, address: str) -> list[str]:
    response = client.get(address, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return SLUG_IN_HTML.findall(response.content.decode())


def csv_rows(response) -> list[dict]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff"), "CSV files start with a byte order mark"
    return list(csv.DictReader(io.StringIO(text[1:])))


def json_body(response):
    return json.loads(body(response))


def feed_entries(response) -> list[ET.Element]:
    root = ET.fromstring(body(response))
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def slug_of(address: str) -> str:
    return address.rstrip("/").rsplit("/", 1)[-1]


def feed_slugs(response) -> list[str]:
    return [slug_of(entry.find(f"{ATOM}link").get("href")) for entry in feed_entries(response)]
