"""The one reader of uploaded spreadsheets (CSV and XLSX) for every import: limits
checked before anything is parsed, rows streamed one at a time, XML without DTDs,
CSV encodings and separators sniffed, identifier columns kept as text.

portal/spreadsheets.py is the writing side."""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import iterparse

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser, _cast_number
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS, SHEET_MAIN_NS

MB = 1024 * 1024
FORMATS = ("csv", "xlsx")
# Header words that mark an identifier column: kept as text, never as a number.
ID_WORDS = frozenset(
    "nik nib nspp nsp npwp nip ahu hp telepon telp wa whatsapp rekening kode".split()
)
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
CHUNK = 1 << 20
# A part in another encoding than UTF-8 could hide a DTD from the byte scan.
WIDE_XML_STARTS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"<\x00", b"\x00<")
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
PLAIN_ENCODINGS = (b"utf-8", b"utf8", b"us-ascii", b"ascii")
ROW_SLACK = 1000
# Start tags counted in the bytes before parsing, with or without a namespace
# prefix. In XML text a "<" is always escaped, so no tag is missed; a few other
# names that start alike (<col>, <rowBreaks>) are counted too, which only errs
# on the strict side.
TAG_NEEDLES = {tag: (b"<" + tag, b":" + tag) for tag in (b"row", b"c", b"si")}
CELL_TAG = f"{{{SHEET_MAIN_NS}}}c"
ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"
DIMENSION_TAG = f"{{{SHEET_MAIN_NS}}}dimension"
VALUE_TAG = f"{{{SHEET_MAIN_NS}}}v"
SI_TAG = f"{{{SHEET_MAIN_NS}}}si"
T_TAG = f"{{{SHEET_MAIN_NS}}}t"
R_TAG = f"{{{SHEET_MAIN_NS}}}r"
IS_TAG = f"{{{SHEET_MAIN_NS}}}is"
_COLUMNS = {}


@dataclass(frozen=True)
class Limits:
    """How much of a file the reader accepts; each one a setting SHEET_<NAME>."""

    max_bytes: int = 5 * MB
    max_unpacked_bytes: int = 64 * MB
    max_ratio: int = 200
    max_members: int = 200
    max_part_bytes: int = 8 * MB
    max_sheets: int = 32
    max_rows: int = 5000
    max_columns: int = 256
    max_cells: int = 400_000
    max_shared_strings: int = 200_000
    max_shared_strings_bytes: int = 16 * MB
    max_line_bytes: int = 64 * 1024

    @classmethod
    def from_settings(cls, **overrides):
        values = {
            f.name: getattr(settings, f"SHEET_{f.name.upper()}", f.default)
            for f in fields(cls)
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


class SheetRefused(ValidationError):
    """The file is refused as a whole; the message names the limit or the fault."""

    def __init__(self, message, code):
        super().__init__(message, code=code)
        self.limit = code


def _mb(size):
    if size >= MB:
        return f"{size / MB:g} MB"
    return f"{size / 1024:g} KB" if size >= 1024 else f"{size} B"


def format_of(filename):
    """'csv' or 'xlsx' from the file name, or a refusal."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise SheetRefused(_("Unggah berkas .csv atau .xlsx."), "format")
    return extension


def check_upload(upload, *, limits=None):
    """Refuse an uploaded file over the size limit before it is read into memory."""
    limits = limits or Limits.from_settings()
    if upload.size > limits.max_bytes:
        raise _too_big(limits)


def _too_big(limits):
    return SheetRefused(
        _("Berkas lebih dari %(limit)s (batas ukuran berkas).")
        % {"limit": _mb(limits.max_bytes)},
        "max_bytes",
    )


def is_id_header(header):
    """True for a column of identifiers (NIK, NIB, NSPP, phone, AHU...)."""
    words = re.split(r"[^0-9a-z]+", str(header or "").casefold())
    return any(word in ID_WORDS for word in words)


def iter_rows(content, filename, *, max_rows=None, limits=None):
    """Yield (sheet row number, values) for every non-empty row, the header first.

    Refuses (SheetRefused, a ValidationError) before parsing when the file breaks a
    limit, and while streaming at the first row past one. Values are str, int,
    float, bool or datetime for XLSX and str for CSV; identifier columns (by their
    header) are always str."""
    limits = limits or Limits.from_settings(max_rows=max_rows)
    file_format = format_of(filename)
    if len(content) > limits.max_bytes:
        raise _too_big(limits)
    rows = (
        _xlsx_rows(content, limits)
        if file_format == "xlsx"
        else _csv_rows(content, limits)
    )
    data_rows = 0
    for number, values in rows:
        if values:
            data_rows += 1
            if data_rows > limits.max_rows + 1:
                raise _too_many_rows(limits)
            yield number, values


def _too_many_rows(limits):
    return SheetRefused(
        _("Paling banyak %(limit)d baris data per berkas (batas jumlah baris).")
        % {"limit": limits.max_rows},
        "max_rows",
    )


def _too_many_columns(limits):
    return SheetRefused(
        _("Paling banyak %(limit)d kolom (batas jumlah kolom).")
        % {"limit": limits.max_columns},
        "max_columns",
    )


def read_dataset(content, filename, *, max_rows=None, limits=None):
    """A tablib Dataset (first row the headers) through the same guarded reader."""
    rows = iter_rows(content, filename, max_rows=max_rows, limits=limits)
    header = next(rows, None)
    if header is None:
        raise SheetRefused(_("Berkas kosong."), "empty")
    headers = [str(value if value is not None else "").strip() for value in header[1]]
    dataset = tablib.Dataset(headers=headers)
    width = len(headers)
    for _number, values in rows:
        values = list(values[:width])
        dataset.append(values + [None] * (width - len(values)))
    return dataset


# --- CSV ----------------------------------------------------------------------------


def _csv_encoding(content):
    if content.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if content.startswith(codecs.BOM_UTF16_LE):
        return "utf-16"
    if content.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    head = content[:4096]
    if head.count(b"\x00") > len(head) // 4:
        # UTF-16 without a BOM: the zero bytes sit on one side of each letter.
        return "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(content, final=True)
    except UnicodeDecodeError:
        # Older Excel saves CSV in the Windows code page.
        return "cp1252"
    return "utf-8"


def _csv_delimiter(first_line):
    # Excel in Indonesian saves CSV with semicolons (the comma is the decimal mark).
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_lines(stream, limits):
    for line in stream:
        if len(line) > limits.max_line_bytes:
            raise SheetRefused(
                _("Satu baris CSV lebih dari %(limit)d karakter (batas panjang baris).")
                % {"limit": limits.max_line_bytes},
                "max_line_bytes",
            )
        yield line


def _csv_rows(content, limits):
    encoding = _csv_encoding(content)
    stream = io.TextIOWrapper(
        io.BytesIO(content), encoding=encoding, errors="replace", newline=""
    )
    lines = _csv_lines(stream, limits)
    first = next(lines, "")
    delimiter = _csv_delimiter(first)

    def chained():
        yield first
        yield from lines

    reader = csv.reader(chained(), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            if len(values) > limits.max_columns:
                raise _too_many_columns(limits)
            values = [value.strip() for value in values]
            while values and values[-1] == "":
                values.pop()
            yield number, values
    except csv.Error as error:
        raise SheetRefused(
            _("Berkas CSV rusak: %(error)s") % {"error": error}, "corrupt"
        ) from error


# --- XLSX ---------------------------------------------------------------------------


def _unreadable():
    return SheetRefused(
        _("Berkas XLSX tidak dapat dibaca; simpan ulang dari Excel sebagai .xlsx."),
        "corrupt",
    )


def _check_archive(archive, limits):
    """Sizes from the zip's directory (zipfile never unpacks more than declared),
    then every part scanned; {part name: start tag counts}."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise SheetRefused(
            _("Berkas XLSX berisi lebih dari %(limit)d bagian (batas jumlah bagian).")
            % {"limit": limits.max_members},
            "max_members",
        )
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unpacked > limits.max_unpacked_bytes:
        raise SheetRefused(
            _("Isi berkas XLSX lebih dari %(limit)s setelah dibuka (batas ukuran isi).")
            % {"limit": _mb(limits.max_unpacked_bytes)},
            "max_unpacked_bytes",
        )
    biggest = max(members, key=lambda m: m.file_size, default=None)
    for ratio in (
        unpacked / max(packed, 1),
        biggest.file_size / max(biggest.compress_size, 1) if biggest else 0,
    ):
        if unpacked > MB and ratio > limits.max_ratio:
            raise SheetRefused(
                _(
                    "Isi berkas XLSX dimampatkan lebih dari %(limit)d kali "
                    "(batas rasio pemampatan)."
                )
                % {"limit": limits.max_ratio},
                "max_ratio",
            )
    counts = {}
    for member in members:
        if member.flag_bits & 0x1:
            raise _unreadable()
        counts[member.filename] = _scan_part(archive, member)
    return counts


def _scan_part(archive, member):
    """One pass over a part's bytes, before any XML parser sees it: refuse a DTD or
    entity declaration (the stdlib's C parser is then safe, and fast) and count the
    start tags of rows, cells and shared strings."""
    counts = dict.fromkeys(TAG_NEEDLES, 0)
    carry = b""
    with archive.open(member) as part:
        first = True
        while chunk := part.read(CHUNK):
            if first and _other_encoding(chunk):
                raise _dtd_refused()
            first = False
            data = carry + chunk
            if any(marker in data for marker in DTD_MARKERS):
                raise _dtd_refused()
            for tag, needles in TAG_NEEDLES.items():
                counts[tag] += sum(data.count(needle) for needle in needles)
            # Shorter than any needle: nothing is counted twice, nothing cut missed.
            carry = data[-3:]
    return counts


def _other_encoding(start):
    if start.startswith(WIDE_XML_STARTS):
        return True
    declared = XML_ENCODING.match(start[:512])
    return bool(declared) and declared.group(1).lower() not in PLAIN_ENCODINGS


def _dtd_refused():
    return SheetRefused(
        _(
            "Berkas XLSX memuat deklarasi DTD/entitas XML, yang tidak diterima "
            "(batas keamanan XML). Simpan ulang dari Excel."
        ),
        "dtd",
    )


class _GuardedExcelReader(ExcelReader):
    """openpyxl's reader for the workbook, styles and sheet list, with the shared
    strings read under a count limit and only the first worksheet opened."""

    def __init__(self, archive, limits, counts):
        self.archive = archive
        self.valid_files = archive.namelist()
        self.read_only = True
        self.keep_vba = False
        self.data_only = True
        self.keep_links = False
        self.rich_text = False
        self.shared_strings = []
        self.limits = limits
        self.counts = counts

    def read_strings(self):
        part = self.package.find(SHARED_STRINGS)
        if part is None:
            return
        name = part.PartName[1:]
        if self.archive.getinfo(name).file_size > self.limits.max_shared_strings_bytes:
            raise SheetRefused(
                _(
                    "Daftar teks bersama XLSX lebih dari %(limit)s "
                    "(batas ukuran teks bersama)."
                )
                % {"limit": _mb(self.limits.max_shared_strings_bytes)},
                "max_shared_strings_bytes",
            )
        if self.counts[name][b"si"] > self.limits.max_shared_strings:
            raise _too_many_strings(self.limits)
        with self.archive.open(name) as source:
            self.shared_strings = _shared_strings(source, self.limits)

    def _check_part(self, name):
        if self.archive.getinfo(name).file_size > self.limits.max_part_bytes:
            raise SheetRefused(
                _(
                    "Bagian %(part)s berkas XLSX lebih dari %(limit)s "
                    "(batas ukuran bagian)."
                )
                % {"part": name, "limit": _mb(self.limits.max_part_bytes)},
                "max_part_bytes",
            )

    def first_sheet(self):
        """The first worksheet's part name, after the workbook's parts are read."""
        self._check_part(ARC_CONTENT_TYPES)
        self.read_manifest()
        strings = self._strings_name()
        for name in self.valid_files:
            if name != strings and not name.startswith("xl/worksheets/"):
                self._check_part(name)
        self.read_workbook()
        if len(self.parser.sheets) > self.limits.max_sheets:
            raise SheetRefused(
                _("Berkas XLSX berisi lebih dari %(limit)d sheet (batas jumlah sheet).")
                % {"limit": self.limits.max_sheets},
                "max_sheets",
            )
        self.read_strings()
        apply_stylesheet(self.archive, self.wb)
        for _sheet, rel in self.parser.find_sheets():
            if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                return rel.target
        raise SheetRefused(_("Berkas XLSX tidak berisi sheet."), "empty")

    def _strings_name(self):
        part = self.package.find(SHARED_STRINGS)
        return part.PartName[1:] if part is not None else None


def _too_many_strings(limits):
    return SheetRefused(
        _(
            "Berkas XLSX berisi lebih dari %(limit)d teks bersama "
            "(batas jumlah teks bersama)."
        )
        % {"limit": limits.max_shared_strings},
        "max_shared_strings",
    )


def _check_sheet_counts(counts, limits):
    rows, cells = counts[b"row"], counts[b"c"]
    if rows > limits.max_rows + 1 + ROW_SLACK:
        raise _too_many_rows(limits)
    if cells > limits.max_cells:
        raise SheetRefused(
            _("Sheet berisi lebih dari %(limit)d sel (batas jumlah sel).")
            % {"limit": limits.max_cells},
            "max_cells",
        )


def _shared_strings(source, limits):
    strings = []
    for _event, node in iterparse(source):
        if node.tag == SI_TAG:
            if len(strings) >= limits.max_shared_strings:
                raise _too_many_strings(limits)
            strings.append(_text_of(node).replace("x005F_", ""))
            node.clear()
    return strings


def _id_text(raw):
    """A numeric cell of an identifier column as its digits, without float loss."""
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return raw
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return raw


def _check_dimension(element, limits):
    ref = element.get("ref", "")
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref.upper())
    except (ValueError, TypeError):
        return
    if max_row is not None and max_row > limits.max_rows + 1 + ROW_SLACK:
        raise SheetRefused(
            _(
                "Sheet menyatakan %(rows)d baris; paling banyak %(limit)d baris data "
                "(batas jumlah baris)."
            )
            % {"rows": max_row, "limit": limits.max_rows},
            "max_rows",
        )
    if max_col is not None and max_col > limits.max_columns:
        raise _too_many_columns(limits)


def _xlsx_rows(content, limits):
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _unreadable() from error
    with archive:
        try:
            counts = _check_archive(archive, limits)
            reader = _GuardedExcelReader(archive, limits, counts)
            sheet_path = reader.first_sheet()
            _check_sheet_counts(counts[sheet_path], limits)
        except SheetRefused:
            raise
        except Exception as error:  # noqa: BLE001 - any broken part: one message
            raise _unreadable() from error
        yield from _sheet_rows(archive, sheet_path, reader, limits)


class _SheetState:
    """What the streaming parse of one worksheet knows so far."""

    def __init__(self, reader, limits):
        wb = reader.wb
        # openpyxl's own cell parser, for the rare date cells.
        self.parser = WorkSheetParser(
            None,
            reader.shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        self.strings = reader.shared_strings
        self.date_styles = wb._date_formats
        self.limits = limits
        self.id_columns = set()
        self.header_seen = False
        self.row = 0
        self.column = 0
        self.cells = {}
        self.row_elements = 0


def _sheet_rows(archive, sheet_path, reader, limits):
    state = _SheetState(reader, limits)
    try:
        with archive.open(sheet_path) as source:
            for _event, element in iterparse(source):
                tag = element.tag
                if tag == CELL_TAG:
                    _cell(state, element)
                    element.clear()
                elif tag == ROW_TAG:
                    yield _end_row(state, element)
                    element.clear()
                elif tag == DIMENSION_TAG:
                    _check_dimension(element, limits)
    except SheetRefused:
        raise
    except Exception as error:  # noqa: BLE001 - a broken sheet: one message
        raise _unreadable() from error


def _end_row(state, element):
    state.row_elements += 1
    if state.row_elements > state.limits.max_rows + 1 + ROW_SLACK:
        raise _too_many_rows(state.limits)
    r = element.get("r")
    state.row = int(r) if r else state.row + 1
    values = _row_values(state.cells)
    if values and not state.header_seen:
        state.header_seen = True
        state.id_columns = {i + 1 for i, v in enumerate(values) if is_id_header(v)}
    state.cells, state.column = {}, 0
    return state.row, values


def _column_of(coordinate):
    letters = coordinate.rstrip("0123456789").upper()
    column = _COLUMNS.get(letters)
    if column is None:
        column = _COLUMNS[letters] = column_index_from_string(letters)
    return column


def _cell(state, element):
    """One <c> into state.cells {column: value}, refusing one past the limit."""
    coordinate = element.get("r")
    state.column = _column_of(coordinate) if coordinate else state.column + 1
    column = state.column
    if column > state.limits.max_columns or len(state.cells) >= (
        state.limits.max_columns
    ):
        raise _too_many_columns(state.limits)
    data_type = element.get("t", "n")
    if data_type == "inlineStr":
        value = _text_of(element.find(IS_TAG))
    else:
        raw = element.findtext(VALUE_TAG)
        if raw is None or raw == "":
            return
        if data_type == "n":
            style = int(element.get("s") or 0)
            if style in state.date_styles:
                value = state.parser.parse_cell(element)["value"]
            elif column in state.id_columns:
                value = _id_text(raw)
            else:
                value = _cast_number(raw)
        elif data_type == "s":
            value = state.strings[int(raw)]
        elif data_type == "b":
            value = raw.strip() in ("1", "true")
        elif data_type == "d":
            value = state.parser.parse_cell(element)["value"]
        else:  # "str" (a formula's text) and "e" (an error such as #N/A)
            value = raw
    if value is not None and value != "":
        state.cells[column] = value


def _text_of(node):
    """The text of a shared or inline string: its <t>, or its runs' <t>s (without
    the phonetic guide)."""
    if node is None:
        return None
    direct = node.find(T_TAG)
    if direct is not None:
        return direct.text or ""
    return "".join(t.text or "" for r in node.iter(R_TAG) for t in r.iter(T_TAG))


def _row_values(cells):
    if not cells:
        return []
    values = [None] * max(cells)
    for column, value in cells.items():
        values[column - 1] = value
    return values
