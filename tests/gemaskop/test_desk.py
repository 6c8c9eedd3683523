"""The attendance desk: adding by name and institution, duplicates, the live list,
invitations and late corrections."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gemaskop.models import Attendance, Participant
from tests import factories as base
from tests.conftest import client_for
from tests.gemaskop import factories

HTMX = {"HTTP_HX_REQUEST": "true"}


def add_url(jember):
    return reverse(
        "gemaskop:attendance_add", args=[jember["event"].pk, jember["session"].pk]
    )


def post_person(client, jember, name, institution="", **extra):
    data = {"name": name, "institution": institution, "position": "santri", **extra}
    return client.post(add_url(jember), data, **HTMX)


def test_enter_adds_a_row_matched_to_the_registry(jember, staf, coop_b):
    response = post_person(
        client_for(staf), jember, "  Budi   Santoso ", coop_b.pesantren.name.upper()
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Budi Santoso" in html and "ditambahkan" in html
    person = Participant.objects.get(name="Budi Santoso")
    assert person.pesantren == coop_b.pesantren and person.institution == ""
    row = Attendance.objects.get(participant=person)
    assert row.source == "meja" and row.entered_by == staf
    assert '<strong id="jumlah-hadir" hx-swap-oob="innerHTML">2</strong>' in html


def test_a_cooperative_name_counts_as_its_pesantren(jember, staf, coop_a):
    client = client_for(staf)
    post_person(client, jember, "Rina", coop_a.name)
    response = post_person(client, jember, "rina", coop_a.pesantren.name)
    assert "sudah tercatat hadir" in response.content.decode()
    assert Attendance.objects.filter(participant__name="Rina").count() == 1


def test_new_institution_is_kept_as_free_text(jember, staf):
    post_person(client_for(staf), jember, "Dewi", "Madrasah Aliyah Baru")
    person = Participant.objects.get(name="Dewi")
    assert person.pesantren is None
    assert person.institution == "Madrasah Aliyah Baru"


def test_duplicate_gets_a_friendly_message_not_an_error(jember, staf):
    client = client_for(staf)
    post_person(client, jember, "Hasan Basri", "Pondok Baru")
    response = post_person(client, jember, "hasan  basri.", "PONDOK BARU")
    assert response.status_code == 200
    assert "sudah tercatat hadir di sesi ini" in response.content.decode()
    assert Attendance.objects.filter(participant__name="Hasan Basri").count() == 1


ENTRY = "3f2b8a9e-1c4d-4e5f-8a7b-6c5d4e3f2a1b"


def test_the_same_entry_sent_again_finds_its_row_and_adds_none(jember, staf):
    client = client_for(staf)
    first = post_person(client, jember, "Umar Ulang", "Pondok Ulang", client_id=ENTRY)
    again = post_person(client, jember, "Umar Ulang", "Pondok Ulang", client_id=ENTRY)
    assert first["X-Desk-Outcome"] == "success"
    assert again.status_code == 200 and again["X-Desk-Outcome"] == "success"
    assert "sudah tersimpan" in again.content.decode()
    row = Attendance.objects.get(participant__name="Umar Ulang")
    assert str(row.client_id) == ENTRY
    assert f'id="hadir-{row.pk}"' in again.content.decode()


def test_a_new_entry_for_someone_present_is_a_duplicate_not_an_error(jember, staf):
    client = client_for(staf)
    post_person(client, jember, "Zaid Dua", "Pondok Dua Kali", client_id=ENTRY)
    other = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
    response = post_person(
        client, jember, "zaid dua", "pondok dua kali", client_id=other
    )
    assert response.status_code == 200 and response["X-Desk-Outcome"] == "warning"
    assert "sudah tercatat hadir di sesi ini" in response.content.decode()
    assert Attendance.objects.filter(participant__name="Zaid Dua").count() == 1


def test_an_entry_id_of_another_session_is_refused(jember, staf):
    other = factories.session(event_obj=jember["event"], start="13:00", end="15:00")
    factories.attend(session_obj=other, name="Lain Sesi", client_id=ENTRY)
    response = post_person(client_for(staf), jember, "Baru", "", client_id=ENTRY)
    assert response.status_code == 422
    assert "sesi lain" in response.content.decode()
    assert not Attendance.objects.filter(participant__name="Baru").exists()


def test_same_name_from_another_pesantren_is_another_person(jember, staf):
    client = client_for(staf)
    post_person(client, jember, "Ahmad Fauzi", "Pondok Satu")
    post_person(client, jember, "Ahmad Fauzi", "Pondok Dua")
    assert Participant.objects.filter(name="Ahmad Fauzi").count() == 2


def test_empty_name_is_refused_in_indonesian(jember, staf):
    response = post_person(client_for(staf), jember, "   ")
    assert response.status_code == 422
    assert "wajib diisi" in response.content.decode()
    assert Attendance.objects.count() == 1


def test_without_javascript_the_form_still_works(jember, staf):
    response = client_for(staf).post(
        add_url(jember), {"name": "Tanpa JS", "position": "santri"}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith("/meja/")
    assert "Tanpa JS" in response.content.decode()


def test_desk_page_lists_every_row_and_the_count(jember, staf):
    for index in range(3):
        factories.attend(session_obj=jember["session"], name=f"Peserta {index}")
    url = reverse("gemaskop:desk", args=[jember["event"].pk, jember["session"].pk])
    html = client_for(staf).get(url).content.decode()
    assert '<strong id="jumlah-hadir">4</strong>' in html
    assert all(f"Peserta {index}" in html for index in range(3))


def test_poll_answers_204_when_nothing_changed(jember, staf):
    client = client_for(staf)
    url = reverse("gemaskop:desk_list", args=[jember["event"].pk, jember["session"].pk])
    first = client.get(url)
    assert first.status_code == 200
    signature = first.content.decode().split("tanda=")[1].split('"')[0]
    assert client.get(url, {"tanda": signature}).status_code == 204
    factories.attend(session_obj=jember["session"], name="Datang Belakangan")
    again = client.get(url, {"tanda": signature})
    assert again.status_code == 200 and "Datang Belakangan" in again.content.decode()


def test_autocomplete_offers_registry_names_in_scope(jember, staf, coop_kalsel):
    url = reverse(
        "gemaskop:registry_options", args=[jember["event"].pk, jember["session"].pk]
    )
    html = client_for(staf).get(url, {"institution": "uji"}).content.decode()
    assert "Pesantren Uji Alif" in html and "Kopontren Uji Alif" in html
    assert "Banua" not in html  # Kalsel is outside a Jember staff's scope


def test_ticking_an_invitation_marks_present(jember, staf):
    invitation = jember["invitation"]
    url = reverse(
        "gemaskop:invitation_present",
        args=[jember["event"].pk, jember["session"].pk, invitation.pk],
    )
    response = client_for(staf).post(url, {"name": "Siti Undangan"}, **HTMX)
    assert response.status_code == 200
    assert "ditandai hadir" in response.content.decode()
    row = Attendance.objects.get(participant__name="Siti Undangan")
    assert row.source == "undangan"
    invitation.refresh_from_db()
    assert invitation.participant == row.participant


def test_an_invitation_ticked_on_one_desk_shows_present_on_the_other(jember, staf):
    invitation, event, session = (
        jember["invitation"],
        jember["event"],
        jember["session"],
    )
    other_desk, this_desk = client_for(staf), client_for(staf)
    poll = reverse("gemaskop:desk_list", args=[event.pk, session.pk])
    before = other_desk.get(poll).content.decode()
    status = f'id="undangan-status-{invitation.pk}"'
    assert status not in before  # not ticked yet: nothing to update
    signature = before.split("tanda=")[1].split('"')[0]
    tick = reverse(
        "gemaskop:invitation_present", args=[event.pk, session.pk, invitation.pk]
    )
    this_desk.post(tick, {"name": "Siti Undangan"}, **HTMX)
    after = other_desk.get(poll, {"tanda": signature})
    html = after.content.decode()
    assert after.status_code == 200
    # The poll carries the ticked state out of band into the other desk's list.
    block = html.split(status)[1].split("</div>")[0]
    assert 'hx-swap-oob="innerHTML"' in block and "Hadir" in block
    desk = other_desk.get(reverse("gemaskop:desk", args=[event.pk, session.pk]))
    assert status in desk.content.decode()  # the element the poll swaps into


def test_late_correction_removes_the_row_and_keeps_it_in_history(jember, staf):
    row = jember["attendance"]
    url = reverse(
        "gemaskop:attendance_remove",
        args=[jember["event"].pk, jember["session"].pk, row.pk],
    )
    client = client_for(staf)
    assert client.post(url, {"reason": ""}).status_code == 200  # reason required
    assert Attendance.objects.present().count() == 1
    client.post(url, {"reason": "Salah ketik nama"})
    row.refresh_from_db()
    assert row.removed_reason == "Salah ketik nama" and row.removed_by == staf
    assert Attendance.objects.present().count() == 0
    last = row.history.first()
    assert last.removed_reason == "Salah ketik nama"
    assert last.history_user == staf
    desk = client.get(
        reverse("gemaskop:desk", args=[jember["event"].pk, jember["session"].pk])
    ).content.decode()
    assert "Salah ketik nama" in desk
    # The person may be entered again afterwards.
    post_person(client, jember, "Ahmad Santri Alif", "Pesantren Uji Alif")
    assert Attendance.objects.present().count() == 1


def queries_for_one_add(client, jember, name):
    with CaptureQueriesContext(connection) as queries:
        response = post_person(client, jember, name, "Pesantren Uji Alif")
    assert response.status_code == 200 and "ditambahkan" in response.content.decode()
    return len(queries)


def test_query_count_per_add_does_not_grow_with_the_session(jember, staf):
    client = client_for(staf)
    empty = factories.session(event_obj=jember["event"], start="13:00", end="15:00")
    busy = factories.session(event_obj=jember["event"], start="15:30", end="17:00")
    for index in range(200):
        factories.attend(session_obj=busy, name=f"Peserta Ramai {index}")
    small = queries_for_one_add(client, {**jember, "session": empty}, "Orang Pertama")
    large = queries_for_one_add(client, {**jember, "session": busy}, "Orang Kedua")
    assert busy.attendances.count() == 201
    assert small == large


@pytest.mark.parametrize("rows", [1, 60])
def test_desk_list_query_count_is_flat(jember, staf, rows, django_assert_num_queries):
    for index in range(rows):
        factories.attend(
            session_obj=jember["session"],
            name=f"Orang {index}",
            cooperative=base.cooperative(),
        )
    client = client_for(staf)
    url = reverse("gemaskop:desk_list", args=[jember["event"].pk, jember["session"].pk])
    client.get(url)  # warm the session and user
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.content.decode().count("<tr id=") == rows + 1
    assert len(queries) <= 6
