"""Hostile and awkward files through the registry's import page and the registry's
Django admin import: refused with the reader's Indonesian message and nothing
written, or (the honest encodings and identifiers) read correctly."""

import codecs
import io
import re

import pytest
from django.conf import settings
from django.urls import reverse

from kopontren.models import Pesantren
from tests import hostile_files as hostile
from tests.conftest import client_for

HEADERS = ["Nama Pesantren", "NSPP", "Kode Kab/Kota"]
CASES = [case[1:] for case in hostile.REFUSED]
IDS = [case[0] for case in hostile.REFUSED]


def named(content, name):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def pending_files():
    folder = settings.MEDIA_ROOT / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def upload(client, content, name):
    return client.post(
        reverse("kopontren:io_import"),
        {"kind": "pesantren", "file": named(content, name)},
    )


def preview_after(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    token = re.search(r"/registri/impor/([0-9a-f]{32})/", response["Location"])
    return token.group(1), client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("filename, build, words", CASES, ids=IDS)
def test_the_import_page_refuses_each_hostile_file_and_writes_nothing(
    staf, filename, build, words
):
    response = upload(client_for(staf), build(), filename)

    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Pesantren.objects.exists()
    assert pending_files() == []


def confirm(client, token):
    return client.post(reverse("kopontren:io_import_confirm", args=[token]))


@pytest.mark.parametrize(
    "encoding, delimiter",
    [("utf-16", ","), ("utf-16-be", "\t"), ("cp1252", ";"), ("utf-8-sig", ";")],
)
def test_honest_csv_encodings_import_with_leading_zeros(staf, encoding, delimiter):
    content = hostile.csv_bytes(
        [HEADERS, ["Pondok Pesantren Ma’arif", "012335090001", "35.09"]],
        encoding=encoding,
        delimiter=delimiter,
    )
    if encoding == "utf-16-be":
        content = codecs.BOM_UTF16_BE + content
    client = client_for(staf)

    token, preview = preview_after(client, upload(client, content, "pesantren.csv"))
    assert "Pondok Pesantren Ma’arif" in preview
    confirm(client, token)

    assert Pesantren.objects.get().nspp == "012335090001"
    assert Pesantren.objects.get().name == "Pondok Pesantren Ma’arif"


def test_an_xlsx_keeps_text_ids_and_long_numbers(staf):
    content = hostile.xlsx_bytes(
        [HEADERS, ["Pesantren Teks", "012335090001", "35.09"]]
        + [["Pesantren Angka", 510335090002, "35.09"]]
    )
    client = client_for(staf)

    token, _preview = preview_after(client, upload(client, content, "p.xlsx"))
    confirm(client, token)

    assert sorted(Pesantren.objects.values_list("nspp", flat=True)) == [
        "012335090001",
        "510335090002",
    ]


ADMIN_IMPORTS = [
    ("admin:kopontren_pesantren_import", Pesantren),
]


@pytest.mark.parametrize("filename, build, words", CASES, ids=IDS)
def test_the_admin_import_refuses_each_hostile_file_the_same_way(
    admin, filename, build, words
):
    file_format = "0" if filename.endswith(".xlsx") else "1"

    response = client_for(admin).post(
        reverse("admin:kopontren_pesantren_import"),
        {
            "resource": "0",
            "format": file_format,
            "import_file": named(build(), filename),
        },
    )

    assert response.status_code == 200
    assert words in response.content.decode()
    assert "encountered while trying to read file" not in response.content.decode()
    assert response.context.get("confirm_form") is None
    assert not Pesantren.objects.exists()


def test_the_admin_import_reads_a_utf16_csv_with_leading_zeros(admin):
    content = hostile.csv_bytes(
        [HEADERS, ["Pesantren Admin", "012335090001", "35.09"]], encoding="utf-16"
    )
    client = client_for(admin)

    response = client.post(
        reverse("admin:kopontren_pesantren_import"),
        {"resource": "0", "format": "1", "import_file": named(content, "p.csv")},
    )
    confirm_form = response.context["confirm_form"]
    client.post(
        reverse("admin:kopontren_pesantren_process_import"),
        {**confirm_form.initial, "resource": "0"},
    )

    assert Pesantren.objects.get().nspp == "012335090001"
