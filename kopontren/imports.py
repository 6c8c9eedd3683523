"""Import services: read a CSV or XLSX file, preview what it would change, apply it
all-or-nothing, and keep the uploaded file between the preview and the confirmation."""

import datetime
import logging
import re
import secrets
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopontren.resources import RESOURCES
from kopontren.widgets import cell_text
from portal import sheets

logger = logging.getLogger(__name__)

KINDS = {
    "pesantren": gettext_lazy("Pesantren"),
    "koperasi": gettext_lazy("Koperasi"),
    "pengurus": gettext_lazy("Pengurus koperasi"),
    "rat": gettext_lazy("Data RAT tahunan"),
}
REQUIRED_COLUMNS = {
    "pesantren": ("Nama Pesantren", "NSPP"),
    "koperasi": ("Nama Koperasi", "NIK"),
    "pengurus": ("NIK", "Nama", "Jabatan"),
    "rat": ("NIK", "Tahun Buku"),
}
# Other spellings seen in Dinas spreadsheets, mapped to the portal's headers.
ALIASES = {
    "nik koperasi": "NIK",
    "nomor induk koperasi": "NIK",
    "nsp": "NSPP",
    "nspp pesantren": "NSPP",
    "aset": "Asset",
    "kode kabupaten/kota": "Kode Kab/Kota",
    "kode kabupaten": "Kode Kab/Kota",
    "kabupaten": "Kabupaten/Kota",
    "no hp": "Nomor HP",
    "no. hp": "Nomor HP",
    "nomor telepon": "Telepon",
    "e-mail": "Email",
    "jumlah anggota pria": "Anggota Pria",
    "jumlah anggota wanita": "Anggota Wanita",
    "anggota laki-laki": "Anggota Pria",
    "anggota perempuan": "Anggota Wanita",
}
EXTENSIONS = ("csv", "xlsx")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
PENDING_DIR = "imports"
PENDING_MAX_AGE = datetime.timedelta(days=1)
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")
# One import at a time: rows without NIK/NSPP have no unique constraint to lean on.
IMPORT_LOCK_KEY = 0x4B4F5049


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, size, headers)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ImportRefused(Exception):
    """The import found errors and wrote nothing."""

    def __init__(self, report):
        super().__init__(str(report.errors[:1]))
        self.report = report


@dataclass
class RowError:
    row: int | None
    column: str
    message: str


@dataclass
class RowReport:
    row: int
    status: str
    label: str
    changes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    # Registry records (or rows of this file) with a very close name nearby.
    close: list = field(default_factory=list)

    STATUS_LABELS = {
        "baru": gettext_lazy("Baru"),
        "ubah": gettext_lazy("Diperbarui"),
        "tetap": gettext_lazy("Tidak berubah"),
        "salah": gettext_lazy("Salah"),
    }

    BADGES = {"baru": "bh", "ubah": "proses", "tetap": "belum", "salah": "ditolak"}

    @property
    def status_label(self):
        return self.STATUS_LABELS[self.status]

    @property
    def badge(self):
        return self.BADGES[self.status]


@dataclass
class ImportReport:
    kind: str
    file_name: str
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def kind_label(self):
        return KINDS[self.kind]

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self):
        return {s: self.count(s) for s in ("baru", "ubah", "tetap", "salah")}


# --- Reading the file ---------------------------------------------------------------


def file_extension(filename):
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def _canonical_headers(raw_headers, kind):
    known = {}
    for field_ in RESOURCES[kind]().fields.values():
        known[field_.column_name.casefold()] = field_.column_name
    headers, ignored = [], []
    for raw in raw_headers:
        text = " ".join(cell_text(raw).split())
        name = known.get(text.casefold()) or ALIASES.get(text.casefold())
        if name is None or name not in known.values():
            if text:
                ignored.append(text)
            name = f"__abaikan_{len(headers)}"
        if name in headers:
            raise ImportFileError(
                _("Kolom “%(column)s” muncul dua kali.") % {"column": name}
            )
        headers.append(name)
    missing = [c for c in REQUIRED_COLUMNS[kind] if c not in headers]
    if missing:
        raise ImportFileError(
            _("Kolom wajib tidak ada: %(columns)s. Baris pertama harus judul kolom.")
            % {"columns": ", ".join(missing)}
        )
    return headers, ignored


def read_table(*, content, filename, kind):
    """(dataset, sheet row numbers, ignored columns) from a CSV or XLSX upload, read
    by the portal's guarded reader (portal.sheets)."""
    if file_extension(filename) not in EXTENSIONS:
        raise ImportFileError(_("Unggah berkas .csv atau .xlsx."))
    try:
        rows = sheets.iter_rows(content, filename, max_rows=MAX_ROWS)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(_("Berkas kosong."))
        headers, ignored = _canonical_headers(header[1], kind)
        dataset = tablib.Dataset(headers=headers)
        sheet_rows = []
        for number, values in rows:
            values = list(values[: len(headers)])
            values += [None] * (len(headers) - len(values))
            if all(cell_text(v) == "" for v in values):
                continue
            dataset.append(values)
            sheet_rows.append(number)
    except ValidationError as exc:
        raise ImportFileError(" ".join(exc.messages)) from exc
    if not sheet_rows:
        raise ImportFileError(_("Berkas tidak berisi baris data di bawah judul kolom."))
    return dataset, sheet_rows, ignored


# --- Preview and apply --------------------------------------------------------------


def _friendly(exc):
    if isinstance(exc, IntegrityError):
        return _(
            "Bentrok dengan data yang baru disimpan orang lain (mungkin bersamaan). "
            "Muat ulang dan coba lagi."
        )
    return _("Kesalahan tak terduga; tidak ada yang disimpan. Hubungi admin.")


def _row_label(row_values):
    for column in ("Nama Koperasi", "Nama Pesantren", "Nama", "NIK", "NSPP"):
        text = cell_text((row_values or {}).get(column))
        if text:
            return text
    return ""


def _report(kind, file_name, resource, result, ignored):
    report = ImportReport(kind=kind, file_name=file_name, ignored_columns=ignored)
    statuses = {"new": "baru", "update": "ubah", "skip": "tetap"}
    for index, row_result in enumerate(result.rows, start=1):
        instance = row_result.instance
        label = str(instance) if instance is not None and row_result.is_valid() else ""
        report.rows.append(
            RowReport(
                row=resource.sheet_row(index),
                status=statuses.get(row_result.import_type, "salah"),
                label=label or _row_label(row_result.row_values),
                changes=getattr(row_result, "changes", []),
                warnings=getattr(row_result, "warnings", []),
                close=getattr(row_result, "close", []),
            )
        )
    for invalid in result.invalid_rows:
        row = resource.sheet_row(invalid.number)
        for key, messages in invalid.error_dict.items():
            column = resource.column_for(key)
            for message in messages:
                report.errors.append(RowError(row, column, message))
    for error_row in result.error_rows:
        for error in error_row.errors:
            logger.warning("Import row failed", exc_info=error.error)
            report.errors.append(
                RowError(
                    resource.sheet_row(error_row.number), "", _friendly(error.error)
                )
            )
    for error in result.base_errors:
        logger.warning("Import failed", exc_info=error.error)
        report.errors.append(RowError(None, "", _friendly(error.error)))
    report.errors.sort(key=lambda e: e.row or 0)
    return report


def _run(*, kind, user, content, filename, dry_run):
    dataset, sheet_rows, ignored = read_table(
        content=content, filename=filename, kind=kind
    )
    resource = RESOURCES[kind](user=user)
    resource.sheet_rows = sheet_rows
    result = resource.import_data(
        dataset, dry_run=dry_run, user=user, file_name=filename
    )
    return _report(kind, filename, resource, result, ignored)


def registry_import_preview(*, kind, user, content, filename):
    """What the file would change, row by row; nothing is written."""
    return _run(kind=kind, user=user, content=content, filename=filename, dry_run=True)


@transaction.atomic
def registry_import_apply(*, kind, user, content, filename):
    """Validate the file again and write it, all rows or none (ImportRefused)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
    report = _run(
        kind=kind, user=user, content=content, filename=filename, dry_run=False
    )
    if not report.ok:
        raise ImportRefused(report)
    return report


# --- The uploaded file between preview and confirmation ----------------------------


def _pending_name(token, extension):
    if not TOKEN_PATTERN.match(token or "") or extension not in EXTENSIONS:
        raise FileNotFoundError(token)
    return f"{PENDING_DIR}/{token}.{extension}"


def pending_save(*, content, extension):
    """Keep an upload under MEDIA_ROOT/imports/<random>.<ext>; returns its token."""
    _pending_cleanup()
    token = secrets.token_hex(16)
    default_storage.save(_pending_name(token, extension), ContentFile(content))
    return token


def pending_read(*, token, extension):
    with default_storage.open(_pending_name(token, extension), "rb") as handle:
        return handle.read()


def pending_discard(*, token, extension):
    try:
        default_storage.delete(_pending_name(token, extension))
    except FileNotFoundError:
        pass


def _pending_cleanup():
    """Forget uploads nobody confirmed within a day."""
    try:
        _dirs, files = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - PENDING_MAX_AGE
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except FileNotFoundError:
            continue
