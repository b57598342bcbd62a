"""The benchmark's addresses ask only for pages that exist: its page size is the app's."""

import importlib.util

from tests.ops.conftest import REPO
from tracker import pagination


def test_the_benchmark_pages_lists_as_the_app_does():
    spec = importlib.util.spec_from_file_location("pages", REPO / "benchmarks" / "pages.py")
    pages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pages)
    assert pages.PER_PAGE == pagination.PER_PAGE
