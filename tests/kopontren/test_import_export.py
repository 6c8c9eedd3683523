"""Importing and exporting the registry: re-import updates, one bad row writes nothing
and names its row and column, duplicates and out-of-scope rows are refused, exports
round-trip, escape formulas and mask phones."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from kopontren import exports, imports
from kopontren.models import Cooperative, Officer, Pesantren, YearlyFigures
from kopontren.resources import CooperativeResource
from kopontren.widgets import DateWidget, parse_rupiah
from tests import factories

COOP_HEADERS = [
    "Nama Koperasi",
    "NIK",
    "NSPP",
    "Jenis Koperasi",
    "Pola Pengelolaan",
    "Status Koperasi",
    "Kode Kab/Kota",
    "Telepon",
]


def csv_bytes(headers, rows, delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(headers, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def apply(kind, user, content, filename="data.csv"):
    return imports.registry_import_apply(
        kind=kind, user=user, content=content, filename=filename
    )


def refused(kind, user, content, filename="data.csv"):
    with pytest.raises(imports.ImportRefused) as info:
        apply(kind, user, content, filename)
    return info.value.report


def error_cells(report):
    return {(e.row, e.column) for e in report.errors}


@pytest.fixture
def pesantren_jember(db):
    return factories.pesantren(name="Pesantren Uji Impor", nspp="510335090001")


def coop_row(name="Kopontren Uji Impor", nik="3509000000001", nspp="510335090001"):
    return [name, nik, nspp, "Konsumen", "Syariah", "Aktif", "35.09", "081234567890"]


# --- Import ------------------------------------------------------------------------


def test_import_creates_cooperatives_with_labels_and_codes(staf, pesantren_jember):
    content = csv_bytes(
        COOP_HEADERS,
        [
            coop_row(),
            [
                "Kopontren Kedua",
                "3509000000002",
                "510335090001",
                "simpan_pinjam",
                "KONVENSIONAL",
                "tidak aktif",
                "35.09",
                "",
            ],
        ],
    )

    report = apply("koperasi", staf, content)

    assert report.counts == {"baru": 2, "ubah": 0, "tetap": 0, "salah": 0}
    first = Cooperative.objects.get(nik_koperasi="3509000000001")
    assert (first.pesantren, first.jenis, first.pola) == (
        pesantren_jember,
        "konsumen",
        "syariah",
    )
    second = Cooperative.objects.get(nik_koperasi="3509000000002")
    assert (second.jenis, second.pola, second.is_active) == (
        "simpan_pinjam",
        "konvensional",
        False,
    )


def test_reimporting_the_same_file_updates_instead_of_duplicating(
    staf, pesantren_jember
):
    apply("koperasi", staf, csv_bytes(COOP_HEADERS, [coop_row()]))
    changed = coop_row()
    changed[7] = "085700001111"

    unchanged_report = imports.registry_import_preview(
        kind="koperasi",
        user=staf,
        content=csv_bytes(COOP_HEADERS, [coop_row()]),
        filename="data.csv",
    )
    report = apply("koperasi", staf, csv_bytes(COOP_HEADERS, [changed]))

    assert unchanged_report.counts["tetap"] == 1
    assert report.counts == {"baru": 0, "ubah": 1, "tetap": 0, "salah": 0}
    assert report.rows[0].changes == [("Telepon", "081234567890", "085700001111")]
    assert Cooperative.objects.count() == 1
    assert Cooperative.objects.get().phone == "085700001111"


def test_import_is_recorded_in_history_with_the_file_name(staf, pesantren_jember):
    apply("koperasi", staf, csv_bytes(COOP_HEADERS, [coop_row()]), "ods-jember.csv")

    record = Cooperative.history.get()
    assert record.history_type == "+"
    assert "ods-jember.csv" in record.history_change_reason


def test_one_bad_row_writes_nothing_and_names_row_and_column(staf, pesantren_jember):
    bad = coop_row(name="Kopontren Salah", nik="3509000000009")
    bad[3] = "Perdagangan"
    content = csv_bytes(
        COOP_HEADERS, [coop_row(), coop_row(name="Lain", nik="3509000000003"), bad]
    )

    report = refused("koperasi", staf, content)

    assert Cooperative.objects.count() == 0
    assert error_cells(report) == {(4, "Jenis Koperasi")}
    assert "Perdagangan" in report.errors[0].message
    assert "Konsumen" in report.errors[0].message


def test_errors_in_several_columns_are_all_listed(staf, pesantren_jember):
    row = coop_row()
    row[0] = ""
    row[2] = "999999999999"
    row[6] = "35.99"
    report = refused("koperasi", staf, csv_bytes(COOP_HEADERS, [row]))

    assert {"Nama Koperasi", "NSPP", "Kode Kab/Kota"} <= {
        e.column for e in report.errors
    }
    assert {e.row for e in report.errors} == {2}


def test_blank_rows_keep_the_spreadsheet_row_numbers(staf, pesantren_jember):
    bad = coop_row(name="Kopontren Ketiga", nik="3509000000004")
    bad[5] = "Mungkin"
    content = csv_bytes(COOP_HEADERS, [coop_row(), [""] * 8, bad])

    report = refused("koperasi", staf, content)

    assert error_cells(report) == {(4, "Status Koperasi")}


def test_the_same_nik_twice_in_one_file_is_refused(staf, pesantren_jember):
    content = csv_bytes(COOP_HEADERS, [coop_row(), coop_row(name="Kopontren Kembar")])

    report = refused("koperasi", staf, content)

    assert Cooperative.objects.count() == 0
    assert error_cells(report) == {(3, "NIK")}
    assert "baris 2" in report.errors[0].message


def test_the_same_nspp_twice_in_a_pesantren_file_is_refused(staf):
    headers = ["Nama Pesantren", "NSPP", "Kode Kab/Kota"]
    rows = [
        ["Pesantren A", "510335090077", "35.09"],
        ["Pesantren B", "510335090077", "35.09"],
    ]

    report = refused("pesantren", staf, csv_bytes(headers, rows))

    assert error_cells(report) == {(3, "NSPP")}
    assert not Pesantren.objects.exists()


def test_a_nik_of_one_pesantren_cannot_be_moved_to_another(staf, pesantren_jember):
    other = factories.pesantren(name="Pesantren Lain", nspp="510335090002")
    apply("koperasi", staf, csv_bytes(COOP_HEADERS, [coop_row()]))

    report = refused(
        "koperasi", staf, csv_bytes(COOP_HEADERS, [coop_row(nspp=other.nspp)])
    )

    assert error_cells(report) == {(2, "NSPP")}
    assert "Pesantren Uji Impor" in report.errors[0].message
    assert Cooperative.objects.get().pesantren == pesantren_jember


def test_two_rows_that_match_the_same_cooperative_are_refused(staf, pesantren_jember):
    factories.cooperative(name="Kopontren Tanpa NIK", pesantren_obj=pesantren_jember)
    rows = [
        coop_row(name="Kopontren Tanpa NIK", nik="3509000000005"),
        coop_row(name="kopontren tanpa nik", nik=""),
    ]

    report = refused("koperasi", staf, csv_bytes(COOP_HEADERS, rows))

    assert error_cells(report) == {(3, "NIK")}


def test_a_cooperative_without_nik_is_found_by_pesantren_and_name(
    staf, pesantren_jember
):
    coop = factories.cooperative(
        name="Kopontren Tanpa NIK", pesantren_obj=pesantren_jember
    )

    report = apply(
        "koperasi",
        staf,
        csv_bytes(
            COOP_HEADERS, [coop_row(name="KOPONTREN TANPA NIK", nik="3509000000006")]
        ),
    )

    assert report.counts["ubah"] == 1
    coop.refresh_from_db()
    assert coop.nik_koperasi == "3509000000006"
    assert Cooperative.objects.count() == 1


def test_clearing_a_known_nik_is_refused(staf, pesantren_jember):
    factories.cooperative(
        name="Kopontren Ber-NIK",
        pesantren_obj=pesantren_jember,
        nik_koperasi="3509000000007",
    )

    report = refused(
        "koperasi",
        staf,
        csv_bytes(COOP_HEADERS, [coop_row(name="Kopontren Ber-NIK", nik="")]),
    )

    assert error_cells(report) == {(2, "NIK")}
    assert Cooperative.objects.get().nik_koperasi == "3509000000007"


def test_a_row_outside_the_staff_kabupaten_is_refused(staf):
    factories.pesantren(name="Pesantren Banua", kabupaten="63.72", nspp="610672000001")
    row = coop_row(name="Kopontren Banua", nik="6372000000001", nspp="610672000001")
    row[6] = "63.72"

    report = refused("koperasi", staf, csv_bytes(COOP_HEADERS, [row]))

    assert error_cells(report) == {(2, "Kode Kab/Kota")}
    assert "di luar wilayah kerja" in report.errors[0].message
    assert not Cooperative.objects.filter(kabupaten_id="63.72").exists()


def test_an_existing_cooperative_outside_scope_cannot_be_pulled_in(staf, coop_kalsel):
    coop_kalsel.nik_koperasi = "6372000000002"
    coop_kalsel.save()
    row = coop_row(name="Ambil Alih", nik="6372000000002", nspp="")

    report = refused("koperasi", staf, csv_bytes(COOP_HEADERS, [row]))

    assert (2, "Kode Kab/Kota") in error_cells(report)
    coop_kalsel.refresh_from_db()
    assert (coop_kalsel.kabupaten_id, coop_kalsel.name) == (
        "63.72",
        "Kopontren Uji Banua",
    )


def test_staff_of_banjarbaru_imports_in_banjarbaru(staf_banjarbaru):
    factories.pesantren(name="Pesantren Banua", kabupaten="63.72", nspp="610672000001")
    row = coop_row(name="Kopontren Banua", nik="6372000000001", nspp="610672000001")
    row[6] = "63.72"

    apply("koperasi", staf_banjarbaru, csv_bytes(COOP_HEADERS, [row]))

    assert Cooperative.objects.get().kabupaten_id == "63.72"


def test_legal_status_is_not_importable(staf, pesantren_jember):
    headers = [*COOP_HEADERS, "Status Badan Hukum", "Tanggal Pengesahan"]
    row = [*coop_row(), "Berbadan hukum", "01/02/2024"]

    apply("koperasi", staf, csv_bytes(headers, [row]))

    coop = Cooperative.objects.get()
    assert (coop.legal_status, coop.ahu_date) == ("belum", None)


def test_a_file_without_its_key_column_is_refused_whole(staf):
    with pytest.raises(imports.ImportFileError) as info:
        imports.registry_import_preview(
            kind="koperasi",
            user=staf,
            content=csv_bytes(["Nama Koperasi", "Telepon"], [["X", "0812"]]),
            filename="data.csv",
        )
    assert "NIK" in info.value.message


def test_semicolon_csv_from_indonesian_excel_is_read(staf, pesantren_jember):
    content = csv_bytes(COOP_HEADERS, [coop_row()], delimiter=";")

    apply("koperasi", staf, content)

    assert Cooperative.objects.filter(nik_koperasi="3509000000001").exists()


def test_officers_import_keyed_on_nik_name_and_jabatan(staf, coop_a):
    coop_a.nik_koperasi = "3509000000010"
    coop_a.save()
    headers = [
        "NIK",
        "Nama",
        "Jabatan",
        "Jenis Kelamin",
        "Nomor HP",
        "Awal Masa Jabatan",
    ]
    rows = [
        [
            "3509000000010",
            "Ahmad Uji",
            "Ketua",
            "Laki-laki",
            "081200001111",
            "01/01/2024",
        ],
        ["3509000000010", "Siti Uji", "bendahara", "P", "", "2024-01-01"],
    ]
    apply("pengurus", staf, csv_bytes(headers, rows))
    rows[0][4] = "081200002222"

    report = apply("pengurus", staf, csv_bytes(headers, rows))

    assert report.counts == {"baru": 0, "ubah": 1, "tetap": 1, "salah": 0}
    ahmad = Officer.objects.get(name="Ahmad Uji")
    assert (ahmad.position, ahmad.gender, ahmad.phone) == ("ketua", "L", "081200002222")
    assert ahmad.term_start == datetime.date(2024, 1, 1)
    assert Officer.objects.get(name="Siti Uji").gender == "P"


def test_officer_of_an_unknown_nik_names_the_nik_column(staf):
    headers = ["NIK", "Nama", "Jabatan", "Jenis Kelamin"]

    report = refused(
        "pengurus", staf, csv_bytes(headers, [["3509999999999", "X", "Ketua", "L"]])
    )

    assert error_cells(report) == {(2, "NIK")}
    assert "belum terdaftar" in report.errors[0].message


def test_officers_of_a_cooperative_outside_scope_are_refused(staf, coop_kalsel):
    coop_kalsel.nik_koperasi = "6372000000003"
    coop_kalsel.save()
    headers = ["NIK", "Nama", "Jabatan", "Jenis Kelamin"]

    report = refused(
        "pengurus", staf, csv_bytes(headers, [["6372000000003", "X", "Ketua", "L"]])
    )

    assert error_cells(report) == {(2, "NIK")}
    assert not Officer.objects.exists()


def test_yearly_figures_import_reads_indonesian_rupiah_and_dates(staf, coop_a):
    coop_a.nik_koperasi = "3509000000011"
    coop_a.save()
    headers = [
        "NIK",
        "Tahun Buku",
        "Tanggal RAT",
        "Anggota Pria",
        "Anggota Wanita",
        "Manajer",
        "Karyawan",
        "Modal Sendiri",
        "Modal Luar",
        "Asset",
        "Volume Usaha",
        "SHU",
    ]
    row = [
        "3509000000011",
        "2024",
        "15/03/2025",
        "1.250",
        "30",
        "1",
        "4",
        "Rp 1.250.000,50",
        "2500000",
        "150.000.000",
        "75,000,000.25",
        "-1.500.000",
    ]

    apply("rat", staf, csv_bytes(headers, [row]))

    figures = YearlyFigures.objects.get(cooperative=coop_a, book_year=2024)
    assert figures.rat_date == datetime.date(2025, 3, 15)
    assert (figures.members_male, figures.members_female) == (1250, 30)
    assert figures.modal_sendiri == Decimal("1250000.50")
    assert figures.modal_luar == Decimal("2500000.00")
    assert figures.aset == Decimal("150000000.00")
    assert figures.volume_usaha == Decimal("75000000.25")
    assert figures.shu == Decimal("-1500000.00")


def test_the_same_book_year_twice_is_refused(staf, coop_a):
    coop_a.nik_koperasi = "3509000000012"
    coop_a.save()
    headers = ["NIK", "Tahun Buku", "Asset"]
    rows = [["3509000000012", "2024", "1000"], ["3509000000012", "2024", "2000"]]

    report = refused("rat", staf, csv_bytes(headers, rows))

    assert error_cells(report) == {(3, "NIK")}
    assert not YearlyFigures.objects.exists()


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.250.000,50", "1250000.50"),
        ("1,250,000.50", "1250000.50"),
        ("1250000.50", "1250000.50"),
        ("1250000", "1250000.00"),
        ("1.250", "1250.00"),
        ("1,5", "1.50"),
        ("(2.000)", "-2000.00"),
        (1250000.5, "1250000.50"),
    ],
)
def test_rupiah_formats(text, amount):
    assert parse_rupiah(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["satu juta", "1,234", "1.5.0,0,0", "12,345"])
def test_rupiah_nonsense_is_refused_or_read_as_thousands(text):
    if text in ("1,234", "12,345"):
        assert parse_rupiah(text) == Decimal(text.replace(",", ""))
    else:
        with pytest.raises(ValueError):
            parse_rupiah(text)


@pytest.mark.parametrize(
    "value",
    ["15/03/2025", "2025-03-15", "15-03-2025", datetime.datetime(2025, 3, 15), 45731],
)
def test_date_formats(value):
    assert DateWidget().clean(value) == datetime.date(2025, 3, 15)


# --- Export ------------------------------------------------------------------------


def read_csv_export(content):
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx_export(content):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [[c for c in row] for row in sheet.iter_rows()]


def test_export_escapes_cells_a_spreadsheet_would_run(admin, coop_a):
    coop_a.name = '=HYPERLINK("http://jahat.test","klik")'
    coop_a.address = "+62 jalan"
    coop_a.save()
    queryset = Cooperative.objects.filter(pk=coop_a.pk)

    csv_content, content_type, filename = exports.cooperative_export(
        queryset=queryset, user=admin, file_format="csv"
    )
    xlsx_content, _type, _name = exports.cooperative_export(
        queryset=queryset, user=admin, file_format="xlsx"
    )

    assert content_type.startswith("text/csv") and filename.endswith(".csv")
    csv_rows = read_csv_export(csv_content)
    assert csv_rows[1][0] == '\'=HYPERLINK("http://jahat.test","klik")'
    assert "'+62 jalan" in csv_rows[1]
    name_cell = read_xlsx_export(xlsx_content)[1][0]
    assert name_cell.value == '\'=HYPERLINK("http://jahat.test","klik")'
    assert name_cell.data_type == "s"


def test_negative_amounts_stay_numbers_not_escaped(admin, coop_a):
    factories.yearly_figures(
        cooperative_obj=coop_a, book_year=2024, shu=Decimal("-1500000.00")
    )
    queryset = YearlyFigures.objects.all()

    rows = read_csv_export(
        exports.yearly_figures_export(queryset=queryset, user=admin, file_format="csv")[
            0
        ]
    )
    xlsx = read_xlsx_export(
        exports.yearly_figures_export(
            queryset=queryset, user=admin, file_format="xlsx"
        )[0]
    )

    shu = rows[0].index("SHU")
    assert rows[1][shu] == "-1500000.00"
    assert xlsx[1][shu].value == -1500000


def test_phones_are_masked_for_provinsi_and_shown_to_staff(
    staf, provinsi_jatim, coop_a
):
    factories.officer(cooperative_obj=coop_a, name="Ahmad", phone="081298765432")
    coops, officers = Cooperative.objects.all(), Officer.objects.all()

    def phones(user):
        coop_rows = read_csv_export(
            exports.cooperative_export(queryset=coops, user=user, file_format="csv")[0]
        )
        officer_rows = read_csv_export(
            exports.officer_export(queryset=officers, user=user, file_format="csv")[0]
        )
        return (
            coop_rows[1][coop_rows[0].index("Telepon")],
            officer_rows[1][officer_rows[0].index("Nomor HP")],
        )

    assert phones(staf) == ("081234567890", "081298765432")
    assert phones(provinsi_jatim) == ("0812****7890", "0812****5432")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(staf, coop_a, file_format):
    pesantren = coop_a.pesantren
    pesantren.nspp = "510335090010"
    pesantren.latitude = Decimal("-8.172300")
    pesantren.save()
    coop_a.nik_koperasi = "3509000000020"
    coop_a.email = "kopontren@contoh.test"
    coop_a.address = "-"
    coop_a.save()
    second = factories.cooperative(name="Kopontren Kedua", pesantren_obj=pesantren)
    factories.officer(
        cooperative_obj=coop_a, phone="+6281234", term_start=datetime.date(2024, 1, 1)
    )
    factories.officer(cooperative_obj=second, position="sekretaris", gender="P")
    factories.yearly_figures(
        cooperative_obj=coop_a, book_year=2024, modal_luar=Decimal("1234567.89")
    )
    factories.yearly_figures(cooperative_obj=second, book_year=2023)
    models = {
        "pesantren": Pesantren,
        "koperasi": Cooperative,
        "pengurus": Officer,
        "rat": YearlyFigures,
    }

    for kind, model in models.items():
        before = model.objects.count()
        content, _type, filename = exports.export_bytes(
            kind=kind, queryset=model.objects.all(), user=staf, file_format=file_format
        )
        report = apply(kind, staf, content, filename)

        assert report.counts["tetap"] == before, (kind, report.rows, report.errors)
        assert report.counts["baru"] == report.counts["ubah"] == 0
        assert model.objects.count() == before


def test_xlsx_import_reads_typed_cells(staf, pesantren_jember):
    row = coop_row()
    row[1] = 3509000000030  # a NIK typed as a number
    row[7] = 81234567890  # Excel dropped the leading zero
    content = xlsx_bytes(COOP_HEADERS, [row])

    apply("koperasi", staf, content, "data.xlsx")

    coop = Cooperative.objects.get()
    assert (coop.nik_koperasi, coop.phone) == ("3509000000030", "081234567890")


def test_a_masked_phone_left_as_exported_keeps_the_number(staf, provinsi_jatim, coop_a):
    coop_a.nik_koperasi = "3509000000040"
    coop_a.save()
    content = exports.cooperative_export(
        queryset=Cooperative.objects.all(), user=provinsi_jatim, file_format="csv"
    )[0]

    report = apply("koperasi", staf, content)

    assert report.counts["tetap"] == 1
    coop_a.refresh_from_db()
    assert coop_a.phone == "081234567890"


def preview(kind, user, content, filename="data.csv"):
    return imports.registry_import_preview(
        kind=kind, user=user, content=content, filename=filename
    )


def test_a_new_cooperative_close_to_a_known_name_gets_a_warning(staf, coop_a):
    coop_a.name = "Kopontren Nurul Huda Kencong"
    coop_a.save()
    factories.pesantren(name="Pesantren Baru", nspp="510335090003")
    headers = [*COOP_HEADERS, "Kode Kecamatan"]
    row = [
        *coop_row(name="Kopontren Nurul Hudaa Kencong", nspp="510335090003"),
        "35.09.01",
    ]

    report = preview("koperasi", staf, csv_bytes(headers, [row]))

    assert report.ok
    assert [c["name"] for c in report.rows[0].close] == ["Kopontren Nurul Huda Kencong"]


def test_a_nik_koperasi_that_is_not_13_digits_is_a_warning_not_an_error(
    staf, pesantren_jember
):
    report = preview(
        "koperasi", staf, csv_bytes(COOP_HEADERS, [coop_row(nik="35090001")])
    )

    assert report.ok
    assert report.rows[0].warnings == ["NIK Koperasi biasanya 13 digit angka."]


def test_a_kecamatan_of_another_kabupaten_is_refused(staf, pesantren_jember):
    factories.kecamatan(code="63.72.01", name="Landasan Ulin", parent="63.72")
    headers = [*COOP_HEADERS, "Kode Kecamatan"]

    report = refused("koperasi", staf, csv_bytes(headers, [[*coop_row(), "63.72.01"]]))

    assert error_cells(report) == {(2, "Kode Kecamatan")}


def test_unknown_columns_are_ignored_and_reported(staf, pesantren_jember):
    report = preview(
        "koperasi",
        staf,
        csv_bytes([*COOP_HEADERS, "Catatan Operator"], [[*coop_row(), "cek"]]),
    )

    assert report.ok
    assert report.ignored_columns == ["Catatan Operator"]


def test_too_many_rows_are_refused_before_reading_them(staf, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    rows = [coop_row(nik=f"350900000010{i}") for i in range(4)]

    with pytest.raises(imports.ImportFileError) as info:
        preview("koperasi", staf, csv_bytes(COOP_HEADERS, rows))
    assert "Paling banyak 3 baris" in info.value.message


def test_an_xlsx_that_unpacks_too_large_is_refused(staf, settings):
    settings.SHEET_MAX_UNPACKED_BYTES = 1000
    content = xlsx_bytes(COOP_HEADERS, [coop_row()])

    with pytest.raises(imports.ImportFileError) as info:
        preview("koperasi", staf, content, "data.xlsx")
    assert "batas ukuran isi" in info.value.message


def test_a_new_row_without_its_kabupaten_names_the_column(staf):
    headers = ["Nama Pesantren", "NSPP", "Kode Kab/Kota"]

    report = refused(
        "pesantren", staf, csv_bytes(headers, [["Pesantren Baru", "510335090060", ""]])
    )

    assert error_cells(report) == {(2, "Kode Kab/Kota")}
    assert report.errors[0].message == "Kolom Kode Kab/Kota wajib diisi."
    assert not Pesantren.objects.exists()


def test_a_partial_file_changes_only_its_columns(staf, coop_a):
    coop_a.nik_koperasi = "3509000000050"
    coop_a.email = "tetap@contoh.test"
    coop_a.save()

    report = apply(
        "koperasi",
        staf,
        csv_bytes(
            ["Nama Koperasi", "NIK", "Telepon"],
            [["Kopontren Uji Alif", "3509000000050", "0899"]],
        ),
    )

    assert report.rows[0].changes == [("Telepon", "081234567890", "0899")]
    coop_a.refresh_from_db()
    assert (coop_a.phone, coop_a.email, coop_a.kabupaten_id) == (
        "0899",
        "tetap@contoh.test",
        "35.09",
    )


def test_required_columns_left_empty_are_named(staf, coop_a):
    coop_a.nik_koperasi = "3509000000060"
    coop_a.save()
    coop_report = refused(
        "koperasi",
        staf,
        csv_bytes(COOP_HEADERS, [coop_row(nik="3509000000061", nspp="")]),
    )
    officer_report = refused(
        "pengurus",
        staf,
        csv_bytes(
            ["NIK", "Nama", "Jabatan", "Jenis Kelamin"],
            [["3509000000060", "", "Ketua", ""]],
        ),
    )

    assert [(e.column, e.message) for e in coop_report.errors] == [
        ("NSPP", "Isi NSPP pesantren (atau Nama Pesantren yang sudah terdaftar).")
    ]
    assert {(e.column, e.message) for e in officer_report.errors} == {
        ("Nama", "Kolom Nama wajib diisi."),
        ("Jenis Kelamin", "Kolom Jenis Kelamin wajib diisi."),
    }


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Primer Kab/Kota", "primer_kab"),
        ("PRIMER KABUPATEN/KOTA", "primer_kab"),
        ("Sekunder Provinsi", "sekunder_prov"),
        ("sekunder_nas", "sekunder_nas"),
    ],
)
def test_bentuk_as_ods_writes_it(text, code):
    assert CooperativeResource().fields["bentuk"].widget.clean(text) == code
