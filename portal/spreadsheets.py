"""CSV and XLSX downloads that a spreadsheet opens safely."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def escape_cell(value):
    """Text a spreadsheet would run as a formula gets a leading quote; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table_bytes(rows, file_format, sheet_title="Data"):
    """Rows (lists of values, the header first) as CSV (UTF-8 with BOM) or XLSX."""
    rows = [[escape_cell(value) for value in row] for row in rows]
    if file_format == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(rows, *, file_format, filename, sheet_title="Data"):
    """An attachment response for `rows` in the asked format (csv or xlsx)."""
    if file_format not in CONTENT_TYPES:
        raise ValueError(file_format)
    response = HttpResponse(
        table_bytes(rows, file_format, sheet_title),
        content_type=CONTENT_TYPES[file_format],
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
