"""Plain factory functions for gemaskop records, keyword-only defaults."""

import datetime
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from gemaskop import services
from gemaskop.models import Event, EventPaper, EventSession, Speaker

_seq = itertools.count(1)
DAY = datetime.date(2025, 10, 6)


def event(*, name=None, kabupaten="35.09", start_date=DAY, end_date=None, **extra):
    defaults = {
        "kind": Event.Kind.SOSIALISASI,
        "budget_year": start_date.year,
        "venue": "Aula Diskopum",
        "capacity": 50,
    }
    defaults.update(extra)
    return Event.objects.create(
        name=name or f"Sosialisasi Uji {next(_seq)}",
        kabupaten_id=kabupaten,
        start_date=start_date,
        end_date=end_date or start_date,
        **defaults,
    )


def session(*, event_obj, date=None, start="08:00", end="12:00", title=None):
    return EventSession.objects.create(
        event=event_obj,
        date=date or event_obj.start_date,
        start_time=start,
        end_time=end,
        title=title or f"Sesi {next(_seq)}",
    )


def speaker(*, event_obj, name="Emi", institution="Dekopinda", **extra):
    return Speaker.objects.create(
        event=event_obj, name=name, institution=institution, **extra
    )


def paper(*, event_obj, kind=EventPaper.Kind.LAPORAN, title="Laporan Uji"):
    return EventPaper.objects.create(
        event=event_obj,
        kind=kind,
        title=title,
        file=SimpleUploadedFile("laporan.pdf", b"%PDF-1.4 laporan uji"),
    )


def attend(
    *, session_obj, name, pesantren=None, cooperative=None, institution="", **kw
):
    """One person present, through the same service the desk uses."""
    if cooperative is not None:
        affiliation = services.of_cooperative(cooperative)
    else:
        affiliation = services.Affiliation(pesantren=pesantren, institution=institution)
    return services.attendance_add(
        session=session_obj, name=name, affiliation=affiliation, **kw
    )
