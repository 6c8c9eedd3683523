import re

from django.core import mail
from django.urls import reverse

from kopontren.models import Cooperative, Officer, Pesantren
from tests import factories
from tests.conftest import client_for


def test_staff_create_a_pesantren_and_its_cooperative(staf):
    kec = factories.kecamatan()
    client = client_for(staf)
    response = client.post(
        reverse("kopontren:pesantren_create"),
        {
            "name": "Pesantren Baru",
            "nspp": "510335090099",
            "kind": "salafiyah",
            "kabupaten": "35.09",
            "kecamatan": kec.code,
            "santri_putra": 10,
            "santri_putri": 12,
        },
    )
    pesantren = Pesantren.objects.get(name="Pesantren Baru")
    assert response.status_code == 302
    response = client.post(
        reverse("kopontren:cooperative_create"),
        {
            "name": "Kopontren Baru",
            "pesantren": pesantren.pk,
            "kelompok": "kopontren",
            "jenis": "konsumen",
            "bentuk": "primer_kab",
            "pola": "syariah",
            "is_active": "on",
            "kabupaten": "35.09",
            "kecamatan": kec.code,
        },
    )
    coop = Cooperative.objects.get(name="Kopontren Baru")
    assert response["Location"] == coop.get_absolute_url()
    assert coop.history.latest().history_user == staf


def test_staff_cannot_file_a_pesantren_in_another_kabupaten(staf):
    response = client_for(staf).post(
        reverse("kopontren:pesantren_create"),
        {
            "name": "Pesantren Seberang",
            "kind": "salafiyah",
            "kabupaten": "63.72",
            "santri_putra": 0,
            "santri_putri": 0,
        },
    )
    assert response.status_code == 200
    assert not Pesantren.objects.filter(name="Pesantren Seberang").exists()


def test_a_kecamatan_outside_the_kabupaten_is_refused(staf):
    other = factories.kecamatan(code="35.10.01", name="Pesanggaran", parent="35.10")
    response = client_for(staf).post(
        reverse("kopontren:pesantren_create"),
        {
            "name": "Salah Kecamatan",
            "kind": "salafiyah",
            "kabupaten": "35.09",
            "kecamatan": other.code,
            "santri_putra": 0,
            "santri_putri": 0,
        },
    )
    assert response.status_code == 200
    assert not Pesantren.objects.filter(name="Salah Kecamatan").exists()


def test_duplicate_nspp_is_refused_with_a_message(staf):
    factories.pesantren(nspp="510335090001")
    response = client_for(staf).post(
        reverse("kopontren:pesantren_create"),
        {
            "name": "Kembar",
            "nspp": "510335090001",
            "kind": "salafiyah",
            "kabupaten": "35.09",
            "santri_putra": 0,
            "santri_putri": 0,
        },
    )
    assert "NSPP ini sudah dipakai" in response.content.decode()


def test_staff_invite_an_officer_account_for_a_cooperative(
    staf, coop_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staf).post(
            reverse("kopontren:invite_officer", args=[coop_a.pk]),
            {
                "username": "sekretaris-alif",
                "first_name": "Siti Aminah",
                "email": "siti@contoh.test",
            },
        )
    assert response.status_code == 302
    user = coop_a.officer_accounts.get(username="sekretaris-alif")
    assert user.role == "pengurus" and not user.has_usable_password()
    assert re.search(r"/akun/password/reset/key/\S+", mail.outbox[0].body)


def test_staff_edit_an_officer_directly_and_history_keeps_the_old_value(staf, coop_a):
    officer = factories.officer(cooperative_obj=coop_a, name="Pak Lama")
    client_for(staf).post(
        reverse("kopontren:officer_edit", args=[coop_a.pk, officer.pk]),
        {"name": "Pak Baru", "position": "ketua", "gender": "L"},
    )
    officer.refresh_from_db()
    assert officer.name == "Pak Baru"
    page = client_for(staf).get(
        reverse("kopontren:cooperative_detail", args=[coop_a.pk])
    )
    assert "<del>Pak Lama</del>" in page.content.decode()


def test_staff_delete_an_officer_with_a_reason(staf, coop_a):
    officer = factories.officer(cooperative_obj=coop_a)
    client_for(staf).post(
        reverse("kopontren:record_delete", args=[coop_a.pk, "pengurus", officer.pk]),
        {"reason": "masa jabatan habis"},
    )
    assert not Officer.objects.exists()
    assert Officer.history.latest().history_change_reason == "masa jabatan habis"


def test_legal_step_in_the_future_is_refused(staf, coop_a):
    response = client_for(staf).post(
        reverse("kopontren:legal_event_create", args=[coop_a.pk]),
        {"kind": "akta", "date": "2099-01-01"},
    )
    assert "tidak boleh di masa depan" in response.content.decode()
    assert not coop_a.legal_events.exists()
