"""Name badges on A4 sheets of eight, for the invitees or for those present, read back
from the PDF itself."""

from django.urls import reverse

from gemaskop import services
from tests import factories as base
from tests.conftest import client_for
from tests.gemaskop import factories
from tests.gemaskop.test_documents import LONG_EVENT, pdf_text

LONG_NAME = "Muhammad Abdurrahman Al-Ghifari Wijayakusuma Bin Ahmad Sholeh"


def badges(user, event, **query):
    return client_for(user).get(reverse("gemaskop:badges_pdf", args=[event.pk]), query)


def test_seventeen_invitees_with_long_names_fill_three_sheets(staf):
    event = factories.event(name=LONG_EVENT)
    where = base.pesantren(name="Pondok Pesantren Salafiyah Syafi'iyah Sukorejo Uji")
    for number in range(17):
        services.invitation_create(
            event=event,
            affiliation=services.Affiliation(pesantren=where),
            person_name=f"{LONG_NAME} {number:02d}",
            position="pengasuh",
        )
    reader, text = pdf_text(badges(staf, event))
    assert len(reader.pages) == 3
    flat = " ".join(text.split())
    assert f"{LONG_NAME} 16" in flat and "Sukorejo Uji" in flat
    assert "PENGASUH" in flat


def test_badges_for_those_present_leave_out_the_removed(staf):
    event = factories.event(name="Sosialisasi Lencana")
    session = factories.session(event_obj=event)
    added = [
        factories.attend(session_obj=session, name=f"Peserta Lencana {n}")
        for n in range(9)
    ]
    services.attendance_remove(
        attendance=added[0].attendance, removed_by=staf, reason="salah ketik"
    )
    reader, text = pdf_text(badges(staf, event, untuk="hadir"))
    assert len(reader.pages) == 1
    flat = " ".join(text.split())
    assert "Peserta Lencana 8" in flat and "Peserta Lencana 0" not in flat


def test_without_invitees_the_event_page_says_so(staf):
    event = factories.event(name="Sosialisasi Tanpa Undangan")
    client = client_for(staf)
    response = client.get(reverse("gemaskop:badges_pdf", args=[event.pk]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Belum ada undangan." in page
    assert reverse("gemaskop:badges_pdf", args=[event.pk]) in page


def test_the_badge_link_is_only_for_staff_who_manage_the_event(provinsi_kalsel):
    event = factories.event(name="Sosialisasi Kalsel", kabupaten="63.72")
    html = client_for(provinsi_kalsel).get(event.get_absolute_url()).content.decode()
    assert reverse("gemaskop:badges_pdf", args=[event.pk]) not in html
