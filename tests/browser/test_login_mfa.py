"""Office users log in with a second factor: staff are made to enrol an
authenticator app, then every log-in asks for a code; a code works once, and so
does each recovery code. The admin's log-in asks the same."""

import re

import pyotp
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests import factories

REFUSED = "Kode salah atau sudah pernah dipakai."


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.PORTAL_MFA_REQUIRED = True


def enter_code(page, code):
    page.locator("input[name=code]").fill(code)
    with page.expect_navigation():
        page.locator("form").filter(has=page.locator("input[name=code]")).locator(
            "button[type=submit]"
        ).first.click()


def log_out(page):
    page.locator(f"form[action='{reverse('account_logout')}'] button").click()
    page.wait_for_url("**" + reverse("account_login"))


def test_staff_enrols_then_logs_in_with_a_code_used_once(page, login, staf):
    login(staf.username, factories.PASSWORD)
    # Made to enrol: every other page leads back to the set-up.
    expect(page).to_have_url(re.compile(reverse("mfa_activate_totp")))
    expect(page.locator(".messages")).to_contain_text("verifikasi dua langkah")
    page.goto(reverse("kopontren:cooperative_list"))
    expect(page).to_have_url(re.compile(reverse("mfa_activate_totp")))

    secret = page.locator("#authenticator_secret").input_value()
    enter_code(page, pyotp.TOTP(secret).now())
    expect(page).to_have_url(re.compile(reverse("mfa_view_recovery_codes")))
    recovery = page.locator("#recovery_codes").input_value().split()
    assert len(recovery) == 10
    page.goto(reverse("portal:home"))
    expect(page.locator("h1").first).to_contain_text("Kabupaten Jember")
    log_out(page)

    login(staf.username, factories.PASSWORD)
    expect(page).to_have_url(re.compile(reverse("mfa_authenticate")))
    code = pyotp.TOTP(secret).now()
    enter_code(page, code)
    expect(page.locator("h1").first).to_contain_text("Kabupaten Jember")
    log_out(page)

    login(staf.username, factories.PASSWORD)
    enter_code(page, code)  # the same code again
    expect(page.locator("#konten")).to_contain_text(REFUSED)
    expect(page).to_have_url(re.compile(reverse("mfa_authenticate")))

    enter_code(page, recovery[0])
    expect(page.locator("h1").first).to_contain_text("Kabupaten Jember")
    log_out(page)

    login(staf.username, factories.PASSWORD)
    enter_code(page, recovery[0])  # a recovery code works once
    expect(page.locator("#konten")).to_contain_text(REFUSED)
    enter_code(page, recovery[1])
    expect(page.locator("h1").first).to_contain_text("Kabupaten Jember")


def test_the_admin_log_in_asks_for_the_code_too(page, live_server, admin):
    secret = factories.totp(user_obj=admin)
    page.goto(live_server.url + "/admin/")
    expect(page).to_have_url(re.compile(reverse("account_login")))
    form = page.locator("form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(admin.username)
    form.locator("input[name=password]").fill(factories.PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(reverse("mfa_authenticate")))
    enter_code(page, pyotp.TOTP(secret).now())
    expect(page).to_have_url(re.compile("/admin/$"))
    expect(page.locator("#site-name")).to_contain_text("Portal Kopontren")
