"""The portal's pages run under its Content-Security-Policy without a violation (every
browser test checks that at teardown, see conftest.py); this file shows the recorder
catches one, and that the Django admin's pages run under the same policy."""

from django.urls import reverse
from playwright.sync_api import expect

from tests import factories


def test_the_recorder_catches_an_inline_script_and_style(
    page, live_server, csp_violations
):
    policy = "default-src 'self'; script-src 'self'; style-src 'self'"
    page.route(
        "**/csp-probe/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
            body='<p style="color:red">x</p><script>document.title = "ran"</script>',
        ),
    )
    page.goto(live_server.url + "/csp-probe/")
    page.wait_for_function("() => document.readyState === 'complete'")
    page.evaluate("() => true")

    assert page.title() != "ran"
    events = [v for v in csp_violations if v.startswith("event:")]
    assert any("script-src" in v for v in events), csp_violations
    assert any("style-src" in v for v in events), csp_violations
    csp_violations.clear()


def test_a_portal_page_sends_the_policy_the_browser_enforces(page, live_server):
    response = page.goto(live_server.url + reverse("account_login"))

    policy = response.header_value("content-security-policy")
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


ADMIN_PAGES = [
    ("admin:index", ()),
    ("admin:kopontren_cooperative_changelist", ()),
    ("admin:kopontren_cooperative_add", ()),
    ("admin:kopontren_cooperative_export", ()),
    ("admin:kopontren_cooperative_import", ()),
    ("admin:opop_product_export", ()),
    ("admin:gemaskop_event_changelist", ()),
    ("admin:portal_user_changelist", ()),
    ("admin:portal_auditentry_changelist", ()),
]


def test_the_admin_pages_run_under_the_same_policy(page, login, admin, coop_a):
    login(admin.username, factories.PASSWORD)
    pages = [*ADMIN_PAGES, ("admin:kopontren_cooperative_change", (coop_a.pk,))]
    pages.append(("admin:kopontren_cooperative_history", (coop_a.pk,)))
    pages.append(("admin:portal_user_change", (admin.pk,)))
    for name, args in pages:
        response = page.goto(reverse(name, args=args))
        assert response.status == 200, name
        expect(page.locator("#content")).to_be_visible()
    # The export page's "select all" switch, bound by static/js/admin-export.js.
    page.goto(reverse("admin:kopontren_cooperative_export"))
    fields = page.locator(
        ".selectable-field-export-row input[type=checkbox]:not(.select-toggle)"
    )
    expect(fields.first).to_be_checked()
    page.locator("input.select-toggle").first.uncheck()
    expect(fields.first).not_to_be_checked()


PUBLIC_PAGES = [
    "portal:home",
    "portal:about",
    "portal:privacy",
    "kopontren:directory",
    "opop:catalogue",
    "gemaskop:certificate_lookup",
    "account_login",
    "account_reset_password",
]
ACCOUNT_PAGES = [
    "portal:summary",
    "kopontren:cooperative_list",
    "gemaskop:event_list",
    "gemaskop:report",
    "opop:product_list",
    "mfa_index",
    "mfa_activate_totp",
    "account_email",
    "account_change_password",
    "usersessions_list",
]


def test_public_and_account_pages_load_without_a_violation(page, login, staf, coop_a):
    for name in PUBLIC_PAGES:
        response = page.goto(reverse(name))
        assert response.status == 200, name
    page.goto("/tidak-ada/")
    expect(page.locator("h1")).to_be_visible()

    login(staf.username, factories.PASSWORD)
    for name in ACCOUNT_PAGES:
        response = page.goto(reverse(name))
        assert response.status == 200, name
        expect(page.locator("#konten")).to_be_visible()
    # The summary's charts draw (Chart.js from static files, data from a JSON block).
    page.goto(reverse("portal:summary"))
    expect(page.locator("#chart-status")).to_be_visible()
