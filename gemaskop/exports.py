"""CSV and XLSX files of participants; formula-looking cells are defused, phone
numbers masked for whoever should not see them."""

from django.utils.translation import gettext as _

from portal import audit
from portal.masking import mask_phone
from portal.spreadsheets import download


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


def export_response(rows, *, request, show_phone, file_format, filename):
    """Participant rows (the first is the header) as a CSV or XLSX download,
    formula-safe, recorded in the audit log."""
    rows = list(rows)
    response = download(
        rows, file_format=file_format, filename=filename, sheet_title=_("Peserta")
    )
    audit.record_export(
        request=request,
        row_count=len(rows) - 1,
        personal_columns=[rows[0][1], rows[0][6]],
        masked=not show_phone,
    )
    return response
