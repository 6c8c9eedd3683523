"""The morning of a GEMASKOP socialisation: staff at the door enter people with the
keyboard alone, two desks at once, one of them on a phone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from gemaskop import services
from gemaskop.models import Attendance, Participant
from tests import factories as base
from tests.gemaskop import factories

PESANTREN = [f"Pondok Pesantren Uji Meja {letter}" for letter in "ABCDEFGH"]


@pytest.fixture
def desk(staf):
    for name in PESANTREN:
        base.pesantren(name=name)
    event = factories.event(name="Sosialisasi GEMASKOP Meja")
    session = factories.session(event_obj=event, title="Sosialisasi")
    return reverse("gemaskop:desk", args=[event.pk, session.pk]), session


def log_in(page, username):
    page.goto(reverse("account_login"))
    form = page.locator("form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(username)
    form.locator("input[name=password]").fill(base.PASSWORD)
    with page.expect_navigation():
        form.locator("input[name=password]").press("Enter")


def type_person(page, name, institution):
    """What the staff member does: name, Tab, first letters of the pesantren, Enter."""
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(institution)
    page.keyboard.press("Enter")
    expect(page.locator("#id_name")).to_be_focused()


def test_staff_enter_40_people_with_the_keyboard_alone(page, axe, staf, desk):
    url, session = desk
    log_in(page, staf.username)
    page.goto(url)
    expect(page.locator("#id_name")).to_be_focused()  # no click needed to start
    for index in range(40):
        type_person(
            page, f"Santri Nomor {index + 1:02d}", PESANTREN[index % len(PESANTREN)]
        )
    expect(page.locator("#jumlah-hadir")).to_have_text("40")
    expect(page.locator("#daftar-hadir-isi tr")).to_have_count(40)
    expect(page.locator("#daftar-hadir-isi")).to_contain_text("Santri Nomor 40")
    expect(page.locator("#antrean")).to_be_hidden()
    assert Attendance.objects.filter(session=session).count() == 40
    matched = Participant.objects.filter(pesantren__name__in=PESANTREN)
    assert matched.count() == 40  # every typed pesantren found in the registry
    assert axe() == []


def test_two_desks_at_once_see_each_other_and_never_duplicate(
    page, browser, live_server, staf, desk
):
    url, session = desk
    phone = browser.new_context(
        locale="id-ID",
        base_url=live_server.url,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
    )
    second = phone.new_page()
    try:
        for each in (page, second):
            log_in(each, staf.username)
            each.goto(url)
            expect(each.locator("#id_name")).to_be_focused()
        # Ten people reach both desks; the phone types them differently.
        shared = [(f"Pengurus Bersama {n:02d}", PESANTREN[n % 8]) for n in range(10)]
        laptop = [(f"Santri Laptop {n:02d}", PESANTREN[n % 8]) for n in range(20)]
        laptop += shared
        handheld = [(f"Santri Ponsel {n:02d}", PESANTREN[n % 8]) for n in range(10)]
        handheld += [(name.upper() + "  ", where.lower()) for name, where in shared]
        for index, person in enumerate(laptop):
            type_person(page, *person)
            if index < len(handheld):
                type_person(second, *handheld[index])
        for each in (page, second):
            expect(each.locator("#jumlah-hadir")).to_have_text("40", timeout=15000)
            expect(each.locator("#daftar-hadir-isi tr")).to_have_count(40)
            expect(each.locator("#daftar-hadir-isi")).to_contain_text(
                "Santri Ponsel 09"
            )
            expect(each.locator("#daftar-hadir-isi")).to_contain_text(
                "Santri Laptop 19"
            )
        assert Attendance.objects.filter(session=session).count() == 40
        width = second.evaluate("document.documentElement.scrollWidth")
        assert width <= 375  # the desk fits a phone without sideways scrolling
    finally:
        phone.close()


def test_invitation_ticked_on_one_desk_shows_present_on_the_other(
    page, browser, live_server, staf, desk
):
    url, session = desk
    invitation, _created = services.invitation_create(
        event=session.event,
        affiliation=services.Affiliation(institution="Pondok Pesantren Tamu"),
        person_name="Ustadz Undangan",
    )
    other = browser.new_context(locale="id-ID", base_url=live_server.url)
    second = other.new_page()
    try:
        for each in (page, second):
            log_in(each, staf.username)
            each.goto(url)
        item = f"#undangan-{invitation.pk}"
        expect(second.locator(item + " form")).to_have_count(1)
        page.locator("#cari-undangan").fill("ustadz")
        page.locator("#cari-undangan").press("Enter")
        expect(page.locator(item)).to_contain_text("ditandai hadir")
        # The other desk, without a reload: the tick form gives way to the badge.
        expect(second.locator(item + " form")).to_have_count(0, timeout=10000)
        expect(second.locator(item + " .badge")).to_have_text("Hadir")
        expect(second.locator("#jumlah-hadir")).to_have_text("1")
        expect(page.locator(item)).to_contain_text("ditandai hadir")  # kept
        assert Attendance.objects.filter(session=session).count() == 1
    finally:
        other.close()


def enter_five_offline_and_reload(page, url, send, *, saved):
    """Offline, five people (the third one already present), a reload while the
    desk's requests still fail, then the connection back: the five names typed.
    `saved()` counts the session's rows in the portal's database."""
    page.goto(url)
    expect(page.locator("#jumlah-hadir")).to_have_text("1")
    people = [(f"Santri Luring {n}", PESANTREN[n]) for n in range(4)]
    people.insert(2, ("Santri Sudah Hadir", ""))
    page.context.set_offline(True)
    for person in people:
        type_person(page, *person)
    expect(page.locator("#antrean [data-count]")).to_have_text("5")

    # Back online, but the desk's requests still fail: the reload must keep the five.
    def to_desk(address):
        return address.endswith(send)

    page.route(to_desk, lambda route: route.abort())
    page.context.set_offline(False)
    page.reload()
    expect(page.locator("#antrean [data-count]")).to_have_text("5")
    assert saved() == 1
    page.unroute(to_desk)
    expect(page.locator("#antrean")).to_be_hidden(timeout=15000)
    expect(page.locator("#jumlah-hadir")).to_have_text("5")
    report = page.locator("#antrean-laporan")
    expect(report).to_contain_text("Santri Sudah Hadir")
    expect(report).to_contain_text("sudah tercatat hadir")
    expect(page.locator("#daftar-hadir-isi")).to_contain_text("Santri Luring 3")
    return [name for name, _where in people]


def test_entries_typed_offline_survive_a_reload_and_are_saved_once(page, staf, desk):
    url, session = desk
    factories.attend(session_obj=session, name="Santri Sudah Hadir")
    send = reverse("gemaskop:attendance_add", args=[session.event_id, session.pk])
    log_in(page, staf.username)
    rows = Attendance.objects.filter(session=session)
    typed = enter_five_offline_and_reload(page, url, send, saved=rows.count)
    names = rows.values_list("participant__name", flat=True)
    assert sorted(names) == sorted(typed)


def test_an_invitee_is_found_and_ticked_from_the_top_search_without_the_mouse(
    page, staf, desk
):
    url, session = desk
    names = ["Kiai Abdullah", "Nyai Khadijah", "Ustadz Mahmud"]
    for name, where in zip(names, PESANTREN, strict=False):
        services.invitation_create(
            event=session.event,
            affiliation=services.Affiliation(institution=where),
            person_name=name,
        )
    log_in(page, staf.username)
    page.goto(url)
    counter = page.locator("#undangan-hitungan")
    expect(counter).to_have_text("Diundang 3 · hadir 0 · belum 3")
    expect(page.locator("#undangan > li:visible")).to_have_count(0)
    page.keyboard.press("Shift+Tab")  # from the name field: the list is hidden...
    page.keyboard.press("Shift+Tab")  # ...so two steps reach the search field
    expect(page.locator("#cari-undangan")).to_be_focused()
    page.keyboard.type("meja b")  # the institution of the second invitee
    expect(page.locator("#undangan > li:visible")).to_have_count(1)
    expect(page.locator("#undangan > li:visible")).to_contain_text("Nyai Khadijah")
    page.keyboard.press("Enter")
    expect(page.locator("#undangan")).to_contain_text("Nyai Khadijah ditandai hadir")
    expect(counter).to_have_text("Diundang 3 · hadir 1 · belum 2")
    expect(page.locator("#jumlah-hadir")).to_have_text("1")
    page.keyboard.type("nyai")  # ticked people leave the not-yet-arrived list
    expect(page.locator("#undangan > li:visible")).to_have_count(0)
    assert Attendance.objects.get(session=session).participant.name == "Nyai Khadijah"
