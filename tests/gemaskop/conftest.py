import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gemaskop import services
from tests.gemaskop import factories

ROLES = [
    "admin",
    "staf",
    "staf_banjarbaru",
    "pengurus_a",
    "pengurus_b",
    "provinsi_kalsel",
    "anonim",
]


@pytest.fixture
def people(admin, staf, staf_banjarbaru, pengurus_a, pengurus_b, provinsi_kalsel):
    """Every role of the issue, the anonymous visitor as None."""
    return {
        "admin": admin,
        "staf": staf,
        "staf_banjarbaru": staf_banjarbaru,
        "pengurus_a": pengurus_a,
        "pengurus_b": pengurus_b,
        "provinsi_kalsel": provinsi_kalsel,
        "anonim": None,
    }


@pytest.fixture
def jember(coop_a, staf):
    """The Jember event with one session, a speaker, an invitation, and a participant
    from coop_a's pesantren (so pengurus_a sees the event) with a certificate."""
    event = factories.event(name="Sosialisasi GEMASKOP Uji")
    session = factories.session(event_obj=event, title="Sosialisasi")
    speaker = factories.speaker(
        event_obj=event,
        npwp="12.345.678.9-012.345",
        bank_account="1234567890",
        material=SimpleUploadedFile("materi.pdf", b"%PDF-1.4 materi"),
    )
    added = factories.attend(
        session_obj=session,
        name="Ahmad Santri Alif",
        pesantren=coop_a.pesantren,
        phone="081234567890",
        entered_by=staf,
    )
    invitation, _created = services.invitation_create(
        event=event,
        affiliation=services.Affiliation(pesantren=coop_a.pesantren),
        person_name="Siti Undangan",
    )
    certificates = services.certificates_issue(event=event)
    return {
        "event": event,
        "session": session,
        "speaker": speaker,
        "paper": factories.paper(event_obj=event),
        "attendance": added.attendance,
        "participant": added.participant,
        "invitation": invitation,
        "certificate": next(c for c in certificates if c.participant_id),
    }


@pytest.fixture
def kalsel(coop_kalsel):
    """The Kalsel working meeting in Banjarbaru (63.72)."""
    event = factories.event(
        name="Rapat Kerja OPOP Uji", kabupaten="63.72", kind="raker_opop"
    )
    session = factories.session(event_obj=event, title="Hari pertama")
    added = factories.attend(
        session_obj=session, name="Ketua Banua", cooperative=coop_kalsel
    )
    return {"event": event, "session": session, "attendance": added.attendance}
