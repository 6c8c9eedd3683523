"""Staff create events, sessions, speakers, photos and invitations in their area."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from gemaskop.models import Certificate, Event, Invitation
from tests import factories as base
from tests.conftest import client_for
from tests.gemaskop import factories

EVENT = {
    "name": "Bimtek Kopontren 2025",
    "kind": "bimtek",
    "budget_year": 2025,
    "bidang": "Bidang Kelembagaan dan Pengawasan",
    "start_date": "2025-11-03",
    "end_date": "2025-11-04",
    "venue": "Aula Diskopum",
    "kabupaten": "35.09",
    "capacity": 60,
}


def test_staff_create_an_event_in_their_own_kabupaten(staf):
    response = client_for(staf).post(reverse("gemaskop:event_create"), EVENT)
    event = Event.objects.get(name="Bimtek Kopontren 2025")
    assert (
        response.status_code == 302 and response["Location"] == event.get_absolute_url()
    )
    assert event.created_by == staf and event.kabupaten_id == "35.09"
    history = event.history.first()
    assert history.history_user == staf


def test_staff_cannot_place_an_event_in_another_kabupaten(staf):
    response = client_for(staf).post(
        reverse("gemaskop:event_create"), {**EVENT, "kabupaten": "63.72"}
    )
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not Event.objects.exists()


def test_end_date_before_start_is_refused(staf):
    response = client_for(staf).post(
        reverse("gemaskop:event_create"), {**EVENT, "end_date": "2025-11-01"}
    )
    assert "tidak boleh sebelum tanggal mulai" in response.content.decode()
    assert not Event.objects.exists()


def test_session_must_fall_within_the_event(jember, staf):
    url = reverse("gemaskop:record_create", args=[jember["event"].pk, "sesi"])
    client = client_for(staf)
    outside = {
        "title": "Hari dua",
        "date": "2025-10-07",
        "start_time": "08:00",
        "end_time": "10:00",
    }
    assert "di antara tanggal mulai" in client.post(url, outside).content.decode()
    backwards = {
        **outside,
        "date": "2025-10-06",
        "start_time": "13:00",
        "end_time": "12:00",
    }
    assert "Jam selesai harus sesudah" in client.post(url, backwards).content.decode()
    good = {**outside, "date": "2025-10-06", "start_time": "13:00", "end_time": "15:00"}
    assert client.post(url, good).status_code == 302
    assert jember["event"].sessions.count() == 2


def test_speaker_with_material_and_checked_npwp(jember, staf):
    url = reverse("gemaskop:record_create", args=[jember["event"].pk, "narasumber"])
    client = client_for(staf)
    data = {
        "name": "Agus",
        "institution": "Primkoppol",
        "topic": "Tata kelola",
        "npwp": "123",
        "material": SimpleUploadedFile("m.exe", b"MZ"),
    }
    html = client.post(url, data).content.decode()
    assert "NPWP berisi 15 atau 16 angka" in html
    assert "Materi berupa berkas PDF" in html
    data.update(
        npwp="12.345.678.9-012.000",
        material=SimpleUploadedFile("materi.pdf", base.pdf_bytes()),
    )
    assert client.post(url, data).status_code == 302
    speaker = jember["event"].speakers.get(name="Agus")
    download = client.get(
        reverse("gemaskop:event_file", args=[jember["event"].pk, "materi", speaker.pk])
    )
    assert b"".join(download.streaming_content) == base.pdf_bytes()


def test_documentation_photo_is_served_only_within_scope(jember, staf, staf_banjarbaru):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "JPEG")
    photo = SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")
    url = reverse("gemaskop:record_create", args=[jember["event"].pk, "foto"])
    client = client_for(staf)
    assert client.post(url, {"image": photo, "caption": "Pembukaan"}).status_code == 302
    saved = jember["event"].photos.get()
    file_url = reverse(
        "gemaskop:event_file", args=[jember["event"].pk, "foto", saved.pk]
    )
    assert client.get(file_url).status_code == 200
    assert client_for(staf_banjarbaru).get(file_url).status_code == 404
    assert (
        "Pembukaan" in client.get(jember["event"].get_absolute_url()).content.decode()
    )


def test_correcting_a_participants_name_updates_the_certificate(jember, staf):
    participant = jember["participant"]
    url = reverse(
        "gemaskop:participant_edit", args=[jember["event"].pk, participant.pk]
    )
    data = {
        "name": "Ahmad Santri Alif Fauzi",
        "institution": "Pesantren Uji Alif",
        "gender": "L",
        "position": "santri",
        "phone": "081234567890",
    }
    assert client_for(staf).post(url, data).status_code == 302
    certificate = Certificate.objects.get(participant=participant)
    assert certificate.recipient_name == "Ahmad Santri Alif Fauzi"
    participant.refresh_from_db()
    assert participant.name_key == "ahmad santri alif fauzi"


def test_invite_suggested_pesantren_not_reached_this_year(jember, staf, coop_b):
    lonely = base.pesantren(name="Pesantren Belum Terjangkau")
    url = reverse("gemaskop:invitation_list", args=[jember["event"].pk])
    client = client_for(staf)
    html = client.get(url).content.decode()
    suggestions = html.split("Saran:")[1]
    assert "Pesantren Belum Terjangkau" in suggestions
    assert "Pesantren Uji Ba" in suggestions
    assert "Pesantren Uji Alif" not in suggestions  # reached already this year
    many = reverse("gemaskop:invitation_invite_many", args=[jember["event"].pk])
    client.post(many, {"pesantren": [lonely.pk, coop_b.pesantren.pk]})
    client.post(many, {"pesantren": [lonely.pk]})  # twice is harmless
    assert Invitation.objects.filter(event=jember["event"]).count() == 3
    client.post(
        url,
        {
            "institution": "Kopontren Uji Ba",
            "person_name": "Bu Nyai",
            "position": "pengasuh",
        },
    )
    invitation = Invitation.objects.get(person_name="Bu Nyai")
    assert invitation.pesantren == coop_b.pesantren and invitation.cooperative == coop_b


def test_an_invitation_already_present_cannot_be_deleted(jember, staf):
    invitation = jember["invitation"]
    invitation.participant = jember["participant"]
    invitation.save()
    url = reverse(
        "gemaskop:invitation_delete", args=[jember["event"].pk, invitation.pk]
    )
    response = client_for(staf).post(url, follow=True)
    assert "tidak dapat dihapus" in response.content.decode()
    assert Invitation.objects.filter(pk=invitation.pk).exists()


@pytest.mark.parametrize("events", [1, 30])
def test_event_list_query_count_is_flat(staf, events):
    for index in range(events):
        event = factories.event(name=f"Kegiatan {index}")
        factories.attend(session_obj=factories.session(event_obj=event), name="Orang")
    client = client_for(staf)
    client.get(reverse("gemaskop:event_list"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("gemaskop:event_list"))
    assert response.content.decode().count("Kegiatan ") >= min(events, 25)
    assert len(queries) <= 5


def test_a_new_event_gets_one_session_per_day_at_the_hours_asked(staf):
    data = {**EVENT, "session_start": "09:00", "session_end": "15:30"}
    client_for(staf).post(reverse("gemaskop:event_create"), data)
    event = Event.objects.get(name="Bimtek Kopontren 2025")
    sessions = list(
        event.sessions.values_list("date", "start_time", "end_time", "title")
    )
    assert [(str(d), str(s), str(e), t) for d, s, e, t in sessions] == [
        ("2025-11-03", "09:00:00", "15:30:00", "Hari ke-1"),
        ("2025-11-04", "09:00:00", "15:30:00", "Hari ke-2"),
    ]


def test_a_one_day_event_gets_its_session_at_the_default_hours(staf):
    data = {**EVENT, "end_date": EVENT["start_date"]}
    client_for(staf).post(reverse("gemaskop:event_create"), data)
    event = Event.objects.get(name="Bimtek Kopontren 2025")
    session = event.sessions.get()
    assert (str(session.date), session.title) == ("2025-11-03", "Sesi utama")
    assert (str(session.start_time), str(session.end_time)) == ("08:00:00", "12:00:00")


def test_session_hours_in_the_wrong_order_are_refused(staf):
    data = {**EVENT, "session_start": "12:00", "session_end": "08:00"}
    response = client_for(staf).post(reverse("gemaskop:event_create"), data)
    assert "Jam selesai harus sesudah jam mulai" in response.content.decode()
    assert not Event.objects.exists()


def test_editing_an_event_adds_no_session(jember, staf):
    event = jember["event"]
    data = {**EVENT, "start_date": "2025-10-06", "end_date": "2025-10-07"}
    client_for(staf).post(reverse("gemaskop:event_edit", args=[event.pk]), data)
    assert event.sessions.count() == 1


def test_a_new_session_starts_on_the_events_first_day(jember, staf):
    url = reverse("gemaskop:record_create", args=[jember["event"].pk, "sesi"])
    html = client_for(staf).get(url).content.decode()
    assert 'name="date" value="2025-10-06"' in html


def test_an_invitation_outside_the_registry_needs_a_confirmation(jember, staf):
    url = reverse("gemaskop:invitation_list", args=[jember["event"].pk])
    client = client_for(staf)
    typed = {"institution": "nurul fa", "person_name": "Tamu", "position": "santri"}
    response = client.post(url, typed)
    assert "tidak ada di registri" in response.content.decode()
    assert not Invitation.objects.filter(person_name="Tamu").exists()
    client.post(url, {**typed, "new_institution": "on"})
    invitation = Invitation.objects.get(person_name="Tamu")
    assert invitation.pesantren is None and invitation.institution == "nurul fa"


def test_an_invitation_picked_from_the_registry_is_linked(jember, staf):
    falah = base.pesantren(name="Pondok Pesantren Nurul Falah")
    url = reverse("gemaskop:invitation_list", args=[jember["event"].pk])
    client_for(staf).post(
        url,
        {
            "institution": "nurul fa",
            "institution_ref": f"p:{falah.pk}",
            "person_name": "Kiai",
            "position": "pengasuh",
        },
    )
    assert Invitation.objects.get(person_name="Kiai").pesantren == falah


def test_a_participant_edit_keeps_free_text_only_when_left_or_chosen(
    jember, staf, coop_a
):
    participant = jember["participant"]
    url = reverse(
        "gemaskop:participant_edit", args=[jember["event"].pk, participant.pk]
    )
    client = client_for(staf)
    data = {"name": participant.name, "position": "santri", "institution": "mamb"}
    html = client.post(url, data).content.decode()
    assert "tidak ada di registri" in html
    participant.refresh_from_db()
    assert participant.pesantren == coop_a.pesantren
    client.post(url, {**data, "institution_ref": "new"})
    participant.refresh_from_db()
    assert participant.pesantren is None and participant.institution == "mamb"
    # Only the phone changes: the free text typed once stays, without the box.
    assert client.post(url, {**data, "phone": "081299990000"}).status_code == 302
    participant.refresh_from_db()
    assert participant.institution == "mamb" and participant.phone == "081299990000"


def test_a_participant_edit_links_the_pesantren_picked(jember, staf):
    participant = jember["participant"]
    chosen = base.pesantren(name="Pondok Pesantren Mambaul Ulum")
    url = reverse(
        "gemaskop:participant_edit", args=[jember["event"].pk, participant.pk]
    )
    data = {"name": participant.name, "position": "santri", "institution": "mamb"}
    html = client_for(staf).get(url).content.decode()
    assert "data-institution-picker" in html and "accessible-autocomplete" in html
    client_for(staf).post(url, {**data, "institution_ref": f"p:{chosen.pk}"})
    participant.refresh_from_db()
    assert participant.pesantren == chosen
