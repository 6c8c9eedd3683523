"""Hostile and awkward spreadsheets, built in the test: each under the 5 MB upload
limit, each one a way a small file used to hold a worker (issue 15). Shared by the
import tests and benchmarks/hostile_files.py."""

import csv
import functools
import io
import zipfile
import zlib

from openpyxl import Workbook

MB = 1024 * 1024
BOMB_CHUNKS = 1100  # x 1 MB of spaces: unpacks to 1.15 GB
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx_bytes(rows):
    """A genuine workbook (openpyxl) with the rows, the header first."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, encoding="utf-8", delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def _rewrite(content, replace, *, bomb=None):
    """The workbook with some parts replaced (name: bytes), and optionally one part
    written as a bomb of `bomb` megabytes of spaces."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == bomb:
                _write_bomb(target, info.filename)
            else:
                target.writestr(
                    info.filename, replace.get(info.filename, source.read(info))
                )
        for name, data in replace.items():
            if name not in source.namelist():
                target.writestr(name, data)
    return buffer.getvalue()


class _RepeatedBlock:
    """A deflate stream of identical 1 MB blocks, each compressed once: after a full
    flush a block does not refer back, so the same bytes can be repeated."""

    def __init__(self, chunk):
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)

    def compress(self, data):
        return self.block

    def flush(self):
        return zlib.compressobj(9, zlib.DEFLATED, -15).flush()


def _write_bomb(archive, name):
    chunk = b" " * MB
    with archive.open(name, "w") as member:
        # zipfile still computes the CRC and the size of every byte written.
        member._compressor = _RepeatedBlock(chunk)
        for _ in range(BOMB_CHUNKS):
            member.write(chunk)


def _sheet_xml(body, dimension="A1"):
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{MAIN_NS}"><dimension ref="{dimension}"/>'
        f"<sheetData>{body}</sheetData></worksheet>"
    ).encode()


@functools.cache
def zip_bomb(header=("Nama",)):
    """A ~1 MB XLSX whose sheet unpacks to 1.15 GB."""
    return _rewrite(xlsx_bytes([list(header)]), {}, bomb=SHEET)


def shared_strings_flood(count=250_000):
    """Shared strings of distinct short texts: megabytes, not a zip bomb."""
    items = "".join(f"<si><t>t{i:06d}</t></si>" for i in range(count))
    strings = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<sst xmlns="{MAIN_NS}" count="{count}" uniqueCount="{count}">{items}</sst>'
    ).encode()
    content = xlsx_bytes([["Nama"]])
    package = zipfile.ZipFile(io.BytesIO(content))
    types = package.read("[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = package.read(WORKBOOK_RELS).replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>",
    )
    sheet = _sheet_xml(
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c></row>',
        "A1:A2",
    )
    return _rewrite(
        content,
        {
            "[Content_Types].xml": types,
            WORKBOOK_RELS: rels,
            SHEET: sheet,
            STRINGS: strings,
        },
    )


def huge_dimension():
    """One row, but the sheet declares every row and column Excel has."""
    sheet = _sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', "A1:XFD1048576")
    return _rewrite(xlsx_bytes([["Nama"]]), {SHEET: sheet})


def huge_row(cells=16384):
    """One row of 16,384 cells (every column Excel has)."""
    body = "".join(f"<c><v>{i}</v></c>" for i in range(cells))
    return _rewrite(xlsx_bytes([["Nama"]]), {SHEET: _sheet_xml(f"<row>{body}</row>")})


def far_cell():
    """One cell in the last column: readers that pad rows pad it to 16,384."""
    sheet = _sheet_xml('<row r="1"><c r="XFD1"><v>1</v></c></row>')
    return _rewrite(xlsx_bytes([["Nama"]]), {SHEET: sheet})


def with_dtd(rows=(("Nama",), ("Siti",))):
    """A sheet with a DTD declaring an entity (the start of a billion laughs)."""
    content = xlsx_bytes([list(row) for row in rows])
    sheet = zipfile.ZipFile(io.BytesIO(content)).read(SHEET)
    declaration = b'<!DOCTYPE worksheet [<!ENTITY lol "lol">]>'
    if sheet.startswith(b"<?xml"):
        head, sep, tail = sheet.partition(b"?>")
        sheet = head + sep + declaration + tail
    else:
        sheet = declaration + sheet
    return _rewrite(content, {SHEET: sheet})


def wide_csv(columns=100_000):
    """A 600 KB CSV with 100,000 columns in its header."""
    return csv_bytes([[f"K{i}" for i in range(columns)], ["x"]])


def many_columns_csv(columns=1000):
    """Short lines, too many columns."""
    return csv_bytes([[f"K{i}" for i in range(columns)], ["x"] * columns])


# (name, file name, bytes builder, the words the refusal must contain)
REFUSED = [
    ("zip bomb 1,15 GB", "bom.xlsx", zip_bomb, "batas ukuran isi"),
    ("250.000 teks bersama", "teks.xlsx", shared_strings_flood, "teks bersama"),
    ("dimensi A1:XFD1048576", "dimensi.xlsx", huge_dimension, "batas jumlah baris"),
    ("baris 16.384 sel", "baris.xlsx", huge_row, "batas jumlah kolom"),
    ("sel di kolom XFD", "kolom.xlsx", far_cell, "batas jumlah kolom"),
    ("XLSX dengan DTD", "dtd.xlsx", with_dtd, "DTD"),
    ("CSV 100.000 kolom", "lebar.csv", wide_csv, "batas panjang baris"),
    ("CSV 1.000 kolom", "kolom.csv", many_columns_csv, "batas jumlah kolom"),
]
