"""Playwright driving Debian's Chromium against pytest-django's live server.

Every test in this folder is marked `browser`; `pytest -m "not browser"` skips them.
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import sync_playwright

# Playwright's sync API keeps an asyncio loop in the test thread, which makes Django
# refuse database queries from tests that drive the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = HERE / "vendor" / "axe-4.14.1.min.js"

# Every page reports each Content-Security-Policy violation to the test (the listener
# runs before the page's own scripts, in every frame); Chromium also logs them to the
# console as "Refused to ...", which is recorded too.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__portalCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}` +
    ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`
  );
});
"""
CSP_TOTALS = {"tests": 0, "violations": 0}


def pytest_terminal_summary(terminalreporter):
    if CSP_TOTALS["tests"]:
        terminalreporter.write_line(
            f"CSP violations recorded: {CSP_TOTALS['violations']} "
            f"in {CSP_TOTALS['tests']} browser tests"
        )


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"No Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _watch_csp(context, violations):
    """Record the context's CSP violations; its close() first lets every page's
    pending reports arrive (a round trip to each page)."""
    context.expose_function(
        "__portalCspViolation", lambda report: violations.append(f"event: {report}")
    )
    context.add_init_script(CSP_LISTENER)
    context.on(
        "console",
        lambda message: (
            violations.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    close = context.close

    def flush_and_close(*args, **kwargs):
        for open_page in context.pages:
            if not open_page.is_closed():
                open_page.evaluate("() => true")
        return close(*args, **kwargs)

    context.close = flush_and_close


@pytest.fixture(autouse=True)
def csp_violations(browser):
    """Every context a test opens (through `page` or `browser.new_context`) records
    CSP violations; the test fails at teardown if there was any."""
    violations = []
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        _watch_csp(context, violations)
        return context

    browser.new_context = watched_context
    yield violations
    browser.new_context = new_context
    CSP_TOTALS["tests"] += 1
    CSP_TOTALS["violations"] += sum(v.startswith("event:") for v in violations)
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


@pytest.fixture
def page(browser, live_server, csp_violations):
    """A fresh browser context per test, so no cookies carry over between tests."""
    context = browser.new_context(locale="id-ID", base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    """Log in through the real allauth form: `login("alice", "password")`."""

    def log_in(username, password):
        page.goto(live_server.url + reverse("account_login"))
        form = page.locator("form").filter(has=page.locator("input[name=password]"))
        form.locator("input[name=login]").fill(username)
        form.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        return page

    return log_in


@pytest.fixture(scope="session")
def axe_source():
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def axe(page, axe_source):
    """Run axe-core on the page; return its serious and critical violations."""

    def run():
        # Evaluated through the DevTools protocol, not as an inline <script>, which
        # the page's CSP would refuse.
        page.evaluate(axe_source + "\n;undefined")
        result = page.evaluate("() => axe.run()")
        return [
            violation
            for violation in result["violations"]
            if violation["impact"] in ("serious", "critical")
        ]

    return run
