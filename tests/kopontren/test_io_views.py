"""The import and export pages, as every role: who may upload, preview, confirm and
download; refused requests change nothing; exports stay in scope with a flat query
count."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kopontren.models import Cooperative, Officer, Pesantren, YearlyFigures
from tests import factories
from tests.conftest import client_for
from tests.storage import stored

ROLES = [
    "admin",
    "staf",
    "staf_banjarbaru",
    "pengurus_a",
    "pengurus_b",
    "provinsi",
    "anonim",
]
MANAGERS = {"admin", "staf", "staf_banjarbaru"}
READERS = MANAGERS | {"provinsi"}
HEADERS = ["Nama Koperasi", "NIK", "NSPP", "Kode Kab/Kota", "Telepon"]


@pytest.fixture
def everyone(personas, staf_banjarbaru):
    return {**personas, "staf_banjarbaru": staf_banjarbaru}


@pytest.fixture
def pesantren_jember(db):
    return factories.pesantren(name="Pesantren Uji Impor", nspp="510335090001")


def csv_file(rows, headers=HEADERS, name="koperasi.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    upload = io.BytesIO(buffer.getvalue().encode("utf-8"))
    upload.name = name
    return upload


def good_file():
    return csv_file([["Kopontren Impor", "3509000000001", "510335090001", "35.09", ""]])


def upload(client, file, kind="koperasi"):
    return client.post(reverse("kopontren:io_import"), {"kind": kind, "file": file})


def token_of(response):
    return re.search(r"/registri/impor/([0-9a-f]{32})/", response["Location"]).group(1)


def pending_files():
    return stored("imports")


def assert_refused(response, role, expected_forbidden=403):
    if role == "anonim":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected_forbidden


# --- Access, role by role ---------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_upload_page_only_for_those_who_manage_the_registry(everyone, role):
    response = client_for(everyone[role]).get(reverse("kopontren:io_import"))

    if role in MANAGERS:
        assert response.status_code == 200
        assert "Nama Koperasi" in response.text and "Kode Kab/Kota" in response.text
    else:
        assert_refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_uploading_is_refused_without_writing_anything(
    everyone, pesantren_jember, role
):
    response = upload(client_for(everyone[role]), good_file())

    if role in MANAGERS:
        assert response.status_code == 302
        assert len(pending_files()) == 1
    else:
        assert_refused(response, role)
        assert pending_files() == []
    assert not Cooperative.objects.filter(nik_koperasi="3509000000001").exists()


@pytest.mark.parametrize("role", ROLES)
def test_preview_confirm_and_cancel_belong_to_the_uploader(
    everyone, staf, pesantren_jember, role
):
    token = token_of(upload(client_for(staf), good_file()))
    client = client_for(everyone[role]) if role != "staf" else client_for(staf)
    urls = {
        "preview": reverse("kopontren:io_import_preview", args=[token]),
        "confirm": reverse("kopontren:io_import_confirm", args=[token]),
        "cancel": reverse("kopontren:io_import_cancel", args=[token]),
    }

    responses = [
        client.get(urls["preview"]),
        client.post(urls["confirm"]),
        client.post(urls["cancel"]),
    ]

    # Another person's upload is not found, even by those who may import.
    expected = 404 if role in MANAGERS else 403
    for response in responses:
        assert_refused(response, role, expected)
    assert not Cooperative.objects.filter(nik_koperasi="3509000000001").exists()
    assert len(pending_files()) == 1


@pytest.mark.parametrize("role", ROLES)
def test_templates_only_for_importers(everyone, role):
    response = client_for(everyone[role]).get(
        reverse("kopontren:io_import_template", args=["rat"]) + "?format=csv"
    )

    if role in MANAGERS:
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        first_line = response.content.decode("utf-8-sig").splitlines()[0]
        assert first_line.startswith("NIK,NSPP,Nama Koperasi,Tahun Buku,Tanggal RAT")
    else:
        assert_refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_export_page_for_registry_readers(everyone, role):
    response = client_for(everyone[role]).get(reverse("kopontren:io_export"))

    if role in READERS:
        assert response.status_code == 200
    else:
        assert_refused(response, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["pesantren", "koperasi", "pengurus", "rat"])
def test_export_downloads_hold_only_what_the_role_may_read(
    everyone, coop_a, coop_kalsel, role, kind
):
    factories.officer(cooperative_obj=coop_a, name="Pengurus Jember")
    factories.officer(cooperative_obj=coop_kalsel, name="Pengurus Banua")
    factories.yearly_figures(cooperative_obj=coop_a, book_year=2024)
    factories.yearly_figures(cooperative_obj=coop_kalsel, book_year=2024)

    response = client_for(everyone[role]).get(
        reverse("kopontren:io_export_download", args=[kind]) + "?format=csv"
    )

    if role not in READERS:
        assert_refused(response, role)
        return
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="')
    text = response.content.decode("utf-8-sig")
    jember = {"pesantren": "Pesantren Uji Alif", "koperasi": "Kopontren Uji Alif"}.get(
        kind, "Kopontren Uji Alif"
    )
    banua = {"pesantren": "Pesantren Uji Banua", "koperasi": "Kopontren Uji Banua"}.get(
        kind, "Kopontren Uji Banua"
    )
    sees_jember = role in ("admin", "staf")
    sees_banua = role in ("admin", "staf_banjarbaru", "provinsi")
    assert (jember in text) == sees_jember
    assert (banua in text) == sees_banua


def test_yearly_figures_export_can_be_limited_to_one_book_year(staf, coop_a):
    factories.yearly_figures(cooperative_obj=coop_a, book_year=2023)
    factories.yearly_figures(cooperative_obj=coop_a, book_year=2024)

    response = client_for(staf).get(
        reverse("kopontren:io_export_download", args=["rat"]) + "?format=csv&tahun=2024"
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    year = rows[0].index("Tahun Buku")
    assert [row[year] for row in rows[1:]] == ["2024"]


def test_xlsx_export_is_a_spreadsheet(staf, coop_a):
    response = client_for(staf).get(
        reverse("kopontren:io_export_download", args=["koperasi"]) + "?format=xlsx"
    )

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert response.content[:2] == b"PK"


@pytest.mark.parametrize("kind", ["pesantren", "koperasi", "pengurus", "rat"])
def test_export_query_count_is_flat_with_one_and_many_rows(staf, kind):
    client = client_for(staf)
    url = reverse("kopontren:io_export_download", args=[kind]) + "?format=xlsx"
    kec = factories.kecamatan()

    def add(count):
        for _ in range(count):
            coop = factories.cooperative(
                pesantren_obj=factories.pesantren(kecamatan=kec), phone="08123456789"
            )
            factories.officer(cooperative_obj=coop, phone="081200000000")
            factories.yearly_figures(cooperative_obj=coop, book_year=2024)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(1)
    one = queries()
    add(15)
    assert queries() == one


def test_provinsi_export_masks_phones(provinsi_kalsel, coop_kalsel):
    coop_kalsel.phone = "081355556666"
    coop_kalsel.save()
    response = client_for(provinsi_kalsel).get(
        reverse("kopontren:io_export_download", args=["koperasi"]) + "?format=csv"
    )

    assert "0813****6666" in response.text
    assert "081355556666" not in response.text


# --- The upload → preview → confirm journey ----------------------------------------


def test_staff_previews_then_confirms_an_import(staf, pesantren_jember):
    client = client_for(staf)
    coop = factories.cooperative(
        name="Kopontren Lama",
        pesantren_obj=pesantren_jember,
        nik_koperasi="3509000000002",
        phone="081100000000",
    )
    file = csv_file(
        [
            ["Kopontren Impor", "3509000000001", "510335090001", "35.09", ""],
            [
                "Kopontren Lama",
                "3509000000002",
                "510335090001",
                "35.09",
                "081199999999",
            ],
        ]
    )

    response = upload(client, file)
    preview = client.get(response["Location"])

    assert preview.status_code == 200
    assert "Baru" in preview.text and "Diperbarui" in preview.text
    assert "081100000000" in preview.text and "081199999999" in preview.text
    assert Cooperative.objects.count() == 1  # nothing written by the preview
    token = token_of(response)

    done = client.post(
        reverse("kopontren:io_import_confirm", args=[token]), follow=True
    )

    assert done.redirect_chain[-1][0] == reverse("kopontren:cooperative_list")
    assert "1 baru, 1 diperbarui, 0 tidak berubah" in done.text
    coop.refresh_from_db()
    assert coop.phone == "081199999999"
    assert Cooperative.objects.filter(nik_koperasi="3509000000001").exists()
    assert pending_files() == []
    history = coop.history.first()
    assert history.history_user == staf


def test_a_bad_file_is_shown_with_row_and_column_and_cannot_be_confirmed(
    staf, pesantren_jember
):
    client = client_for(staf)
    file = csv_file(
        [
            ["Kopontren Impor", "3509000000001", "510335090001", "35.09", ""],
            ["Kopontren Salah", "3509000000003", "510335090001", "63.72", ""],
        ]
    )
    response = upload(client, file)
    token = token_of(response)

    preview = client.get(response["Location"])
    confirm = client.post(reverse("kopontren:io_import_confirm", args=[token]))

    assert "<td>3</td><td>Kode Kab/Kota</td>" in preview.text.replace("\n", "")
    assert reverse("kopontren:io_import_confirm", args=[token]) not in preview.text
    assert confirm.status_code == 422
    assert "tidak ada data yang disimpan" in confirm.text
    assert not Cooperative.objects.exists()


def test_confirm_validates_again_against_the_database(staf, pesantren_jember):
    client = client_for(staf)
    response = upload(client, good_file())
    token = token_of(response)
    other = factories.pesantren(name="Pesantren Lain", nspp="510335090002")
    # Meanwhile someone registers the same NIK for another pesantren.
    factories.cooperative(
        name="Kopontren Sela", pesantren_obj=other, nik_koperasi="3509000000001"
    )

    confirm = client.post(reverse("kopontren:io_import_confirm", args=[token]))

    assert confirm.status_code == 422
    assert Cooperative.objects.get(nik_koperasi="3509000000001").pesantren == other
    assert Cooperative.objects.count() == 1


def test_a_file_that_cannot_be_read_is_refused_on_the_upload_form(staf):
    client = client_for(staf)
    broken = io.BytesIO(b"not a zip")
    broken.name = "rusak.xlsx"

    response = upload(client, broken)

    assert response.status_code == 200
    assert "tidak dapat dibaca" in response.text
    assert pending_files() == []


def test_other_file_types_are_refused(staf):
    file = io.BytesIO(b"<html>")
    file.name = "data.html"

    response = upload(client_for(staf), file)

    assert response.status_code == 200
    assert "Unggah berkas .csv atau .xlsx." in response.text
    assert pending_files() == []


def test_cancel_forgets_the_upload(staf, pesantren_jember):
    client = client_for(staf)
    token = token_of(upload(client, good_file()))

    response = client.post(reverse("kopontren:io_import_cancel", args=[token]))

    assert response.status_code == 302
    assert pending_files() == []
    assert (
        client.get(reverse("kopontren:io_import_preview", args=[token])).status_code
        == 404
    )


def test_a_confirmed_upload_cannot_be_replayed(staf, pesantren_jember):
    client = client_for(staf)
    token = token_of(upload(client, good_file()))
    client.post(reverse("kopontren:io_import_confirm", args=[token]))

    again = client.post(reverse("kopontren:io_import_confirm", args=[token]))

    assert again.status_code == 404
    assert Cooperative.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "headers", "row", "model"),
    [
        (
            "pesantren",
            ["Nama Pesantren", "NSPP", "Kode Kab/Kota"],
            ["Pesantren Baru", "510335090050", "35.09"],
            Pesantren,
        ),
        (
            "pengurus",
            ["NIK", "Nama", "Jabatan", "Jenis Kelamin"],
            ["3509000000009", "Ahmad", "Ketua", "L"],
            Officer,
        ),
        (
            "rat",
            ["NIK", "Tahun Buku", "Asset"],
            ["3509000000009", "2024", "1.000.000"],
            YearlyFigures,
        ),
    ],
)
def test_each_kind_can_be_imported_through_the_pages(
    staf, coop_a, kind, headers, row, model
):
    coop_a.nik_koperasi = "3509000000009"
    coop_a.save()
    client = client_for(staf)
    before = model.objects.count()
    token = token_of(upload(client, csv_file([row], headers=headers), kind=kind))

    client.post(reverse("kopontren:io_import_confirm", args=[token]))

    assert model.objects.count() == before + 1


def test_the_registry_list_exports_exactly_what_is_filtered(staf, coop_a, coop_b):
    coop_b.is_active = False
    coop_b.save()

    response = client_for(staf).get(
        reverse("kopontren:cooperative_list") + "?aktif=0&ekspor=csv"
    )

    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Kopontren Uji Ba"]
