"""Sessions that end while someone types: a warning a few minutes before the idle
log-out with "Tetap masuk", and at the door, an ended session keeps the desk's
queued entries in the browser, asks to log in again, and sends them afterwards.
The browser's clock is driven by Playwright and the server's session row is aged:
nothing waits for real minutes."""

import re
import time
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import expect

from gemaskop.models import Attendance
from portal.session_expiry import SEEN
from tests import factories
from tests.browser.test_gemaskop_desk import PESANTREN, log_in, type_person
from tests.gemaskop import factories as gemaskop_factories


@pytest.fixture
def desk(staf):
    for name in PESANTREN:
        factories.pesantren(name=name)
    event = gemaskop_factories.event(name="Sosialisasi GEMASKOP Sesi")
    session = gemaskop_factories.session(event_obj=event, title="Sosialisasi")
    return reverse("gemaskop:desk", args=[event.pk, session.pk]), session


SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


def sessions_of(user):
    for row in Session.objects.all():
        store = SessionStore(session_key=row.session_key)
        if store.get("_auth_user_id") == str(user.pk):
            yield store


def age_sessions(user, seconds):
    """As if the user's last request was `seconds` ago."""
    aged = 0
    for store in sessions_of(user):
        store[SEEN] = int(time.time()) - seconds
        store.save()
        aged += 1
    assert aged, "no session to age"


def last_seen(user):
    return max(store[SEEN] for store in sessions_of(user))


def test_the_desk_keeps_its_queue_through_an_ended_session_and_sends_it_after_log_in(
    page, staf, desk
):
    url, session = desk
    log_in(page, staf.username)
    page.goto(url)
    expect(page.locator("#id_name")).to_be_focused()
    # A poor connection at the door: the entry waits in the outbox, and meanwhile
    # the session passes its idle limit.
    page.context.set_offline(True)
    type_person(page, "Santri Sesi Habis", PESANTREN[0])
    expect(page.locator("#antrean [data-count]")).to_have_text("1")
    age_sessions(staf, settings.PORTAL_IDLE_TIMEOUT_OFFICE + 60)
    page.context.set_offline(False)

    message = page.locator("#pesan-meja")
    expect(message).to_contain_text("Sesi masuk Anda berakhir")
    expect(page.locator("#antrean [data-count]")).to_have_text("1")
    assert not Attendance.objects.filter(session=session).exists()
    stored = page.evaluate("() => JSON.stringify(Object.assign({}, localStorage))")
    assert "Santri Sesi Habis" in stored

    message.get_by_role("link", name="Masuk lagi").click()
    form = page.locator("form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(staf.username)
    form.locator("input[name=password]").fill(factories.PASSWORD)
    with page.expect_navigation():
        form.locator("input[name=password]").press("Enter")

    expect(page).to_have_url(re.compile(re.escape(url) + "$"))
    expect(page.locator("#daftar-hadir-isi")).to_contain_text("Santri Sesi Habis")
    expect(page.locator("#antrean")).to_be_hidden()
    assert Attendance.objects.filter(session=session).count() == 1


def test_a_form_warns_before_the_idle_log_out_and_stay_logged_in_refreshes(
    page, axe, staf, coop_a
):
    page.clock.install()
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, staf.username)
    edit = reverse("kopontren:cooperative_edit", args=[coop_a.pk])
    page.goto(edit)
    notice = page.locator("#peringatan-sesi")
    expect(page.locator("#id_name")).to_be_visible()
    expect(notice).to_be_hidden()
    idle = settings.PORTAL_IDLE_TIMEOUT_OFFICE - 60  # what the page counts

    page.clock.fast_forward((idle - 300 + 1) * 1000)
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Sesi Anda akan berakhir dalam beberapa menit")
    assert axe() == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    age_sessions(staf, 25 * 60)
    notice.get_by_role("button", name="Tetap masuk").click()
    expect(notice).to_be_hidden()
    assert time.time() - last_seen(staf) < 60  # the click was the activity

    page.clock.fast_forward(idle * 1000 + 1000)
    expect(notice).to_contain_text("Sesi Anda sudah berakhir")
    login = notice.get_by_role("link", name="Masuk lagi (tab baru)")
    expect(login).to_have_attribute("href", re.compile(r"next=" + re.escape(edit)))


def test_pages_without_a_form_to_send_do_not_warn(page, staf, coop_a):
    page.clock.install()
    log_in(page, staf.username)
    page.goto(reverse("kopontren:cooperative_detail", args=[coop_a.pk]))
    expect(page.locator("h1")).to_be_visible()
    page.clock.fast_forward(settings.PORTAL_IDLE_TIMEOUT_OFFICE * 1000)
    expect(page.locator("#peringatan-sesi")).to_be_hidden()


def test_an_ended_session_online_queues_the_person_and_asks_to_log_in_again(
    page, staf, desk
):
    url, session = desk
    log_in(page, staf.username)
    page.goto(url)
    expect(page.locator("#id_name")).to_be_focused()
    # The session ends while the desk stands open, the network up: the picker's
    # lookups now meet the log-in page (allauth answers it even as JSON).
    age_sessions(staf, settings.PORTAL_IDLE_TIMEOUT_OFFICE + 60)

    type_person(page, "Santri Daring Habis", PESANTREN[0][:5])

    message = page.locator("#pesan-meja")
    expect(message).to_contain_text("Sesi masuk Anda berakhir")
    expect(page.locator("#antrean [data-count]")).to_have_text("1")
    assert not Attendance.objects.filter(session=session).exists()
    stored = page.evaluate("() => JSON.stringify(Object.assign({}, localStorage))")
    assert "Santri Daring Habis" in stored
