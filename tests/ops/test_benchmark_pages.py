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
