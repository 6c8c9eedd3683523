"""CSV and XLSX files of participants; formula-looking cells are defused, phone
numbers masked for whoever should not see them."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from portal.masking import mask_phone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A spreadsheet must show text as text: a leading quote defuses formulas."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def participant_rows(participants, *, show_phone):
    header = [
        _("No."),
        _("Nama"),
        _("Jenis Kelamin"),
        _("Asal Lembaga"),
        _("Kabupaten/Kota"),
        _("Jabatan"),
        _("No HP"),
        _("Kegiatan"),
        _("Tanggal"),
    ]
    yield header
    for number, person in enumerate(participants, start=1):
        kabupaten = person.pesantren.kabupaten.name if person.pesantren_id else ""
        phone = person.phone if show_phone else mask_phone(person.phone)
        yield [
            number,
            person.name,
            person.gender,
            person.affiliation_label,
            kabupaten,
            person.position_label,
            phone,
            person.event.name,
            person.event.start_date.isoformat(),
        ]


def export_response(rows, *, file_format, filename):
    """Rows (the first is the header) as a CSV or XLSX download."""
    rows = [[safe_cell(value) for value in row] for row in rows]
    if file_format == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Peserta")[:31]
        for row in rows:
            sheet.append(row)
        for cell in (c for row in sheet.iter_rows() for c in row):
            if isinstance(cell.value, str):
                cell.data_type = "s"
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
