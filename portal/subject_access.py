"""Everything the portal holds about one person, for a data subject's access
request (UU PDP): looked up by exact name, phone or e-mail across every app."""

import json

from django.db.models import Q, Value
from django.db.models.functions import Concat

from gemaskop.models import Certificate, Invitation, Participant, Speaker
from kopontren.models import Officer
from portal.models import User


def _digits(text):
    return "".join(ch for ch in text if ch.isdigit())


def _rows(queryset, fields):
    return [
        {label: str(value) if value not in (None, "") else "" for label, value in row}
        for row in (
            [(label, _value(obj, path)) for label, path in fields] for obj in queryset
        )
    ]


def _value(obj, path):
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj() if callable(obj) else obj


def person_data(*, name="", phone="", email=""):
    """{section: [records]} of every record that names the person."""
    name, phone, email = name.strip(), _digits(phone), email.strip()

    def match(name_field, phone_field=None):
        condition = Q(pk__in=[])
        if name:
            condition |= Q(**{f"{name_field}__iexact": name})
        if phone and phone_field:
            condition |= Q(**{phone_field: phone})
        return condition

    users = User.objects.annotate(
        full_name=Concat("first_name", Value(" "), "last_name")
    ).filter(
        match("username", "phone")
        | match("full_name")
        | (Q(email__iexact=email) if email else Q(pk__in=[]))
    )
    return {
        "Akun": _rows(
            users,
            [
                ("Nama pengguna", "username"),
                ("Nama", "get_full_name"),
                ("E-mail", "email"),
                ("Nomor HP", "phone"),
                ("Peran", "get_role_display"),
                ("Terdaftar", "date_joined"),
            ],
        ),
        "Pengurus koperasi": _rows(
            Officer.objects.filter(match("name", "phone")).select_related(
                "cooperative"
            ),
            [
                ("Nama", "name"),
                ("Nomor HP", "phone"),
                ("Jabatan", "get_position_display"),
                ("Koperasi", "cooperative.name"),
                ("Awal masa jabatan", "term_start"),
                ("Akhir masa jabatan", "term_end"),
            ],
        ),
        "Peserta kegiatan": _rows(
            Participant.objects.filter(match("name", "phone")).select_related("event"),
            [
                ("Nama", "name"),
                ("Nomor HP", "phone"),
                ("Jenis kelamin", "gender"),
                ("Asal lembaga", "affiliation_label"),
                ("Jabatan", "position_label"),
                ("Kegiatan", "event.name"),
                ("Tanggal", "event.start_date"),
            ],
        ),
        "Narasumber": _rows(
            Speaker.objects.filter(match("name")).select_related("event"),
            [
                ("Nama", "name"),
                ("Instansi", "institution"),
                ("NPWP", "npwp"),
                ("Bank", "bank_name"),
                ("Nomor rekening", "bank_account"),
                ("Kegiatan", "event.name"),
            ],
        ),
        "Undangan": _rows(
            Invitation.objects.filter(match("person_name")).select_related("event"),
            [("Nama", "person_name"), ("Kegiatan", "event.name")],
        ),
        "Sertifikat": _rows(
            Certificate.objects.filter(match("recipient_name")).select_related("event"),
            [
                ("Nomor", "number"),
                ("Nama", "recipient_name"),
                ("Kegiatan", "event.name"),
                ("Diterbitkan", "issued_at"),
            ],
        ),
    }


def person_data_json(data):
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
