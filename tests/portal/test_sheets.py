"""The one guarded spreadsheet reader (portal.sheets): hostile files refused before
they are parsed, with a message naming the limit; awkward but honest files read."""

import codecs
import datetime
import io
import tracemalloc
import zipfile

import pytest
from django.utils import translation

from portal import sheets
from tests import hostile_files as hostile


@pytest.fixture(autouse=True)
def _indonesian():
    # Outside a request the messages are in the portal's language, whatever an
    # earlier test activated.
    with translation.override("id"):
        yield


def rows_of(content, filename, **kwargs):
    return list(sheets.iter_rows(content, filename, **kwargs))


def refusal(content, filename, **kwargs):
    with pytest.raises(sheets.SheetRefused) as info:
        rows_of(content, filename, **kwargs)
    return info.value


@pytest.mark.parametrize(
    "filename, build, words",
    [case[1:] for case in hostile.REFUSED],
    ids=[case[0] for case in hostile.REFUSED],
)
def test_every_hostile_file_is_refused_naming_the_limit(filename, build, words):
    content = build()

    error = refusal(content, filename)

    assert len(content) < 5 * 1024 * 1024
    assert words in error.messages[0]


def test_the_zip_bomb_really_unpacks_to_more_than_a_gigabyte():
    content = hostile.zip_bomb()

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo(hostile.SHEET)
        with archive.open(info) as member:
            start = member.read(1024 * 1024)

    assert len(content) < 2 * 1024 * 1024
    assert info.file_size > 1024**3
    assert start == b" " * len(start)
    assert refusal(content, "bom.xlsx").limit == "max_unpacked_bytes"


def test_the_shared_strings_flood_is_refused_by_its_count_not_its_size():
    content = hostile.shared_strings_flood()

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        unpacked = sum(m.file_size for m in archive.infolist())

    assert unpacked < sheets.Limits().max_unpacked_bytes
    assert refusal(content, "teks.xlsx").limit == "max_shared_strings"


def test_shared_strings_under_the_limit_are_read():
    assert rows_of(hostile.shared_strings_flood(10), "teks.xlsx") == [
        (1, ["t000000"]),
        (2, ["t000001"]),
    ]


@pytest.mark.parametrize(
    "build, filename",
    [(hostile.zip_bomb, "bom.xlsx"), (hostile.shared_strings_flood, "teks.xlsx")],
)
def test_refusing_the_biggest_files_keeps_memory_flat(build, filename):
    content = build()
    tracemalloc.start()
    try:
        refusal(content, filename)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 50 * 1024 * 1024


def test_a_sheet_of_five_thousand_rows_streams_in_little_memory():
    content = hostile.xlsx_bytes(
        [["Nama", "NIK", "Aset"]]
        + [[f"Koperasi {i}", f"35090000{i:05d}", i * 1000] for i in range(5000)]
    )
    tracemalloc.start()
    try:
        count = sum(1 for _row in sheets.iter_rows(content, "besar.xlsx"))
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == 5001
    assert peak < 20 * 1024 * 1024


def test_the_row_limit_counts_data_rows_below_the_header():
    content = hostile.csv_bytes([["Nama"], ["a"], ["b"], ["c"]])

    assert len(rows_of(content, "a.csv", max_rows=3)) == 4
    error = refusal(content, "a.csv", max_rows=2)
    assert error.messages == [
        "Paling banyak 2 baris data per berkas (batas jumlah baris)."
    ]


def test_limits_come_from_settings(settings):
    settings.SHEET_MAX_BYTES = 100
    settings.SHEET_MAX_COLUMNS = 2

    assert "batas ukuran berkas" in refusal(b"x" * 101, "a.csv").messages[0]
    wide = hostile.csv_bytes([["a", "b", "c"]])
    assert refusal(wide, "a.csv").limit == "max_columns"


def test_a_file_of_another_type_is_refused():
    assert refusal(b"%PDF-1.4", "data.pdf").messages == [
        "Unggah berkas .csv atau .xlsx."
    ]


def test_a_broken_xlsx_gets_one_clear_message():
    assert "tidak dapat dibaca" in refusal(b"bukan zip", "data.xlsx").messages[0]


def test_a_highly_compressed_part_is_refused_by_the_ratio():
    content = hostile._rewrite(
        hostile.xlsx_bytes([["Nama"]]), {"xl/padding.xml": b" " * (4 * 1024 * 1024)}
    )

    assert refusal(content, "rasio.xlsx").limit == "max_ratio"


def test_too_many_parts_and_too_many_sheets_are_refused(settings):
    parts = {f"xl/extra{i}.xml": b"<x/>" for i in range(250)}
    assert refusal(
        hostile._rewrite(hostile.xlsx_bytes([["a"]]), parts), "a.xlsx"
    ).limit == ("max_members")

    from openpyxl import Workbook

    workbook = Workbook()
    for index in range(40):
        workbook.create_sheet(f"S{index}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert refusal(buffer.getvalue(), "a.xlsx").limit == "max_sheets"


@pytest.mark.parametrize(
    "part, data",
    [
        (
            "[Content_Types].xml",
            b'<?xml version="1.0"?><!DOCTYPE Types SYSTEM "http://x.test/t.dtd">',
        ),
        ("docProps/core.xml", b'<?xml version="1.0" encoding="cp500"?><x/>'),
        ("docProps/app.xml", codecs.BOM_UTF16_LE + "<x/>".encode("utf-16-le")),
    ],
    ids=["external DTD", "EBCDIC declaration", "UTF-16 part"],
)
def test_a_dtd_anywhere_or_a_part_that_could_hide_one_is_refused(part, data):
    content = hostile._rewrite(hostile.xlsx_bytes([["Nama"], ["Siti"]]), {part: data})

    assert refusal(content, "a.xlsx").limit == "dtd"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]
)
def test_csv_encodings_are_sniffed(encoding):
    content = hostile.csv_bytes(
        [["Nama", "Asal Lembaga"], ["Siti Ma’rifah", "Pondok Al-Mu’min"]],
        encoding=encoding,
    )
    if encoding in ("utf-16-le", "utf-16-be"):
        bom = codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF16_BE
        content = bom + content

    assert rows_of(content, "a.csv") == [
        (1, ["Nama", "Asal Lembaga"]),
        (2, ["Siti Ma’rifah", "Pondok Al-Mu’min"]),
    ]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_a_windows_1252_csv_with_any_separator_is_read(delimiter):
    content = hostile.csv_bytes(
        [["Nama", "NIK"], ["Koperasi Ma’arif; Jember", "0012345678901"]],
        encoding="cp1252",
        delimiter=delimiter,
    )

    assert rows_of(content, "a.csv")[1] == (
        2,
        ["Koperasi Ma’arif; Jember", "0012345678901"],
    )


def test_id_columns_keep_leading_zeros_and_every_digit():
    sheet = hostile._sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>NIK KTP</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>NIB</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>No HP</t></is></c>'
        '<c r="D1" t="inlineStr"><is><t>Aset</t></is></c></row>'
        '<row r="2"><c r="A2"><v>35090123456789017</v></c>'
        '<c r="B2"><v>9.120001234567E+12</v></c>'
        '<c r="C2" t="inlineStr"><is><t>081234567890</t></is></c>'
        '<c r="D2"><v>1500000.5</v></c></row>',
        "A1:D2",
    )
    content = hostile._rewrite(hostile.xlsx_bytes([["x"]]), {hostile.SHEET: sheet})

    assert rows_of(content, "a.xlsx")[1] == (
        2,
        ["35090123456789017", "9120001234567", "081234567890", 1500000.5],
    )


def test_csv_ids_stay_text():
    content = hostile.csv_bytes([["NSPP", "Jumlah"], ["012335090001", "0012"]])

    assert rows_of(content, "a.csv")[1] == (2, ["012335090001", "0012"])


def test_empty_rows_are_skipped_and_row_numbers_kept():
    content = hostile.xlsx_bytes([["Nama"], ["a"], [None], ["b"]])

    assert rows_of(content, "a.xlsx") == [(1, ["Nama"]), (2, ["a"]), (4, ["b"])]


def test_read_dataset_pads_rows_to_the_header():
    content = hostile.csv_bytes([["Nama", "NIK", "Catatan"], ["a", "01"]])

    dataset = sheets.read_dataset(content, "a.csv")

    assert dataset.headers == ["Nama", "NIK", "Catatan"]
    assert list(dataset[0]) == ["a", "01", None]


def test_xlsx_cells_keep_their_types():
    day = datetime.datetime(2024, 1, 10)
    content = hostile.xlsx_bytes(
        [["Tanggal", "Aktif", "Aset", "Anggota"], [day, True, 1.5, 7]]
    )

    assert rows_of(content, "a.xlsx")[1] == (2, [day, True, 1.5, 7])


def test_rich_text_shared_strings_read_without_the_phonetic_guide():
    strings = (
        f'<sst xmlns="{hostile.MAIN_NS}"><si><r><t>Pondok </t></r><r><t>Ma’arif</t>'
        "</r><rPh><t>x</t></rPh></si></sst>"
    ).encode()
    content = hostile.shared_strings_flood(1)
    content = hostile._rewrite(content, {hostile.STRINGS: strings})
    sheet = hostile._sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    content = hostile._rewrite(content, {hostile.SHEET: sheet})

    assert rows_of(content, "a.xlsx") == [(1, ["Pondok Ma’arif"])]
