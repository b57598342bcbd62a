"""The benchmark's addresses ask only for pages that exist: its page size is the app's."""

import importlib.util

from tests.ops.conftest import REPO
from tracker import pagination


def loaded_pages():
    spec = importlib.util.spec_from_file_location("pages", REPO / "benchmarks" / "pages.py")
    pages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pages)
    return pages


def test_the_benchmark_pages_lists_as_the_app_does():
    assert loaded_pages().PER_PAGE == pagination.PER_PAGE


def test_the_filtered_export_is_a_countrys_funding_where_one_numbers_about_500():
    pages = loaded_pages()
    records = {
        "country": ["grenada", "georgia"],
        "size": {"grenada": {"&kind=funding": 575}, "georgia": {"&kind=funding": 497}},
        "funding by status": [("grenada", "announced", 500)],
    }
    assert pages.exported_filters(records) == "country=georgia&kind=funding"


def test_the_filtered_export_is_of_one_status_where_every_country_has_far_more():
    pages = loaded_pages()
    records = {
        "country": ["paraguay", "malaysia"],
        "size": {"paraguay": {"&kind=funding": 8000}, "malaysia": {"&kind=funding": 1888}},
        "funding by status": [
            ("paraguay", "announced", 2100),
            ("malaysia", "in_progress", 460),
            ("malaysia", "delivered", 530),
        ],
    }
    assert pages.exported_filters(records) == "country=malaysia&kind=funding&status=delivered"


def test_the_filtered_export_is_a_countrys_funding_where_every_country_has_fewer():
    pages = loaded_pages()
    records = {
        "country": ["san-marino", "andorra"],
        "size": {"san-marino": {"&kind=funding": 75}, "andorra": {"&kind=funding": 60}},
        "funding by status": [("san-marino", "announced", 30), ("andorra", "announced", 25)],
    }
    assert pages.exported_filters(records) == "country=san-marino&kind=funding"


def records_of(countries: list[str], **more) -> dict:
    """What pick_records gives, for ``countries`` with a commitment of each kind each."""
    return {
        "country": countries,
        "size": {c: dict.fromkeys(loaded_pages().KINDS, 1) for c in countries},
        "funding by status": [],
        "commitment": ["a-commitment"],
        "organisation": ["an-organisation"],
        "region": ["Western+Balkans"],
        **more,
    }


def test_the_announcements_address_is_the_country_with_the_most_announcements():
    pages = loaded_pages()
    records = records_of(["san-marino", "ecuador"], **{"announcing country": ["ecuador"]})
    address, _, distinct = pages.page_addresses(records)["announcements index, filtered"]
    assert address == "/announcements/?country=ecuador"
    # The load run still asks for every country's, busiest by commitments first.
    assert distinct[:2] == [
        "/announcements/?country=san-marino&n=0",
        "/announcements/?country=ecuador&n=0",
    ]


def test_without_announcements_the_address_is_the_busiest_countrys():
    pages = loaded_pages()
    records = records_of(["san-marino", "ecuador"], **{"announcing country": []})
    address, _, _ = pages.page_addresses(records)["announcements index, filtered"]
    assert address == "/announcements/?country=san-marino"
