"""Self check-in by QR: open on the event days only, rate-limited, shown at the desk."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gemaskop import views_public
from gemaskop.models import Attendance
from tests import factories as base
from tests.conftest import client_for
from tests.gemaskop import factories


@pytest.fixture
def today_event(db):
    event = factories.event(
        name="Sosialisasi Hari Ini", start_date=timezone.localdate()
    )
    session = factories.session(event_obj=event, start="00:00", end="23:59")
    return event, session


def checkin_url(event):
    return reverse("gemaskop:checkin", args=[event.checkin_token])


def person(name="Fatimah Mandiri", **extra):
    return {
        "name": name,
        "institution": "Pesantren Uji Alif",
        "gender": "P",
        "position": "santri",
        "phone": "",
        # Where the registry does not know it, the participant said so.
        "new_institution": "on",
        **extra,
    }


def test_participant_checks_in_from_their_phone(today_event, coop_a, staf):
    event, session = today_event
    page = Client().get(checkin_url(event))
    assert page.status_code == 200 and "Sosialisasi Hari Ini" in page.content.decode()
    done = Client().post(checkin_url(event), person())
    assert "kehadiran Anda tercatat" in done.content.decode()
    row = Attendance.objects.get(participant__name="Fatimah Mandiri")
    assert row.source == "mandiri" and row.session == session
    assert row.participant.pesantren == coop_a.pesantren
    desk = client_for(staf).get(reverse("gemaskop:desk", args=[event.pk, session.pk]))
    assert "Fatimah Mandiri" in desk.content.decode()
    assert "Hadir mandiri (QR)" in desk.content.decode()


def test_checking_in_twice_is_a_friendly_message(today_event):
    event, _session = today_event
    Client().post(checkin_url(event), person())
    again = Client().post(checkin_url(event), person(name="fatimah  mandiri"))
    assert again.status_code == 200
    assert "sudah tercatat" in again.content.decode()
    assert Attendance.objects.count() == 1


@pytest.mark.parametrize("days", [-1, 1])
def test_form_is_closed_outside_the_event_dates(db, days):
    event = factories.event(
        start_date=timezone.localdate() + datetime.timedelta(days=days)
    )
    factories.session(event_obj=event)
    page = Client().get(checkin_url(event))
    assert "tidak dibuka hari ini" in page.content.decode()
    assert Client().post(checkin_url(event), person()).status_code == 403
    assert Attendance.objects.count() == 0


def test_unknown_token_is_404(db):
    assert (
        Client().get(reverse("gemaskop:checkin", args=["tebakan"])).status_code == 404
    )


def test_check_in_is_rate_limited_per_address(today_event, monkeypatch):
    monkeypatch.setattr(views_public, "CHECKIN_LIMIT", 3)
    event, _session = today_event
    client = Client(REMOTE_ADDR="10.0.0.7")
    for index in range(3):
        assert (
            client.post(checkin_url(event), person(f"Orang {index}")).status_code == 200
        )
    refused = client.post(checkin_url(event), person("Orang Keempat"))
    assert refused.status_code == 429
    assert "Terlalu banyak permintaan" in refused.content.decode()
    assert not Attendance.objects.filter(participant__name="Orang Keempat").exists()
    other = Client(REMOTE_ADDR="10.0.0.8").post(checkin_url(event), person("Lain"))
    assert other.status_code == 200


def test_check_in_form_asks_no_nik(today_event):
    event, _session = today_event
    html = Client().get(checkin_url(event)).content.decode()
    assert "NIK" not in html.replace("Kami tidak meminta NIK", "")


def test_a_text_outside_the_registry_needs_the_new_institution_box(today_event):
    event, _session = today_event
    typed = person(institution="nurul fa", new_institution="")
    refused = Client().post(checkin_url(event), typed)
    assert "tidak ada di registri" in refused.content.decode()
    assert Attendance.objects.count() == 0
    Client().post(checkin_url(event), {**typed, "new_institution": "on"})
    row = Attendance.objects.get()
    assert row.participant.pesantren is None
    assert row.participant.institution == "nurul fa"


def test_the_picked_pesantren_is_linked_whatever_was_typed(today_event):
    event, _session = today_event
    chosen = base.pesantren(name="Pondok Pesantren Nurul Falah")
    Client().post(
        checkin_url(event),
        person(
            institution="nurul fa", institution_ref=f"p:{chosen.pk}", new_institution=""
        ),
    )
    assert Attendance.objects.get().participant.pesantren == chosen


def test_the_check_in_picker_finds_the_registry_while_check_in_is_open(today_event):
    event, _session = today_event
    base.pesantren(name="Pondok Pesantren Nurul Falah", kabupaten="63.72")
    url = reverse("gemaskop:checkin_lookup", args=[event.checkin_token])
    found = Client().get(url, {"q": "nurul fa"}).json()["results"]
    assert [item["label"] for item in found] == ["Pondok Pesantren Nurul Falah"]
    event.start_date = event.end_date = timezone.localdate() - datetime.timedelta(1)
    event.save()
    closed = Client().get(url, {"q": "nurul fa"})
    assert closed.status_code == 403 and closed.json()["results"] == []
