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


@pytest.fixture
def page(browser, live_server):
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
        page.add_script_tag(content=axe_source)
        result = page.evaluate("() => axe.run()")
        return [
            violation
            for violation in result["violations"]
            if violation["impact"] in ("serious", "critical")
        ]

    return run
