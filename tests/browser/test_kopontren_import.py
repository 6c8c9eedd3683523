"""Journey: the Dinas imports cooperatives from a spreadsheet, sees what would change,
confirms, and finds them in the registry; a file with one bad row is refused whole."""

import csv

import pytest
from django.urls import reverse

from kopontren.models import Cooperative
from tests import factories

HEADERS = ["Nama Koperasi", "NIK", "NSPP", "Kode Kab/Kota", "Alamat"]


@pytest.fixture
def existing(db):
    """A registered cooperative of Jember that the file updates by its NIK."""
    pesantren = factories.pesantren(
        name="Pesantren Uji Nurul Huda", nspp="510035090002"
    )
    return factories.cooperative(
        name="Kopontren Uji Nurul Huda",
        pesantren_obj=pesantren,
        nik_koperasi="3509010000000002",
        address="Jl. Kencong 1",
    )


@pytest.fixture
def pesantren_new(db):
    return factories.pesantren(name="Pesantren Uji Al-Falah", nspp="510035090001")


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


def upload(page, path):
    page.goto(reverse("kopontren:io_import"))
    page.get_by_label("Koperasi", exact=True).check()
    page.get_by_label("Berkas CSV atau XLSX").set_input_files(str(path))
    page.get_by_role("button", name="Periksa berkas").click()
    page.wait_for_url("**/registri/impor/*/")


def preview_row(page, label):
    return page.locator("section", has=page.locator("#h-baris")).locator(
        "tr", has_text=label
    )


def test_staff_import_cooperatives_after_a_preview_and_a_bad_file_writes_nothing(
    page, login, axe, staf, existing, pesantren_new, tmp_path
):
    good = write_csv(
        tmp_path / "koperasi-jember.csv",
        [
            [
                "Kopontren Uji Al-Falah",
                "3509010000000001",
                pesantren_new.nspp,
                "35.09",
                "Jl. Pesantren 5",
            ],
            [
                existing.name,
                existing.nik_koperasi,
                existing.pesantren.nspp,
                "35.09",
                "Jl. Raya Kencong 12",
            ],
        ],
    )
    login(staf.username, factories.PASSWORD)

    page.goto(reverse("kopontren:io_import"))
    assert page.get_by_role("heading", name="Impor data registri").is_visible()
    assert axe() == []
    upload(page, good)

    assert page.get_by_role("heading", name="Pratinjau impor: Koperasi").is_visible()
    new_row = preview_row(page, "Kopontren Uji Al-Falah")
    assert new_row.locator(".badge").inner_text() == "Baru"
    updated_row = preview_row(page, existing.name)
    assert updated_row.locator(".badge").inner_text() == "Diperbarui"
    change = updated_row.locator("li", has_text="Alamat")
    assert change.locator("del").inner_text() == "Jl. Kencong 1"
    assert change.locator("ins").inner_text() == "Jl. Raya Kencong 12"
    assert axe() == []
    assert not Cooperative.objects.filter(nik_koperasi="3509010000000001").exists()

    page.get_by_role("button", name="Simpan semua perubahan").click()
    page.wait_for_url(f"**{reverse('kopontren:cooperative_list')}")
    assert "1 baru, 1 diperbarui" in page.locator(".message").first.inner_text()
    listing = page.locator("table")
    assert listing.get_by_text("Kopontren Uji Al-Falah").is_visible()
    assert listing.get_by_text(existing.name).is_visible()
    created = Cooperative.objects.get(nik_koperasi="3509010000000001")
    assert created.pesantren == pesantren_new and created.kabupaten_id == "35.09"
    existing.refresh_from_db()
    assert existing.address == "Jl. Raya Kencong 12"

    bad = write_csv(
        tmp_path / "koperasi-salah.csv",
        [
            [
                existing.name,
                existing.nik_koperasi,
                existing.pesantren.nspp,
                "35.09",
                "Jl. Tidak Tersimpan 99",
            ],
            [
                "Kopontren Uji Salah Kode",
                "3509010000000003",
                pesantren_new.nspp,
                "35.99",
                "",
            ],
        ],
    )
    upload(page, bad)

    errors = page.locator("section", has=page.locator("#h-salah"))
    assert "tidak ada data yang disimpan" in errors.get_by_role("alert").inner_text()
    cells = errors.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells[:2] == ["3", "Kode Kab/Kota"]
    assert "Kode wilayah “35.99” tidak dikenal" in cells[2]
    assert errors.locator("tbody tr").count() == 1
    assert page.get_by_role("button", name="Simpan semua perubahan").count() == 0
    assert axe() == []
    assert Cooperative.objects.count() == 2
    assert not Cooperative.objects.filter(nik_koperasi="3509010000000003").exists()
    existing.refresh_from_db()
    assert existing.address == "Jl. Raya Kencong 12"
