"""Demo data for GEMASKOP: the two events of the source articles. The events, places
and speakers' institutions are real; every person here is made up ("Demo")."""

import datetime

from gemaskop import services
from gemaskop.models import Attendance, Event, EventSession, Position, Speaker
from kopontren.models import Officer, Pesantren
from portal.access import within
from portal.models import Office

JEMBER_DAY = datetime.date(2025, 10, 6)
SPEAKERS = [
    ("Narasumber TP3D (Demo)", "TP3D", "Peran pendamping dalam penguatan kopontren"),
    ("Emi (Demo)", "Dekopinda Kabupaten Jember", "Dasar-dasar perkoperasian"),
    ("Agus (Demo)", "Primkoppol", "Strategi praktis kopontren yang mandiri"),
]
FIRST = ["Ahmad", "Siti", "Muhammad", "Nur", "Abdul", "Fatimah", "Hasan", "Aisyah"]
LAST = ["Fauzi", "Rohmah", "Hidayat", "Aini", "Syukur", "Maulida", "Basri"]
POSITIONS = [Position.SANTRI, Position.SANTRI, Position.PENGURUS, Position.PENGASUH]
OFFICER_POSITIONS = {
    Officer.Position.KETUA: Position.KETUA_KOPERASI,
    Officer.Position.SEKRETARIS: Position.PENGURUS,
    Officer.Position.BENDAHARA: Position.PENGURUS,
}


def _event(*, name, start_date, kabupaten, created_by, **fields):
    """The event under the office of its region (set on older demo data too)."""
    event, _created = Event.objects.get_or_create(
        name=name,
        start_date=start_date,
        kabupaten_id=kabupaten,
        defaults={"created_by": created_by, **fields},
    )
    office = Office.for_region(kabupaten)
    if office.pk and event.office_id is None:
        event.office, event.signatory = office, office.first_unit
        event.save(update_fields=["office", "signatory"])
    return event


def _session(event, date, start, end, title):
    session, _created = EventSession.objects.get_or_create(
        event=event,
        date=date,
        start_time=start,
        defaults={"end_time": end, "title": title},
    )
    return session


def _source(index):
    """Most at the desk, some by QR, some ticked on the invitation list."""
    if index % 7 == 3:
        return Attendance.Source.SELF
    if index % 9 == 5:
        return Attendance.Source.INVITATION
    return Attendance.Source.DESK


def seed_jember(accounts):
    """Sosialisasi GEMASKOP 2025: three speakers, forty santri and pengurus from the
    demo pesantren of Jember."""
    staf = accounts["staf"]
    event = _event(
        name="Sosialisasi GEMASKOP 2025",
        start_date=JEMBER_DAY,
        kabupaten="35.09",
        created_by=staf,
        kind=Event.Kind.SOSIALISASI,
        budget_year=2025,
        end_date=JEMBER_DAY,
        venue="Aula Diskopum",
        capacity=50,
        description=(
            "Sosialisasi Gerakan Masyarakat Sadar Koperasi bagi komunitas santri: "
            "kopontren sebagai pilar kemandirian ekonomi pesantren."
        ),
    )
    session = _session(
        event,
        JEMBER_DAY,
        datetime.time(8, 0),
        datetime.time(12, 0),
        "Kopontren sebagai pilar kemandirian",
    )
    for name, institution, topic in SPEAKERS:
        Speaker.objects.get_or_create(
            event=event, name=name, institution=institution, defaults={"topic": topic}
        )
    pesantren = Pesantren.objects.filter(
        kabupaten_id="35.09", name__endswith="(Demo)"
    ).order_by("name")[:40]
    for index, item in enumerate(pesantren):
        affiliation = services.Affiliation(pesantren=item)
        services.invitation_create(event=event, affiliation=affiliation)
        name = (
            f"{FIRST[index % len(FIRST)]} {LAST[index % len(LAST)]} {index + 1} (Demo)"
        )
        services.attendance_add(
            session=session,
            name=name,
            affiliation=affiliation,
            gender="L" if index % 2 else "P",
            position=POSITIONS[index % len(POSITIONS)],
            source=_source(index),
            entered_by=None if _source(index) == Attendance.Source.SELF else staf,
        )
    services.certificates_issue(event=event)
    return event


def seed_kalsel(accounts):
    """Rapat Kerja OPOP Kalsel, 2–3 October 2024: each kopontren's ketua, sekretaris
    and bendahara, on both days."""
    event = _event(
        name="Rapat Kerja OPOP Kalimantan Selatan 2024",
        start_date=datetime.date(2024, 10, 2),
        kabupaten="63.72",
        created_by=accounts["admin"],
        kind=Event.Kind.RAKER_OPOP,
        budget_year=2024,
        end_date=datetime.date(2024, 10, 3),
        venue="Asrama Haji Banjarmasin",
        bidang="Diskop UKM Provinsi Kalimantan Selatan",
        capacity=120,
        description=(
            "Laporan perkembangan koperasi primer anggota OPOP, rencana kerja "
            "koperasi, dan penandatanganan pakta integritas anggota OPOP."
        ),
    )
    sessions = [
        _session(
            event,
            datetime.date(2024, 10, 2),
            datetime.time(13, 0),
            datetime.time(17, 0),
            "Laporan perkembangan koperasi anggota OPOP",
        ),
        _session(
            event,
            datetime.date(2024, 10, 3),
            datetime.time(8, 0),
            datetime.time(12, 0),
            "Rencana kerja dan pakta integritas",
        ),
    ]
    officers = (
        Officer.objects.current()
        .filter(
            within("cooperative__kabupaten", "63"),
            position__in=list(OFFICER_POSITIONS),
        )
        .select_related("cooperative__pesantren")
        .order_by("cooperative__name", "position", "pk")
    )
    for officer in officers:
        for session in sessions:
            services.attendance_add(
                session=session,
                name=officer.name,
                affiliation=services.of_cooperative(officer.cooperative),
                gender=officer.gender,
                position=OFFICER_POSITIONS[officer.position],
                position_detail=f"{officer.get_position_display()} koperasi",
                source=Attendance.Source.IMPORT,
                entered_by=accounts["admin"],
            )
    services.certificates_issue(event=event)
    return event


def seed(accounts, stdout=None):
    """Both demo events; safe to run again (nothing is duplicated)."""
    events = [seed_jember(accounts), seed_kalsel(accounts)]
    if stdout:
        for event in events:
            stdout.write(
                f"GEMASKOP: {event.name}: "
                f"{event.participants.present().count()} peserta hadir."
            )
    return events
