"""Hostile and awkward files through the GEMASKOP attendance import page: refused
with the reader's Indonesian message and nothing kept, or read correctly."""

import codecs

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gemaskop.models import Attendance, Participant
from tests import hostile_files as hostile
from tests.conftest import client_for

HEADER = ["Nama", "Asal Lembaga", "Jabatan", "Jenis Kelamin", "No HP"]


def urls(jember):
    args = [jember["event"].pk, jember["session"].pk]
    return reverse("gemaskop:import", args=args), reverse(
        "gemaskop:import_confirm", args=args
    )


@pytest.mark.parametrize(
    "filename, build, words",
    [case[1:] for case in hostile.REFUSED],
    ids=[case[0] for case in hostile.REFUSED],
)
def test_each_hostile_file_is_refused_and_nothing_is_imported(
    jember, staf, filename, build, words
):
    upload, confirm = urls(jember)
    client = client_for(staf)
    before = (Participant.objects.count(), Attendance.objects.count())

    response = client.post(upload, {"file": SimpleUploadedFile(filename, build())})
    html = response.content.decode()
    assert response.status_code == 200
    assert words in html
    assert "Simpan semua baris" not in html
    after_confirm = client.post(confirm, follow=True).content.decode()

    assert "Tidak ada impor yang menunggu" in after_confirm
    assert (Participant.objects.count(), Attendance.objects.count()) == before


@pytest.mark.parametrize(
    "encoding, delimiter, bom",
    [
        ("utf-16", ",", b""),
        ("utf-16-le", ";", codecs.BOM_UTF16_LE),
        ("utf-16-be", "\t", codecs.BOM_UTF16_BE),
        ("cp1252", ";", b""),
    ],
)
def test_utf16_and_windows_1252_sheets_import(jember, staf, encoding, delimiter, bom):
    upload, confirm = urls(jember)
    content = bom + hostile.csv_bytes(
        [HEADER, ["Siti Ma’rifah", "MTs Al-Mu’min", "Santri", "P", "081234567890"]],
        encoding=encoding,
        delimiter=delimiter,
    )
    client = client_for(staf)

    preview = client.post(upload, {"file": SimpleUploadedFile("hadir.csv", content)})
    assert "Siti Ma’rifah" in preview.content.decode()
    client.post(confirm)

    added = Attendance.objects.get(participant__name="Siti Ma’rifah")
    assert added.participant.phone == "081234567890"
    assert added.participant.institution == "MTs Al-Mu’min"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(jember, staf):
    upload, _confirm = urls(jember)
    big = SimpleUploadedFile("hadir.csv", b"Nama\r\n" + b"x" * (5 * 1024 * 1024))

    html = client_for(staf).post(upload, {"file": big}).content.decode()

    assert "Berkas lebih dari 5 MB (batas ukuran berkas)." in html
