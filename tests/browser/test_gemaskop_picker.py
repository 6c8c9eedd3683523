"""The door, typed as a person does: name, Tab, the first letters of the pesantren,
Enter. Every arrival must end up linked to the right registry pesantren."""

import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from gemaskop.models import Attendance, Participant
from tests import factories as base
from tests.browser.test_gemaskop_desk import log_in
from tests.gemaskop import factories

# (pesantren in the registry, who arrives, the letters typed for the pesantren)
ARRIVALS = [
    ("Pondok Pesantren Nurul Falah", "Ahmad Fauzi", "nurul fa"),
    ("Pondok Pesantren Nurul Huda", "Siti Aminah", "nurul hu"),
    ("Pondok Pesantren Mambaul Ulum", "Rizki Hidayat", "mamb u"),
    ("Pondok Pesantren Al-Hikmah", "Nur Laila", "al-hik"),
    ("Pondok Pesantren Darussalam", "Imam Syafii", "darus"),
    ("Pondok Pesantren Miftahul Ulum", "Fitri Yani", "mift u"),
    ("Pondok Pesantren Baitul Hikmah", "Dewi Sartika", "bait"),
    ("Pondok Pesantren Salafiyah Syafi'iyah", "Hasan Basri", "salaf"),
    ("Pondok Pesantren Al-Amien", "Umar Faruq", "al-am"),
    ("Pondok Pesantren Nurul Jadid", "Zainab", "nurul j"),
    ("Pondok Pesantren Annuqayah", "Abdul Karim", "annu"),
    ("Pondok Pesantren Bahrul Ulum", "Lutfi Hakim", "bahr"),
    ("Pondok Pesantren Tebuireng", "Rina Marlina", "tebu"),
    ("Pondok Pesantren Lirboyo", "Yusuf Efendi", "lirb"),
    ("Pondok Pesantren Sidogiri", "Maryam", "sidog"),
    ("Pondok Pesantren Raudlatul Ulum", "Ilham Akbar", "raud"),
    ("Pondok Pesantren Zainul Hasan", "Khoirul Anam", "zain"),
    ("Pondok Pesantren Ash-Shiddiqi", "Aisyah", "ash-s"),
    ("Pondok Pesantren Al-Falah", "Bayu Saputra", "al-fa"),
    ("Pondok Pesantren Nurul Iman", "Anisa Rahma", "nurul i"),
]
# Near namesakes in the registry, and one outside the staff member's kabupaten.
OTHERS = [
    ("Pondok Pesantren Nurul Hidayah", "35.09"),
    ("Pondok Pesantren Mambaul Hikam", "35.09"),
    ("Pondok Pesantren Miftahul Jannah", "35.09"),
    ("Pondok Pesantren Darul Ulum", "35.09"),
    ("Pondok Pesantren Nurul Falah Banua", "63.72"),
]


@pytest.fixture
def door(staf):
    registry = {name: base.pesantren(name=name) for name, _who, _typed in ARRIVALS}
    for name, kabupaten in OTHERS:
        base.pesantren(name=name, kabupaten=kabupaten)
    base.cooperative(
        name="Kopontren Nurul Iman", pesantren_obj=registry[ARRIVALS[-1][0]]
    )
    event = factories.event(name="Sosialisasi GEMASKOP Pintu")
    session = factories.session(event_obj=event, title="Sosialisasi")
    return reverse("gemaskop:desk", args=[event.pk, session.pk]), session, registry


def test_twenty_arrivals_typed_with_first_letters_all_link_to_the_registry(
    page, staf, door
):
    url, session, registry = door
    log_in(page, staf.username)
    page.goto(url)
    keystrokes = 0
    for _pesantren, who, typed in ARRIVALS:
        expect(page.locator("#id_name")).to_be_focused()
        page.keyboard.type(who)
        page.keyboard.press("Tab")
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        keystrokes += len(who) + 1 + len(typed) + 1
        expect(page.locator("#id_name")).to_have_value("")
    expect(page.locator("#antrean")).to_be_hidden()
    expect(page.locator("#jumlah-hadir")).to_have_text(str(len(ARRIVALS)))
    expect(page.locator(".badge-luar")).to_have_count(0)
    for pesantren, who, _typed in ARRIVALS:
        person = Participant.objects.get(event=session.event, name=who)
        assert person.pesantren == registry[pesantren], who
    assert Attendance.objects.filter(session=session).count() == len(ARRIVALS)
    # The filled daftar hadir for the SPJ file prints the registry names.
    paper = page.request.get(
        reverse("gemaskop:daftar_hadir", args=[session.event_id, session.pk])
    )
    assert paper.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(paper.body()))
    printed = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    printed = printed.replace("- ", "-")  # a name wrapped after its hyphen
    for pesantren, who, typed in ARRIVALS:
        assert pesantren in printed and who in printed, pesantren
        # The letters typed are never printed as a word of their own ("nurul fa").
        assert not re.search(rf"(?<!\w){re.escape(typed)}(?!\w)", printed.lower())
    print(f"keystrokes per person: {keystrokes / len(ARRIVALS):.1f}")
    assert keystrokes / len(ARRIVALS) <= 20


def test_a_new_institution_needs_the_explicit_choice(page, staf, door):
    url, session, _registry = door
    log_in(page, staf.username)
    page.goto(url)
    page.keyboard.type("Tamu Baru")
    page.keyboard.press("Tab")
    page.keyboard.type("Madrasah Qwerty")
    page.keyboard.press("Enter")
    # Nothing in the registry: Enter takes "Lembaga baru", a second Enter sends.
    expect(page.locator(".picker-choice")).to_contain_text("Lembaga baru")
    expect(page.locator("#id_name")).to_have_value("Tamu Baru")
    page.keyboard.press("Enter")
    expect(page.locator("#id_name")).to_have_value("")
    expect(page.locator("#daftar-hadir-isi")).to_contain_text("Madrasah Qwerty")
    person = Participant.objects.get(event=session.event, name="Tamu Baru")
    assert person.pesantren is None and person.institution == "Madrasah Qwerty"


def test_free_text_from_before_is_linked_from_the_report_in_one_step(page, staf, door):
    _url, session, registry = door
    for who in ("Lama Satu", "Lama Dua"):
        factories.attend(session_obj=session, name=who, institution="nurul fa")
    log_in(page, staf.username)
    page.goto(reverse("gemaskop:event_report", args=[session.event_id]))
    form = page.locator("form.link-form")
    expect(form.locator(".picker-choice")).to_contain_text(
        "Pondok Pesantren Nurul Falah"
    )
    form.get_by_role("button", name="Tautkan").click()
    expect(page.locator(".message-success")).to_contain_text("2 peserta")
    expect(page.locator("form.link-form")).to_have_count(0)
    linked = Participant.objects.filter(pesantren=registry[ARRIVALS[0][0]])
    assert linked.count() == 2
