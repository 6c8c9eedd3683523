"""Import (upload → preview → confirm, all-or-nothing) and scoped, formula-safe
export of products and permits."""

import csv
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from opop import transfer
from opop.models import Permit, Product
from tests.conftest import client_for
from tests.opop import factories as opop_factories
from tests.storage import stored

PRODUCT_HEADERS = [
    "NIK Koperasi",
    "Koperasi",
    "Kabupaten/kota",
    "Nama produk",
    "Kategori",
    "Deskripsi",
    "Harga (Rp)",
    "Satuan/kemasan",
    "Kapasitas per bulan",
    "Produk unggulan",
    "WhatsApp",
    "Tautan marketplace",
    "Status kurasi",
]


def csv_upload(rows, name="produk.csv"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), "text/csv")


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def niks(coop_a, coop_b, coop_kalsel):
    for coop, nik in (
        (coop_a, "3509101234567"),
        (coop_b, "3509107654321"),
        (coop_kalsel, "6372101234567"),
    ):
        coop.nik_koperasi = nik
        coop.save()


def test_the_product_export_is_scoped_indonesian_and_formula_safe(
    staf, product_a, coop_kalsel
):
    assert settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is True
    opop_factories.product(
        cooperative_obj=product_a.cooperative, name='=HYPERLINK("http://x.test","klik")'
    )
    opop_factories.product(cooperative_obj=coop_kalsel, name="Amplang Banua")
    response = client_for(staf).get(
        reverse("opop:export", args=["produk"]), {"format": "csv"}
    )
    assert response["Content-Disposition"].startswith(
        'attachment; filename="opop-produk-'
    )
    rows = read_csv(response)
    assert rows[0] == PRODUCT_HEADERS
    names = [row[3] for row in rows[1:]]
    assert "Amplang Banua" not in names
    assert "Keripik Tempe Alif" in names
    assert '\'=HYPERLINK("http://x.test","klik")' in names
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    flagship = next(row for row in rows if row[3] == "Keripik Tempe Alif")
    assert flagship[4:] == [
        "Makanan",
        "",
        "15000",
        "bungkus 200 g",
        "",
        "Ya",
        "0852-0000-1111",
        "",
        "Terdaftar",
    ]


def test_the_xlsx_export_escapes_formulas_too(admin, product_a):
    opop_factories.product(cooperative_obj=product_a.cooperative, name="=1+1")
    response = client_for(admin).get(
        reverse("opop:export", args=["produk"]), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert values[: len(PRODUCT_HEADERS)] == PRODUCT_HEADERS
    assert "'=1+1" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_the_province_gets_whatsapp_numbers_masked(provinsi_jatim, product_a):
    rows = read_csv(
        client_for(provinsi_jatim).get(reverse("opop:export", args=["produk"]))
    )
    assert rows[1][10] == "0852****1111"


def test_the_permit_export(staf, product_a):
    rows = read_csv(client_for(staf).get(reverse("opop:export", args=["izin"])))
    assert rows[0] == [
        "NIK Koperasi",
        "Koperasi",
        "Nama produk",
        "Jenis izin",
        "Nomor",
        "Tanggal terbit",
        "Berlaku sampai",
        "Terverifikasi",
    ]
    assert rows[1][2:] == [
        "Keripik Tempe Alif",
        "Sertifikat halal",
        "ID35110000123450321",
        "2024-01-10",
        "",
        "Tidak",
    ]


def test_import_previews_then_saves_on_confirmation(staf, niks, product_a):
    client = client_for(staf)
    upload = csv_upload(
        [
            [
                "NIK Koperasi",
                "Koperasi",
                "Nama produk",
                "Kategori",
                "Harga (Rp)",
                "Produk unggulan",
            ],
            ["3509101234567", "", "Sambal Pecel Alif", "makanan", "Rp 12.500", "Tidak"],
            ["", "Kopontren Uji Alif", "keripik tempe alif", "Makanan", "17000", "Ya"],
            ["3509107654321", "", "Sirup Jahe", "Minuman", "", ""],
        ]
    )
    preview = client.post(reverse("opop:import", args=["produk"]), {"file": upload})
    assert preview.status_code == 200
    assert preview.context["errors"] == []
    assert [(n, str(action)) for n, action, _label in preview.context["rows"]] == [
        (2, "Baru"),
        (3, "Diubah"),
        (4, "Baru"),
    ]
    assert Product.objects.count() == 1
    product_a.refresh_from_db()
    assert product_a.price == 15000

    response = client.post(
        reverse("opop:import_confirm", args=["produk"]),
        {"token": preview.context["token"]},
    )
    assert response.status_code == 302
    assert Product.objects.count() == 3
    assert Product.objects.get(name="Sambal Pecel Alif").price == 12500
    product_a.refresh_from_db()
    assert product_a.price == 17000 and product_a.is_flagship
    assert stored("opop/impor") == []


def test_one_bad_row_refuses_the_whole_file_naming_row_and_column(
    staf, niks, product_a
):
    client = client_for(staf)
    upload = csv_upload(
        [
            [
                "NIK Koperasi",
                "Koperasi",
                "Nama produk",
                "Kategori",
                "Harga (Rp)",
                "Produk unggulan",
            ],
            ["3509101234567", "", "Sambal Pecel Alif", "makanan", "12500", "Tidak"],
            ["3509101234567", "", "Kopi Alif", "minuman keras", "abc", "Tidak"],
            ["6372101234567", "", "Amplang", "makanan", "", ""],
            ["3509107654321", "", "Sirup Jahe", "minuman", "", "Ya"],
            ["3509107654321", "", "Sirup Kencur", "minuman", "", "Ya"],
        ]
    )
    preview = client.post(reverse("opop:import", args=["produk"]), {"file": upload})
    errors = preview.context["errors"]
    located = {(row, column) for row, column, _message in errors}
    assert {
        (3, "Kategori"),
        (3, "Harga (Rp)"),
        (4, "NIK Koperasi"),
        (6, "Produk unggulan"),
    } <= located
    messages = " ".join(message for _r, _c, message in errors)
    assert "tidak ditemukan di wilayah Anda" in messages
    assert "sudah punya produk unggulan" in messages
    page = preview.content.decode()
    assert "Berkas ditolak" in page and "Konfirmasi impor" not in page

    # Confirming anyway (a forged form) still saves nothing.
    response = client.post(
        reverse("opop:import_confirm", args=["produk"]),
        {"token": preview.context["token"]},
    )
    assert response.status_code == 200 and response.context["errors"]
    assert list(Product.objects.values_list("name", flat=True)) == [
        "Keripik Tempe Alif"
    ]


def test_missing_columns_and_unreadable_files_get_a_clear_message(staf):
    client = client_for(staf)
    response = client.post(
        reverse("opop:import", args=["produk"]),
        {"file": csv_upload([["Nama"], ["Kopi"]])},
    )
    assert "Kolom wajib tidak ada: NIK Koperasi, Nama produk, Kategori" in str(
        response.context["errors"]
    )
    response = client.post(
        reverse("opop:import", args=["produk"]),
        {"file": SimpleUploadedFile("data.xlsx", b"bukan xlsx", "application/zip")},
    )
    assert "Berkas XLSX tidak dapat dibaca" in str(response.context["form"].errors)
    response = client.post(
        reverse("opop:import", args=["produk"]),
        {"file": SimpleUploadedFile("data.pdf", b"%PDF", "application/pdf")},
    )
    assert "Unggah berkas CSV atau XLSX" in str(response.context["form"].errors)


def test_permits_import_keyed_on_kind_and_number(staf, niks, product_a):
    rows = [
        [
            "NIK Koperasi",
            "Koperasi",
            "Nama produk",
            "Jenis izin",
            "Nomor",
            "Tanggal terbit",
            "Berlaku sampai",
            "Terverifikasi",
        ],
        [
            "3509101234567",
            "",
            "Keripik Tempe Alif",
            "P-IRT",
            "206350901234526",
            "01-03-2024",
            "",
            "Ya",
        ],
        [
            "3509101234567",
            "",
            "Keripik Tempe Alif",
            "halal",
            "ID35110000123450321",
            "2024-01-10",
            "",
            "Ya",
        ],
    ]
    for _ in range(2):
        dataset = transfer.read_dataset(csv_upload(rows).read(), "csv")
        resource, result = transfer.run_import(
            kind="izin", dataset=dataset, user=staf, dry_run=False
        )
        assert transfer.import_errors(resource, result) == []
    assert Permit.objects.count() == 2
    pirt = Permit.objects.get(kind="pirt")
    assert str(pirt.valid_until) == "2029-03-01"
    assert pirt.verified and pirt.verified_by == staf
    assert Permit.objects.get(kind="halal").verified


def test_an_export_imports_back_unchanged(staf, niks, product_a):
    exported = client_for(staf).get(
        reverse("opop:export", args=["produk"]), {"format": "xlsx"}
    )
    dataset = transfer.read_dataset(exported.content, "xlsx")
    resource, result = transfer.run_import(
        kind="produk", dataset=dataset, user=staf, dry_run=False
    )
    assert transfer.import_errors(resource, result) == []
    assert result.totals["skip"] == 1 and result.totals["new"] == 0


def test_an_export_made_in_english_is_indonesian_and_imports_back(
    staf, niks, product_a
):
    client = client_for(staf)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    exported = client.get(reverse("opop:export", args=["produk"]), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == PRODUCT_HEADERS
    assert "Yes" not in rows[1] and "No" not in rows[1]
    dataset = transfer.read_dataset(exported.content, "csv")
    with translation.override("en"):
        resource, result = transfer.run_import(
            kind="produk", dataset=dataset, user=staf, dry_run=True
        )
    assert transfer.import_errors(resource, result) == []
    assert result.totals["skip"] == 1


@pytest.mark.parametrize("who", ["pengurus_a", "provinsi_jatim"])
def test_only_staff_and_admin_import(request, who, niks):
    response = client_for(request.getfixturevalue(who)).post(
        reverse("opop:import", args=["produk"]),
        {
            "file": csv_upload(
                [
                    ["NIK Koperasi", "Nama produk", "Kategori"],
                    ["3509101234567", "X", "makanan"],
                ]
            )
        },
    )
    assert response.status_code == 403
    assert not Product.objects.exists()


def test_staff_cannot_import_into_another_kabupaten(staf_banjarbaru, niks):
    upload = csv_upload(
        [
            ["NIK Koperasi", "Nama produk", "Kategori"],
            ["3509101234567", "Kopi", "minuman"],
        ]
    )
    preview = client_for(staf_banjarbaru).post(
        reverse("opop:import", args=["produk"]), {"file": upload}
    )
    assert preview.context["errors"][0][:2] == (2, "NIK Koperasi")
    assert not Product.objects.exists()


def test_the_admin_has_import_and_export(admin, product_a):
    client = client_for(admin)
    assert client.get(reverse("admin:opop_product_changelist")).status_code == 200
    assert client.get(reverse("admin:opop_product_import")).status_code == 200
    assert client.get(reverse("admin:opop_permit_export")).status_code == 200
