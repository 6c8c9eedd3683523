"""Reading uploaded spreadsheets, running imports all-or-nothing, writing exports."""

import uuid

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.formats import base_formats
from tablib import Dataset

from opop.resources import RESOURCES
from portal import audit, sheets
from portal.access import Scope
from portal.spreadsheets import escape_cell

FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX}
MAX_IMPORT_ROWS = 5000
# The product's WhatsApp number is often a person's (the audit log names it).
PERSONAL_COLUMNS = {"produk": ("WhatsApp",), "izin": ()}
PROGRESS_HEADERS = {
    "kabupaten_code": gettext_lazy("Kode wilayah"),
    "kabupaten_name": gettext_lazy("Kabupaten/kota"),
    "members": gettext_lazy("Anggota OPOP"),
    "members_bh": gettext_lazy("Berbadan hukum"),
    "members_proses": gettext_lazy("Dalam proses"),
    "members_belum": gettext_lazy("Belum berbadan hukum"),
    "products": gettext_lazy("Produk"),
    "flagship_products": gettext_lazy("Produk unggulan"),
    "certified_products": gettext_lazy("Produk berizin berlaku"),
    "exchanges_given": gettext_lazy("Pertukaran (memberi)"),
    "exchanges_received": gettext_lazy("Pertukaran (menerima)"),
}


def file_format_of(name):
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FORMATS:
        raise ValidationError(_("Unggah berkas CSV atau XLSX."))
    return extension


def read_dataset(content, file_format):
    """A tablib Dataset from the uploaded bytes through the portal's guarded reader
    (portal.sheets), or a clear refusal (ValidationError)."""
    return sheets.read_dataset(
        content, f"impor.{file_format}", max_rows=MAX_IMPORT_ROWS
    )


def run_import(*, kind, dataset, user, dry_run):
    """Import every row or none: any error rolls the whole file back.

    Spreadsheets are an Indonesian file format (headers, Ya/Tidak, choice labels)
    whatever language the page is in, so the import reads them in Indonesian."""
    with translation.override(settings.LANGUAGE_CODE):
        resource = RESOURCES[kind](user=user)
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
    return resource, result


def import_errors(resource, result):
    """(row, column, message) for every problem; row numbers as the spreadsheet shows
    them (the header is row 1)."""
    problems = []
    for error in result.base_errors:
        problems.append(("", "", _message(error.error)))
    for number, errors in result.row_errors():
        for error in errors:
            problems.append((number + 1, "", _message(error.error)))
    for row in result.invalid_rows:
        for key, messages in row.error_dict.items():
            column = "" if key == NON_FIELD_ERRORS else resource.column_of(key) or key
            for message in messages:
                problems.append((row.number + 1, column, message))
    return sorted(problems, key=lambda problem: (problem[0] or 0, problem[1]))


def _message(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("Data tidak dapat disimpan: %s") % str(error)[:200]


def attachment(content, file_format, stem):
    format_class = FORMATS[file_format]()
    response = HttpResponse(content, content_type=format_class.get_content_type())
    filename = f"{stem}-{timezone.localdate():%Y%m%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_bytes(dataset, file_format):
    for index in range(len(dataset)):
        row = [escape_cell(cell) for cell in dataset[index]]
        dataset[index] = row
    content = FORMATS[file_format]().export_data(dataset)
    if file_format == "csv":
        # A BOM so that Excel reads the UTF-8 names right.
        content = "\ufeff" + content
    return content


def record_export(*, request, kind, dataset):
    """The audit entry of one export of products or permits (the admin's too)."""
    audit.record_export(
        request=request,
        row_count=len(dataset),
        personal_columns=[c for c in PERSONAL_COLUMNS[kind] if c in dataset.headers],
        masked=Scope.of(request.user).masks_product_contacts,
    )


def export_response(*, request, kind, queryset, file_format):
    """The rows the caller scoped, as a spreadsheet with formula-like cells escaped,
    always in Indonesian so that it imports back whatever the page language;
    recorded in the audit log."""
    with translation.override(settings.LANGUAGE_CODE):
        dataset = RESOURCES[kind](user=request.user).export(queryset=queryset)
        record_export(request=request, kind=kind, dataset=dataset)
        content = export_bytes(dataset, file_format)
    return attachment(content, file_format, f"opop-{kind}")


def progress_response(rows, *, request, file_format, year):
    dataset = Dataset(headers=[str(header) for header in PROGRESS_HEADERS.values()])
    for row in rows:
        dataset.append([row[key] for key in PROGRESS_HEADERS])
    audit.record_export(request=request, row_count=len(dataset))
    content = export_bytes(dataset, file_format)
    return attachment(content, file_format, f"opop-progres-{year or 'kini'}")


# --- The file between preview and confirmation -----------------------------------

SESSION_KEY = "opop_import"
ACTION_LABELS = {
    "new": gettext_lazy("Baru"),
    "update": gettext_lazy("Diubah"),
    "skip": gettext_lazy("Tidak berubah"),
}


def stage_upload(session, *, kind, upload):
    """Keep the uploaded file until the user confirms the preview; return its token
    and its dataset."""
    file_format = file_format_of(upload.name)
    sheets.check_upload(upload)
    content = upload.read()
    dataset = read_dataset(content, file_format)
    for old in list(session.get(SESSION_KEY, {})):
        # One preview at a time per session: an abandoned one leaves no file behind.
        discard_staged(session, token=old)
    token = uuid.uuid4().hex
    path = default_storage.save(
        f"opop/impor/{token}.{file_format}", ContentFile(content)
    )
    staged = session.get(SESSION_KEY, {})
    staged[token] = {
        "kind": kind,
        "path": path,
        "format": file_format,
        "name": upload.name,
    }
    session[SESSION_KEY] = staged
    return token, dataset


def staged_name(session, *, token):
    """The uploaded file's own name (for the audit log)."""
    return session.get(SESSION_KEY, {}).get(token, {}).get("name", "")


def load_staged(session, *, kind, token):
    """The dataset of a staged file of this user's session, or None."""
    entry = session.get(SESSION_KEY, {}).get(token)
    if not entry or entry["kind"] != kind or not default_storage.exists(entry["path"]):
        return None
    with default_storage.open(entry["path"], "rb") as staged:
        return read_dataset(staged.read(), entry["format"])


def discard_staged(session, *, token):
    staged = session.get(SESSION_KEY, {})
    entry = staged.pop(token, None)
    session[SESSION_KEY] = staged
    if entry:
        default_storage.delete(entry["path"])


def preview_rows(result):
    """(row number, action, object) for the preview table."""
    return [
        (number, ACTION_LABELS.get(row.import_type, row.import_type), row.object_repr)
        for number, row in enumerate(result.rows, start=2)
    ]
