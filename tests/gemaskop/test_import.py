"""Importing a typed-up sheet: preview with registry matches, all or nothing."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from gemaskop import imports, services
from gemaskop.models import Attendance, Participant
from tests import factories as base
from tests.conftest import client_for

HEADER = ["Nama", "Asal Lembaga", "Jabatan", "Jenis Kelamin", "No HP"]


def xlsx(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("hadir.xlsx", buffer.getvalue())


@pytest.fixture
def nurul_falah(db):
    return base.pesantren(name="Pondok Pesantren Nurul Falah")


def urls(jember):
    args = [jember["event"].pk, jember["session"].pk]
    return reverse("gemaskop:import", args=args), reverse(
        "gemaskop:import_confirm", args=args
    )


def test_preview_matches_the_registry_then_confirm_imports_everything(
    jember, staf, nurul_falah
):
    upload, confirm = urls(jember)
    sheet = xlsx(
        [
            ["Abdul Ghani", "pesantren uji alif", "Santri", "L", 81234567890],
            ["Aisyah Rahma", "Ponpes Nurul Falah", "Pengurus", "Perempuan", ""],
            ["Zainal Arifin", "Pondok Pesantren Nurul Falaah", "Sekretaris", "l", ""],
            ["Lailatul Fitri", "MTs Negeri 9 Jember", "", "P", ""],
        ]
    )
    client = client_for(staf)
    preview = client.post(upload, {"file": sheet})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "mirip, periksa" in html  # the typo found by similarity
    unmatched = html.split('id="tak-cocok"')[1].split("</ul>")[0]
    assert "MTs Negeri 9 Jember" in unmatched and "Nurul" not in unmatched
    assert Participant.objects.count() == 1  # nothing written yet

    done = client.post(confirm, follow=True)
    assert "4 peserta diimpor" in done.content.decode()
    imported = Participant.objects.filter(attendances__source="impor")
    assert imported.count() == 4
    by_name = {p.name: p for p in imported}
    assert by_name["Abdul Ghani"].pesantren.name == "Pesantren Uji Alif"
    assert by_name["Abdul Ghani"].phone == "081234567890"
    assert by_name["Aisyah Rahma"].pesantren == nurul_falah
    assert by_name["Zainal Arifin"].pesantren == nurul_falah
    assert by_name["Zainal Arifin"].position_detail == "Sekretaris"
    assert by_name["Lailatul Fitri"].institution == "MTs Negeri 9 Jember"


def test_one_bad_row_writes_nothing_and_is_named(jember, staf):
    upload, confirm = urls(jember)
    sheet = xlsx(
        [
            ["Baik Sekali", "Pesantren Uji Alif", "Santri", "L", ""],
            ["Salah Kelamin", "Pesantren Uji Alif", "Santri", "X", ""],
            ["", "Pesantren Uji Alif", "Santri", "P", ""],
        ]
    )
    client = client_for(staf)
    html = client.post(upload, {"file": sheet}).content.decode()
    assert "Baris 3, kolom D (Jenis Kelamin): Jenis kelamin diisi L atau P." in html
    assert "Baris 4, kolom A (Nama): Nama wajib diisi." in html
    assert "Simpan semua baris" not in html
    before = (Participant.objects.count(), Attendance.objects.count())
    response = client.post(confirm, follow=True)
    assert "Tidak ada impor yang menunggu" in response.content.decode()
    assert (Participant.objects.count(), Attendance.objects.count()) == before


def test_the_import_service_is_all_or_nothing(jember, staf):
    rows = imports.parse_rows(
        [
            HEADER,
            ["Satu", "Pesantren Uji Alif", "Santri", "L", ""],
            ["Dua", "Pesantren Uji Alif", "Santri", "L", "nomor-hp"],
        ]
    )
    registry = services.Registry.for_user(staf, jember["event"])
    before = Attendance.objects.count()
    with pytest.raises(ValidationError) as error:
        imports.attendance_import(
            session=jember["session"], rows=rows, entered_by=staf, registry=registry
        )
    assert "Baris 3, kolom E (No HP)" in error.value.messages[0]
    assert Attendance.objects.count() == before
    assert not Participant.objects.filter(name="Satu").exists()


def test_google_form_csv_with_semicolons_and_repeated_rows(jember, staf):
    upload, confirm = urls(jember)
    text = (
        "Timestamp;Nama Lengkap;Asal Pesantren;L/P\n"
        "06/10/2025 08:01;Rahmat Hidayat;Kopontren Uji Alif;L\n"
        "06/10/2025 08:02;rahmat hidayat;Kopontren Uji Alif;L\n"
        "06/10/2025 08:03;Ahmad Santri Alif;Pesantren Uji Alif;L\n"
    )
    sheet = SimpleUploadedFile("form.csv", ("\ufeff" + text).encode("utf-8"))
    client = client_for(staf)
    assert "Simpan semua baris" in client.post(upload, {"file": sheet}).content.decode()
    done = client.post(confirm, follow=True).content.decode()
    assert "1 peserta diimpor; 2 sudah tercatat sebelumnya" in done
    assert Participant.objects.get(name="Rahmat Hidayat").cooperative.name == (
        "Kopontren Uji Alif"
    )


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("hadir.xlsx", None, "kolom “Nama” tidak ditemukan"),
        ("hadir.pdf", b"%PDF", "Unggah berkas .csv atau .xlsx."),
        ("hadir.xlsx", b"bukan excel", "tidak dapat dibaca"),
    ],
)
def test_unreadable_files_get_a_clear_message(jember, staf, name, content, message):
    upload, _confirm = urls(jember)
    if content is None:
        sheet = xlsx([["x", "y"]], header=["Siapa", "Dari"])
    else:
        sheet = SimpleUploadedFile(name, content)
    html = client_for(staf).post(upload, {"file": sheet}).content.decode()
    assert message in html
