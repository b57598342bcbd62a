"""WCAG 2.2 AA on every page type: axe-core finds no serious or critical violation,
and each page has the landmarks the templates agreed on."""

import pytest

from .conftest import describe_violations, run_axe, serious_violations
from .pages import PAGE_TYPES

# The agreed page contract: one of each on every page, the 404 page included.
LANDMARKS = [
    ("main#main", '<main id="main">'),
    ("h1", "<h1>"),
    ('nav[aria-label="Main"]', '<nav aria-label="Main">'),
]


@pytest.fixture
def context(new_context):
    # axe is injected as an inline <script>; a Content-Security-Policy without
    # 'unsafe-inline' (as production sends) would block it. The CSP itself is
    # exercised by the console-error tests, which keep it on.
    return new_context(bypass_csp=True)


def test_every_page_type_is_accessible(page, console_errors, live_server, seed_data, subtests):
    """One seed load, then each page type as its own subtest."""
    for page_type, address in PAGE_TYPES.items():
        with subtests.test(msg=page_type):
            path, status = address()
            if status != 200:
                console_errors.expect_status(live_server.url + path, status)
            response = page.goto(path)
            assert response.status == status, f"{path} answered {response.status}, not {status}"

            problems = [
                f"expected exactly one {what}, found {count}"
                for selector, what in LANDMARKS
                if (count := page.locator(selector).count()) != 1
            ]
            violations = serious_violations(run_axe(page))
            if violations:
                problems.append(
                    f"axe-core found {len(violations)} serious or critical WCAG A/AA "
                    "violation(s):\n" + describe_violations(violations)
                )
            errors = console_errors.take()
            if errors:
                problems.append(console_errors.report(errors))
            assert not problems, f"{path}:\n" + "\n".join(problems)
