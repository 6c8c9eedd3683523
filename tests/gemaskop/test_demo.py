import datetime

import pytest
from django.core.management import call_command

from gemaskop import demo
from gemaskop.models import Attendance, Certificate, Event, Participant
from kopontren.models import Cooperative, Officer
from portal.models import Office, OfficeUnit, User

USERNAMES = {
    "admin": "admin",
    "staf": "staf-jember",
    "pengurus_a": "pengurus-a",
    "pengurus_b": "pengurus-b",
    "kalsel": "provinsi-kalsel",
    "jatim": "provinsi-jatim",
}


def counts():
    return (
        Event.objects.count(),
        Participant.objects.count(),
        Attendance.objects.count(),
        Certificate.objects.count(),
    )


@pytest.mark.django_db
def test_demo_events_are_seeded_once_with_their_people():
    call_command("seed_demo")
    accounts = {key: User.objects.get(username=name) for key, name in USERNAMES.items()}
    demo.seed(accounts)
    first = counts()
    demo.seed(accounts)
    assert counts() == first

    jember = Event.objects.get(name="Sosialisasi GEMASKOP 2025")
    assert jember.start_date == datetime.date(2025, 10, 6)
    assert jember.start_date.weekday() == 0  # Monday
    assert jember.venue == "Aula Diskopum" and jember.kabupaten_id == "35.09"
    assert {s.institution for s in jember.speakers.all()} == {
        "TP3D",
        "Dekopinda Kabupaten Jember",
        "Primkoppol",
    }
    present = jember.participants.present()
    assert present.count() == 40
    assert present.values("pesantren").distinct().count() == 40
    assert set(present.values_list("pesantren__kabupaten_id", flat=True)) == {"35.09"}
    assert jember.certificates.count() == 43
    assert Attendance.objects.filter(session__event=jember, source="mandiri").exists()

    kalsel = Event.objects.get(name__startswith="Rapat Kerja OPOP")
    assert (kalsel.start_date, kalsel.end_date) == (
        datetime.date(2024, 10, 2),
        datetime.date(2024, 10, 3),
    )
    assert kalsel.venue == "Asrama Haji Banjarmasin" and kalsel.kabupaten_id == "63.72"
    officers = Officer.objects.filter(
        cooperative__kabupaten__code__startswith="63.",
        position__in=["ketua", "sekretaris", "bendahara"],
    )
    sent = kalsel.participants.present()
    assert set(sent.values_list("cooperative", flat=True)) == set(
        # Every Kalsel kopontren sent its officers (the other cooperatives have none).
        Cooperative.objects.kopontren()
        .filter(kabupaten__code__startswith="63.")
        .values_list("pk", flat=True)
    )
    assert sent.count() == len({(o.name, o.cooperative_id) for o in officers})
    for session in kalsel.sessions.all():
        assert session.attendances.present().count() == sent.count()

    assert list(Event.objects.visible_to(accounts["kalsel"])) == [kalsel]
    assert list(Event.objects.visible_to(accounts["jatim"])) == [jember]
    assert list(Event.objects.visible_to(accounts["pengurus_a"])) == [jember]


@pytest.mark.django_db
def test_demo_events_belong_to_their_offices_and_carry_their_numbers():
    call_command("seed_demo")
    call_command("seed_demo")
    jember = Event.objects.get(name="Sosialisasi GEMASKOP 2025")
    raker = Event.objects.get(name="Rapat Kerja OPOP Kalimantan Selatan 2024")
    assert jember.office.short_name == "Diskopum Jember"
    assert jember.signatory.head_name == "Rudi Prasetya Aji, S.Sos"
    assert raker.office.short_name == "Diskop UKM Kalsel"
    assert raker.signatory.head_name.endswith("(Demo)")
    assert Office.objects.count() == 2 and OfficeUnit.objects.count() == 2
    numbers = sorted(raker.certificates.values_list("number", flat=True))
    assert numbers[0] == "800/001/RAKER-OPOP/63/2024"
    assert len(set(numbers)) == raker.certificates.count()
    assert jember.certificates.filter(number__endswith="/GEMASKOP/35.09/2025").exists()
