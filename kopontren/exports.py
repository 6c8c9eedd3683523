"""Exports of the registry as CSV (UTF-8 with BOM, for Excel) or XLSX.

The caller passes the queryset it already scoped and filtered, so an export holds
exactly what the list shows. Text that a spreadsheet would run as a formula is
escaped, and phone numbers are masked for those who may not see them.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kopontren.models import Cooperative, Officer, Pesantren, YearlyFigures
from kopontren.resources import RESOURCES
from portal import audit
from portal.access import Scope
from portal.masking import mask_phone
from portal.spreadsheets import escape_cell

__all__ = [
    "cooperative_export",
    "export_response",
    "mask_phone",
    "officer_export",
    "pesantren_export",
    "template_response",
    "yearly_figures_export",
]

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# What each export reads alongside its rows, so the query count stays flat.
RELATED = {
    "pesantren": ("kabupaten", "kecamatan", "desa"),
    "koperasi": ("pesantren", "kabupaten", "kecamatan", "desa"),
    "pengurus": ("cooperative__pesantren",),
    "rat": ("cooperative__pesantren",),
}
FILE_NAMES = {
    "pesantren": "pesantren",
    "koperasi": "koperasi",
    "pengurus": "pengurus-koperasi",
    "rat": "data-rat",
}
MODELS = {
    "pesantren": Pesantren,
    "koperasi": Cooperative,
    "pengurus": Officer,
    "rat": YearlyFigures,
}
# Columns that hold a person's data (the audit log names them): the pesantren's
# leader, the officers, and the cooperative's telephone, often a person's mobile.
PERSONAL_COLUMNS = {
    "pesantren": ("Pengasuh",),
    "koperasi": ("Telepon",),
    "pengurus": ("Nama", "Nomor HP"),
    "rat": (),
}
# Beyond this a float would lose cents in Excel, so the amount is written as text.
XLSX_NUMBER_LIMIT = Decimal("1e13")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float):
        return str(value)
    return escape_cell(str(value))


def _xlsx_cell(value):
    if value is None:
        return None
    if isinstance(value, Decimal) and abs(value) >= XLSX_NUMBER_LIMIT:
        return format(value, "f")
    if isinstance(value, Decimal | int | float | datetime.date):
        return value
    return escape_cell(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _write_csv(dataset):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(dataset.headers)
    for row in dataset:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _write_xlsx(dataset, title):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    bold = Font(bold=True)
    for index, header in enumerate(dataset.headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(
            12, len(header) + 4
        )
    sheet.freeze_panes = "A2"
    header_cells = []
    for header in dataset.headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in dataset:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_xlsx_cell(value))
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_dataset(*, kind, queryset, user, export_fields=None):
    """The typed rows (tablib.Dataset) of an export, with masking applied."""
    resource = RESOURCES[kind](user=user)
    queryset = queryset.select_related(*RELATED[kind])
    return resource.export(
        queryset, force_native_type=True, export_fields=export_fields
    )


def _export(*, kind, queryset, user, file_format, export_fields=None):
    if file_format not in FORMATS:
        raise ValueError(f"Unknown export format {file_format!r}")
    dataset = export_dataset(
        kind=kind, queryset=queryset, user=user, export_fields=export_fields
    )
    if file_format == "csv":
        content = _write_csv(dataset)
    else:
        content = _write_xlsx(dataset, FILE_NAMES[kind])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{FILE_NAMES[kind]}-{stamp}.{file_format}"
    return content, FORMATS[file_format], filename, dataset


def export_bytes(*, kind, queryset, user, file_format, export_fields=None):
    """(bytes, content_type, filename) of an export in CSV or XLSX."""
    content, content_type, filename, _dataset = _export(
        kind=kind,
        queryset=queryset,
        user=user,
        file_format=file_format,
        export_fields=export_fields,
    )
    return content, content_type, filename


def pesantren_export(*, queryset, user, file_format):
    """Pesantren rows as (bytes, content_type, filename)."""
    return export_bytes(
        kind="pesantren", queryset=queryset, user=user, file_format=file_format
    )


def cooperative_export(*, queryset, user, file_format):
    """Cooperative rows as (bytes, content_type, filename)."""
    return export_bytes(
        kind="koperasi", queryset=queryset, user=user, file_format=file_format
    )


def officer_export(*, queryset, user, file_format):
    """Officer rows as (bytes, content_type, filename); phones masked as needed."""
    return export_bytes(
        kind="pengurus", queryset=queryset, user=user, file_format=file_format
    )


def yearly_figures_export(*, queryset, user, file_format):
    """RAT figures rows as (bytes, content_type, filename)."""
    return export_bytes(
        kind="rat", queryset=queryset, user=user, file_format=file_format
    )


def audited_export_bytes(*, request, kind, queryset, file_format, export_fields=None):
    """export_bytes for the request's user, written to the audit log."""
    content, content_type, filename, dataset = _export(
        kind=kind,
        queryset=queryset,
        user=request.user,
        file_format=file_format,
        export_fields=export_fields,
    )
    audit.record_export(
        request=request,
        row_count=len(dataset),
        personal_columns=[c for c in PERSONAL_COLUMNS[kind] if c in dataset.headers],
        masked=not Scope.of(request.user).sees_phones,
    )
    return content, content_type, filename


def _attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export_response(*, request, queryset, file_format, kind):
    """An attachment download of the queryset, recorded in the audit log, for a
    list view to return as is."""
    return _attachment(
        *audited_export_bytes(
            request=request, kind=kind, queryset=queryset, file_format=file_format
        )
    )


def template_response(*, kind, user, file_format):
    """An empty sheet with the column headers (no rows, so no audit entry)."""
    content, content_type, filename = export_bytes(
        kind=kind,
        queryset=MODELS[kind].objects.none(),
        user=user,
        file_format=file_format,
    )
    return _attachment(content, content_type, filename)
