"""WCAG 2.2 AA on every page type: axe-core finds no serious or critical violation,
and each page has the landmarks the templates agreed on."""

import pytest

from .conftest import describe_violations, run_axe, serious_violations
from .pages import PAGE_TYPES


@pytest.fixture
def context(new_context):
    # axe is injected as an inline <script>; a Content-Security-Policy without
    # 'unsafe-inline' (as production sends) would block it. The CSP itself is
    # exercised by the console-error tests, which keep it on.
    return new_context(bypass_csp=True)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_is_accessible(page, console_errors, live_server, site_data, page_type):
    path, status = PAGE_TYPES[page_type]()
    if status != 200:
        console_errors.expect_status(live_server.url + path, status)
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}, expected {status}"

    problems = []
    for selector, what in [
        ("main#main", '<main id="main">'),
        ("h1", "<h1>"),
        ('nav[aria-label="Main"]', '<nav aria-label="Main">'),
    ]:
        count = page.locator(selector).count()
        if count != 1:
            problems.append(f"expected exactly one {what}, found {count}")

    violations = serious_violations(run_axe(page))
    if violations:
        problems.append(
            f"axe-core found {len(violations)} serious or critical WCAG A/AA violation(s):\n"
            + describe_violations(violations)
        )
    assert not problems, f"{path}:\n" + "\n".join(problems)
