"""Self check-in by QR on a phone: the participant's pesantren is picked from the
registry by its first letters; a text the registry lacks needs "Lembaga baru"."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from gemaskop.models import Participant
from tests import factories as base
from tests.gemaskop import factories


@pytest.fixture
def checkin(db):
    falah = base.pesantren(name="Pondok Pesantren Nurul Falah")
    base.pesantren(name="Pondok Pesantren Nurul Huda")
    event = factories.event(
        name="Sosialisasi GEMASKOP Mandiri", start_date=timezone.localdate()
    )
    factories.session(event_obj=event, start="00:00", end="23:59")
    return reverse("gemaskop:checkin", args=[event.checkin_token]), event, falah


def test_a_participant_picks_their_pesantren_by_its_first_letters(page, axe, checkin):
    url, event, falah = checkin
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(url)
    page.get_by_label("Nama").fill("Ahmad Mandiri")
    page.get_by_label("Nama").press("Tab")
    page.keyboard.type("nurul fa")
    expect(page.locator(".autocomplete__option").first).to_contain_text(
        "Pondok Pesantren Nurul Falah"
    )
    page.keyboard.press("Enter")  # takes the highlighted match, sends nothing yet
    expect(page.locator(".picker-choice")).to_contain_text(
        "Pondok Pesantren Nurul Falah"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe() == []
    with page.expect_navigation():
        page.get_by_role("button", name="Saya hadir").click()
    expect(page.locator("h1")).to_contain_text("kehadiran Anda tercatat")
    person = Participant.objects.get(event=event, name="Ahmad Mandiri")
    assert person.pesantren == falah and person.institution == ""


def test_a_text_outside_the_registry_is_kept_only_as_lembaga_baru(page, checkin):
    url, event, _falah = checkin
    page.goto(url)
    page.get_by_label("Nama").fill("Tamu Mandiri")
    page.get_by_label("Nama").press("Tab")
    page.keyboard.type("Madrasah Qwerty")
    page.keyboard.press("Tab")  # moving on does not make a new institution
    page.get_by_role("button", name="Saya hadir").click()
    # The send is held: "Lembaga baru" is offered, and a second send keeps it.
    expect(page.locator(".picker-choice")).to_contain_text("Lembaga baru")
    assert not Participant.objects.filter(name="Tamu Mandiri").exists()
    with page.expect_navigation():
        page.get_by_role("button", name="Saya hadir").click()
    expect(page.locator("h1")).to_contain_text("kehadiran Anda tercatat")
    person = Participant.objects.get(event=event, name="Tamu Mandiri")
    assert person.pesantren is None and person.institution == "Madrasah Qwerty"
