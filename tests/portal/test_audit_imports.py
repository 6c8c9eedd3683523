"""Every import (the portal's pages and the admin's) and every change of a second
factor leaves one audit entry: who, which file, how many rows were written."""

import csv
import io
import re

import pyotp
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from portal.models import AuditEntry
from tests import factories
from tests.conftest import client_for
from tests.gemaskop import factories as gemaskop_factories

pytestmark = pytest.mark.django_db

PRODUCT_HEADERS = [
    "NIK Koperasi",
    "Koperasi",
    "Nama produk",
    "Kategori",
    "Harga (Rp)",
    "Produk unggulan",
]


def csv_upload(rows, name):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), "text/csv")


def the_import():
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.IMPORT
    return entry


def test_a_registry_import_records_the_file_and_the_rows_written(staf):
    factories.pesantren(name="Pesantren Uji Impor", nspp="510335090001")
    client = client_for(staf)
    upload = csv_upload(
        [
            ["Nama Koperasi", "NIK", "NSPP", "Kode Kab/Kota", "Telepon"],
            ["Kopontren Impor", "3509000000001", "510335090001", "35.09", ""],
        ],
        "koperasi-baru.csv",
    )
    staged = client.post(
        reverse("kopontren:io_import"), {"kind": "koperasi", "file": upload}
    )
    token = re.search(r"/registri/impor/([0-9a-f]{32})/", staged["Location"])[1]
    assert not AuditEntry.objects.exists()  # the preview writes nothing

    client.post(reverse("kopontren:io_import_confirm", args=[token]))

    entry = the_import()
    assert entry.actor == staf
    assert entry.detail["file"] == "koperasi-baru.csv"
    assert entry.row_count == 1


def product_sheet(coop, name):
    return csv_upload(
        [
            PRODUCT_HEADERS,
            [coop.nik_koperasi, "", "Sambal Pecel Alif", "makanan", "12500", "Tidak"],
            [coop.nik_koperasi, "", "Sirup Jahe Alif", "minuman", "", ""],
        ],
        name,
    )


def test_an_opop_import_records_the_file_and_the_rows_written(staf, coop_a):
    coop_a.nik_koperasi = "3509101234567"
    coop_a.save()
    client = client_for(staf)
    preview = client.post(
        reverse("opop:import", args=["produk"]),
        {"file": product_sheet(coop_a, "produk-alif.csv")},
    )
    assert preview.context["errors"] == []

    client.post(
        reverse("opop:import_confirm", args=["produk"]),
        {"token": preview.context["token"]},
    )

    entry = the_import()
    assert entry.actor == staf
    assert entry.detail["file"] == "produk-alif.csv"
    assert entry.row_count == 2


def test_an_attendance_import_records_the_file_and_the_rows_written(staf):
    event = gemaskop_factories.event()
    session = gemaskop_factories.session(event_obj=event)
    args = [event.pk, session.pk]
    sheet = csv_upload(
        [
            ["Nama", "Asal Lembaga", "Jabatan", "Jenis Kelamin", "No HP"],
            ["Abdul Ghani", "MTs Negeri 9 Jember", "Santri", "L", ""],
            ["Lailatul Fitri", "MTs Negeri 9 Jember", "", "P", ""],
        ],
        "hadir-sesi-1.csv",
    )
    client = client_for(staf)
    client.post(reverse("gemaskop:import", args=args), {"file": sheet})
    assert not AuditEntry.objects.exists()

    client.post(reverse("gemaskop:import_confirm", args=args))

    entry = the_import()
    assert entry.detail["file"] == "hadir-sesi-1.csv"
    assert entry.row_count == 2


def hidden_inputs(html):
    return dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', html))


def test_an_admin_import_records_the_file_and_the_rows_written(admin, coop_a):
    coop_a.nik_koperasi = "3509101234567"
    coop_a.save()
    client = client_for(admin)
    page = client.get(reverse("admin:opop_product_import")).content.decode()
    csv_format = re.findall(r'<option value="(\d+)"[^>]*>csv</option>', page)[0]
    confirm = client.post(
        reverse("admin:opop_product_import"),
        {
            "resource": "0",
            "format": csv_format,
            "import_file": product_sheet(coop_a, "produk-admin.csv"),
        },
    )
    assert confirm.status_code == 200
    assert not AuditEntry.objects.exists()  # the admin's preview writes nothing

    fields = hidden_inputs(confirm.content.decode())
    done = client.post(reverse("admin:opop_product_process_import"), fields)

    assert done.status_code == 302
    entry = the_import()
    assert entry.actor == admin
    assert entry.detail["file"] == "produk-admin.csv"
    assert entry.row_count == 2


def test_enrolling_an_authenticator_app_is_recorded(
    staf, django_capture_on_commit_callbacks
):
    client = Client()
    client.post(
        reverse("account_login"),
        {"login": staf.username, "password": factories.PASSWORD},
    )
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="(\w+)"', page)
    secret = secret or re.search(r'value="(\w+)"[^>]*id="authenticator_secret"', page)

    # allauth sends its signal once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret[1]).now()}
        )
    assert done.status_code == 302

    changes = AuditEntry.objects.filter(action=AuditEntry.Action.MFA)
    assert {
        (e.actor, e.detail["change"], e.detail["authenticator"]) for e in changes
    } >= {(staf, "added", "totp")}
