"""Browser tests: Playwright for Python driving Debian's Chromium against the live server.

One Chromium per session, a fresh context and page per test. Every page a test
opens is watched for console errors and uncaught exceptions; any of them fails
the test. ``axe`` runs the vendored axe-core in the page and fails on serious or
critical WCAG 2.x A/AA violations.

Run: ``REQUIRE_BROWSER=1 .venv/bin/python -m pytest tests/browser -p no:xdist -v``.
``UPDATE_SCREENSHOTS=1`` also rewrites the PNGs under ``docs/screenshots/``.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test's thread. Django
# sees that running loop and refuses ORM calls from it ("You cannot call this from
# an async context - use a thread or sync_to_async"), although these tests are
# plain synchronous code that only read records to know which pages to open.
# Set before any test touches the database.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = HERE / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_FAILING_IMPACTS = {"serious", "critical"}
SCREENSHOTS = REPO / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}


def _browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1"


def update_screenshots() -> bool:
    return os.environ.get("UPDATE_SCREENSHOTS") == "1"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/browser: ``browser``, and a transactional database.

    The live server answers from another thread, so the records a test makes must
    be committed (``transaction=True``). Flushing after each test would also wipe
    the countries and groups the migrations create; ``serialized_rollback`` puts
    them back before the next test.
    """
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


# ---------------------------------------------------------------------------
# The browser


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        reason = (
            f"{CHROMIUM} is missing: install Debian's chromium "
            "(apt-get install -y chromium); `playwright install` is not used here."
        )
        if _browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)

    from playwright.sync_api import sync_playwright

    serialized = _serialized_db_contents()
    playwright = sync_playwright().start()
    _restore_serialized_db_contents(serialized)
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        if _browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but Chromium did not start: {error}", pytrace=False)
        pytest.skip(f"Chromium did not start: {error}")
    yield chromium
    chromium.close()
    playwright.stop()


def _serialized_db_contents() -> dict[str, str]:
    from django.db import connections

    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


def _restore_serialized_db_contents(serialized: dict[str, str]) -> None:
    """Give the connections the test thread uses from now on the database's snapshot.

    Once Playwright's event loop is running in this thread, asgiref keeps Django's
    connections per context instead of per thread, so the test code gets new
    connection objects. The test database's snapshot (``serialized_rollback``)
    lives on the old ones; without it every test after the first would start
    without the countries the migrations create.
    """
    from django.db import connections

    for alias, contents in serialized.items():
        if not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents


# ---------------------------------------------------------------------------
# Console errors


@dataclass
class ConsoleErrors:
    """Collects console errors and uncaught page errors of every page in a context.

    The document of a 404 page makes Chromium log "Failed to load resource: the
    server responded with a status of 404"; ``expect_status`` lets that one line,
    for that one address, through.
    """

    errors: list[str] = field(default_factory=list)
    expected_statuses: set[tuple[str, int]] = field(default_factory=set)

    def watch(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def expect_status(self, url: str, status: int) -> None:
        self.expected_statuses.add((url, status))

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        location = message.location or {}
        url = location.get("url", "")
        for expected_url, status in self.expected_statuses:
            if url == expected_url and f"status of {status}" in message.text:
                return
        where = f" ({url}:{location.get('lineNumber', '?')})" if url else ""
        self.errors.append(
            f"console.error on {message.page.url if message.page else '?'}: {message.text}{where}"
        )

    def _on_page_error(self, error) -> None:
        self.errors.append(f"uncaught page error: {error}")

    def take(self) -> list[str]:
        """The errors logged so far, which are then forgotten."""
        errors, self.errors = self.errors, []
        return errors

    def report(self, errors: list[str] | None = None) -> str:
        errors = self.errors if errors is None else errors
        return "The page logged errors:\n  " + "\n  ".join(errors)


@pytest.fixture
def console_errors(request) -> ConsoleErrors:
    collector = ConsoleErrors()
    request.node.stash[_CONSOLE_KEY] = collector
    return collector


_CONSOLE_KEY = pytest.StashKey[ConsoleErrors]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself (not its teardown) when a page it opened logged errors."""
    result = yield
    collector = item.stash.get(_CONSOLE_KEY, None)
    if collector is not None and collector.errors:
        raise AssertionError(collector.report())
    return result


# ---------------------------------------------------------------------------
# Contexts and pages


@pytest.fixture
def new_context(browser, live_server, console_errors):
    """Make browser contexts on the live server; every page in them is watched."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", VIEWPORT)
        # The readers the site is written for: British English, London time.
        options.setdefault("locale", "en-GB")
        options.setdefault("timezone_id", "Europe/London")
        options.setdefault("base_url", live_server.url)
        context = browser.new_context(**options)
        context.on("page", console_errors.watch)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()


# ---------------------------------------------------------------------------
# axe-core


def run_axe(page) -> list[dict]:
    """Inject the vendored axe-core, run it with the WCAG A/AA tags, return violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                targets: v.nodes.map((n) => n.target.join(" ")),
            }));
        }""",
        AXE_TAGS,
    )


def serious_violations(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in AXE_FAILING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        lines.extend(f"    {target}" for target in v["targets"][:10])
        if len(v["targets"]) > 10:
            lines.append(f"    … and {len(v['targets']) - 10} more")
    return "\n".join(lines)
