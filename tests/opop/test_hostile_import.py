"""Hostile and awkward files through the OPOP import page and the OPOP admin's
import: refused with the reader's Indonesian message and nothing staged or
written, or read correctly."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opop.models import Product
from tests import hostile_files as hostile
from tests.conftest import client_for

CASES = [case[1:] for case in hostile.REFUSED]
IDS = [case[0] for case in hostile.REFUSED]
HEADERS = ["NIK Koperasi", "Nama produk", "Kategori", "Harga (Rp)", "WhatsApp"]


def staged_files():
    folder = settings.MEDIA_ROOT / "opop" / "impor"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("filename, build, words", CASES, ids=IDS)
def test_the_import_page_refuses_each_hostile_file_and_stages_nothing(
    staf, filename, build, words
):
    response = client_for(staf).post(
        reverse("opop:import", args=["produk"]),
        {"file": SimpleUploadedFile(filename, build())},
    )

    assert response.status_code == 200
    assert words in str(response.context["form"].errors)
    assert words in response.content.decode()
    assert "token" not in response.context
    assert not Product.objects.exists()
    assert staged_files() == []


@pytest.mark.parametrize("encoding, delimiter", [("utf-16", ";"), ("cp1252", ";")])
def test_utf16_and_windows_1252_product_sheets_import(
    staf, coop_a, encoding, delimiter
):
    coop_a.nik_koperasi = "0509101234567"
    coop_a.save()
    content = hostile.csv_bytes(
        [HEADERS, ["0509101234567", "Kopi Ma’rifat", "Minuman", "15000", "0812345678"]],
        encoding=encoding,
        delimiter=delimiter,
    )
    client = client_for(staf)

    preview = client.post(
        reverse("opop:import", args=["produk"]),
        {"file": SimpleUploadedFile("produk.csv", content)},
    )
    assert preview.context["errors"] == []
    client.post(
        reverse("opop:import_confirm", args=["produk"]),
        {"token": preview.context["token"]},
    )

    product = Product.objects.get()
    assert (product.name, product.cooperative) == ("Kopi Ma’rifat", coop_a)


@pytest.mark.parametrize("filename, build, words", CASES, ids=IDS)
def test_the_admin_import_refuses_each_hostile_file_the_same_way(
    admin, filename, build, words
):
    upload = io.BytesIO(build())
    upload.name = filename

    response = client_for(admin).post(
        reverse("admin:opop_product_import"),
        {
            "resource": "0",
            "format": "0" if filename.endswith(".xlsx") else "1",
            "import_file": upload,
        },
    )

    assert response.status_code == 200
    assert words in response.content.decode()
    assert response.context.get("confirm_form") is None
    assert not Product.objects.exists()


@pytest.mark.parametrize("url", ["opop:import", "admin:opop_product_import"])
def test_a_file_over_the_size_limit_is_refused(admin, url):
    big = io.BytesIO(b"Nama\r\n" + b"x" * (5 * 1024 * 1024))
    big.name = "produk.csv"
    if url == "opop:import":
        target, data = reverse(url, args=["produk"]), {"file": big}
    else:
        target = reverse(url)
        data = {"resource": "0", "format": "1", "import_file": big}

    response = client_for(admin).post(target, data)

    assert "Berkas lebih dari 5 MB (batas ukuran berkas)." in response.content.decode()
    assert not Product.objects.exists()
