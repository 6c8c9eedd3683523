"""Every gemaskop URL as every role: who gets the page, who is refused, and that a
refused change leaves the database as it was."""

import pytest
from django.urls import reverse

from gemaskop import services
from gemaskop.models import (
    Attendance,
    Certificate,
    Event,
    EventPaper,
    EventSession,
    Invitation,
    Participant,
)
from tests.conftest import client_for
from tests.gemaskop import factories
from tests.gemaskop.conftest import ROLES


@pytest.fixture
def kalsel_full(kalsel, coop_kalsel):
    invitation, _created = services.invitation_create(
        event=kalsel["event"],
        affiliation=services.of_cooperative(coop_kalsel),
        person_name="Sekretaris Banua",
    )
    certificates = services.certificates_issue(event=kalsel["event"])
    return {
        **kalsel,
        "invitation": invitation,
        "participant": kalsel["attendance"].participant,
        "certificate": certificates[0],
        "paper": factories.paper(event_obj=kalsel["event"]),
    }


def page_urls(records):
    event, session = records["event"], records["session"]
    e, s = event.pk, session.pk
    return {
        "read": [reverse("gemaskop:event_detail", args=[e])],
        "manage": [
            reverse("gemaskop:event_edit", args=[e]),
            reverse("gemaskop:record_create", args=[e, "sesi"]),
            reverse("gemaskop:record_edit", args=[e, "sesi", s]),
            reverse("gemaskop:record_create", args=[e, "narasumber"]),
            reverse("gemaskop:record_create", args=[e, "foto"]),
            reverse("gemaskop:record_create", args=[e, "dokumen"]),
            reverse("gemaskop:record_edit", args=[e, "dokumen", records["paper"].pk]),
            reverse("gemaskop:participant_edit", args=[e, records["participant"].pk]),
            reverse("gemaskop:invitation_list", args=[e]),
            reverse("gemaskop:poster", args=[e]),
            reverse("gemaskop:desk", args=[e, s]),
            reverse("gemaskop:desk_list", args=[e, s]),
            reverse("gemaskop:registry_options", args=[e, s]),
            reverse("gemaskop:registry_lookup", args=[e, s]),
            reverse("gemaskop:event_registry_lookup", args=[e]),
            reverse(
                "gemaskop:attendance_remove", args=[e, s, records["attendance"].pk]
            ),
            reverse("gemaskop:import", args=[e, s]),
        ],
        "documents": [
            reverse("gemaskop:daftar_hadir", args=[e, s]),
            reverse("gemaskop:daftar_hadir", args=[e, s]) + "?kosong=1",
            reverse("gemaskop:event_report", args=[e]),
            reverse("gemaskop:event_report", args=[e]) + "?ekspor=csv",
            reverse("gemaskop:certificates_pdf", args=[e]),
            reverse("gemaskop:event_file", args=[e, "dokumen", records["paper"].pk]),
        ],
        "own_certificate": [
            reverse("gemaskop:certificate_pdf", args=[e, records["certificate"].pk])
        ],
    }


# What each role gets on the Jember event, which coop_a's santri attended.
JEMBER = {
    "admin": {"read": 200, "manage": 200, "documents": 200, "own_certificate": 200},
    "staf": {"read": 200, "manage": 200, "documents": 200, "own_certificate": 200},
    "staf_banjarbaru": dict.fromkeys(
        ["read", "manage", "documents", "own_certificate"], 404
    ),
    "pengurus_a": {
        "read": 200,
        "manage": 403,
        "documents": 403,
        "own_certificate": 200,
    },
    "pengurus_b": dict.fromkeys(
        ["read", "manage", "documents", "own_certificate"], 404
    ),
    "provinsi_kalsel": dict.fromkeys(
        ["read", "manage", "documents", "own_certificate"], 404
    ),
    "anonim": dict.fromkeys(["read", "manage", "documents", "own_certificate"], 302),
}
# ...and on the Kalsel working meeting in Banjarbaru.
KALSEL = {
    "admin": {"read": 200, "manage": 200, "documents": 200, "own_certificate": 200},
    "staf": dict.fromkeys(["read", "manage", "documents", "own_certificate"], 404),
    "staf_banjarbaru": {
        "read": 200,
        "manage": 200,
        "documents": 200,
        "own_certificate": 200,
    },
    "pengurus_a": dict.fromkeys(
        ["read", "manage", "documents", "own_certificate"], 404
    ),
    "pengurus_b": dict.fromkeys(
        ["read", "manage", "documents", "own_certificate"], 404
    ),
    "provinsi_kalsel": {
        "read": 200,
        "manage": 403,
        "documents": 200,
        "own_certificate": 200,
    },
    "anonim": dict.fromkeys(["read", "manage", "documents", "own_certificate"], 302),
}


@pytest.mark.parametrize("who", ROLES)
def test_jember_event_pages_by_role(people, who, jember):
    client = client_for(people[who])
    for group, urls in page_urls(jember).items():
        for url in urls:
            assert client.get(url).status_code == JEMBER[who][group], (group, url)


@pytest.mark.parametrize("who", ROLES)
def test_kalsel_event_pages_by_role(people, who, kalsel_full):
    client = client_for(people[who])
    for group, urls in page_urls(kalsel_full).items():
        for url in urls:
            assert client.get(url).status_code == KALSEL[who][group], (group, url)


@pytest.mark.parametrize(
    "who,expected",
    [
        ("admin", 200),
        ("staf", 200),
        ("staf_banjarbaru", 200),
        ("pengurus_a", 200),
        ("pengurus_b", 200),
        ("provinsi_kalsel", 200),
        ("anonim", 302),
    ],
)
def test_event_list_is_for_everyone_logged_in_and_scoped(
    people, who, expected, jember, kalsel
):
    response = client_for(people[who]).get(reverse("gemaskop:event_list"))
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        sees_jember = who in ("admin", "staf", "pengurus_a")
        sees_kalsel = who in ("admin", "staf_banjarbaru", "provinsi_kalsel")
        assert ("Sosialisasi GEMASKOP Uji" in html) == sees_jember
        assert ("Rapat Kerja OPOP Uji" in html) == sees_kalsel


@pytest.mark.parametrize(
    "who,create,report",
    [
        ("admin", 200, 200),
        ("staf", 200, 200),
        ("staf_banjarbaru", 200, 200),
        ("pengurus_a", 403, 403),
        ("pengurus_b", 403, 403),
        ("provinsi_kalsel", 403, 200),
        ("anonim", 302, 302),
    ],
)
def test_create_page_and_reach_report_by_role(people, who, create, report):
    client = client_for(people[who])
    assert client.get(reverse("gemaskop:event_create")).status_code == create
    assert client.get(reverse("gemaskop:report")).status_code == report
    assert (
        client.get(reverse("gemaskop:report"), {"ekspor": "csv"}).status_code == report
    )
    data = {"name": "Baru", "kabupaten": "35.09", "start_date": "2025-11-01"}
    response = client.post(reverse("gemaskop:event_create"), data)
    assert response.status_code == (200 if create == 200 else create)
    assert not Event.objects.filter(name="Baru").exists()  # refused, or form error


@pytest.mark.parametrize("who", ROLES)
def test_public_pages_open_for_everyone(people, who, jember):
    client = client_for(people[who])
    checkin = reverse("gemaskop:checkin", args=[jember["event"].checkin_token])
    assert client.get(checkin).status_code == 200
    assert client.get(reverse("gemaskop:certificate_lookup")).status_code == 200
    verify = client.get(jember["certificate"].verify_path())
    assert verify.status_code == 200


def database_state():
    return (
        list(Event.objects.order_by("pk").values_list("name", "venue")),
        EventSession.objects.count(),
        Participant.objects.count(),
        list(Participant.objects.order_by("pk").values_list("name", flat=True)),
        list(Participant.objects.order_by("pk").values_list("pesantren", flat=True)),
        Attendance.objects.present().count(),
        Invitation.objects.count(),
        list(Invitation.objects.values_list("participant_id", flat=True)),
        Certificate.objects.count(),
        list(EventPaper.objects.order_by("pk").values_list("title", flat=True)),
    )


def unsafe_requests(records):
    event, session = records["event"], records["session"]
    e, s = event.pk, session.pk
    person = {"name": "Penyusup", "institution": "Luar", "position": "santri"}
    return [
        (reverse("gemaskop:event_edit", args=[e]), {"name": "Diubah"}),
        (
            reverse("gemaskop:record_create", args=[e, "sesi"]),
            {
                "title": "S",
                "date": event.start_date,
                "start_time": "13:00",
                "end_time": "14:00",
            },
        ),
        (
            reverse("gemaskop:participant_edit", args=[e, records["participant"].pk]),
            person,
        ),
        (reverse("gemaskop:invitation_list", args=[e]), {"institution": "Luar"}),
        (reverse("gemaskop:invitation_invite_many", args=[e]), {"pesantren": []}),
        (
            reverse("gemaskop:invitation_delete", args=[e, records["invitation"].pk]),
            {},
        ),
        (reverse("gemaskop:attendance_add", args=[e, s]), person),
        (
            reverse(
                "gemaskop:invitation_present", args=[e, s, records["invitation"].pk]
            ),
            {"name": "Penyusup"},
        ),
        (
            reverse(
                "gemaskop:attendance_remove", args=[e, s, records["attendance"].pk]
            ),
            {"reason": "iseng"},
        ),
        (reverse("gemaskop:import_confirm", args=[e, s]), {}),
        (reverse("gemaskop:certificates_issue", args=[e]), {}),
        (
            reverse("gemaskop:record_create", args=[e, "dokumen"]),
            {"kind": "notulen", "title": "Disusupkan"},
        ),
        (
            reverse("gemaskop:participants_link", args=[e]),
            {
                "institution": "Luar Registri",
                "choice": "x",
                "choice_ref": f"p:{records['participant'].pesantren_id}",
            },
        ),
    ]


@pytest.mark.parametrize(
    "who", ["staf_banjarbaru", "pengurus_a", "pengurus_b", "provinsi_kalsel", "anonim"]
)
def test_refused_changes_to_the_jember_event_change_nothing(people, who, jember):
    from tests.gemaskop import factories

    factories.attend(session_obj=jember["session"], name="Tanpa Sertifikat")
    factories.attend(
        session_obj=jember["session"], name="Di Luar", institution="Luar Registri"
    )
    client = client_for(people[who])
    before = database_state()
    for url, data in unsafe_requests(jember):
        status = client.post(url, data, HTTP_HX_REQUEST="true").status_code
        expected = {302} if who == "anonim" else {403, 404}
        assert status in expected, (url, status)
    assert database_state() == before


@pytest.mark.parametrize("who", ["staf", "pengurus_a", "provinsi_kalsel"])
def test_refused_changes_to_the_kalsel_event_change_nothing(people, who, kalsel_full):
    client = client_for(people[who])
    before = database_state()
    for url, data in unsafe_requests(kalsel_full):
        status = client.post(url, data, HTTP_HX_REQUEST="true").status_code
        if who == "provinsi_kalsel":
            assert status == 403, url  # can read it, can change nothing
        else:
            assert status in (403, 404), url
    assert database_state() == before


def test_provincial_official_sees_no_way_to_change_the_event(
    provinsi_kalsel, kalsel_full
):
    event = kalsel_full["event"]
    html = client_for(provinsi_kalsel).get(event.get_absolute_url()).content.decode()
    assert "Rapat Kerja OPOP Uji" in html
    for hint in (
        "Ubah kegiatan",
        "Meja hadir",
        "Terbitkan sertifikat",
        "Tambah sesi",
        "/ubah/",
        "/meja/",
        "/poster/",
        "/undangan/",
    ):
        assert hint not in html, hint
    assert "PDF terisi" in html  # reading the sheets is fine


def test_officer_sees_only_their_own_people_on_the_event(pengurus_a, jember, coop_b):
    from tests.gemaskop import factories

    factories.attend(
        session_obj=jember["session"],
        name="Santri Koperasi B",
        pesantren=coop_b.pesantren,
    )
    html = (
        client_for(pengurus_a).get(jember["event"].get_absolute_url()).content.decode()
    )
    assert "Ahmad Santri Alif" in html
    assert "Santri Koperasi B" not in html
    other = Certificate.objects.create(
        event=jember["event"],
        participant=Participant.objects.get(name="Santri Koperasi B"),
        number="GEMASKOP/2025/0500",
        recipient_name="Santri Koperasi B",
    )
    url = reverse("gemaskop:certificate_pdf", args=[jember["event"].pk, other.pk])
    assert client_for(pengurus_a).get(url).status_code == 404


def test_speakers_honorarium_data_is_masked_for_readers(pengurus_a, staf, jember):
    url = jember["event"].get_absolute_url()
    assert "1234567890" in client_for(staf).get(url).content.decode()
    html = client_for(pengurus_a).get(url).content.decode()
    assert "1234567890" not in html and "12.345.678.9-012.345" not in html


@pytest.mark.parametrize(
    "who,expected",
    [
        ("admin", 200),
        ("staf", 200),
        ("staf_banjarbaru", 404),
        ("pengurus_a", 200),
        ("pengurus_b", 404),
        ("provinsi_kalsel", 404),
        ("anonim", 302),
    ],
)
def test_speakers_material_is_served_to_whoever_sees_the_event(
    people, who, expected, jember
):
    url = reverse(
        "gemaskop:event_file",
        args=[jember["event"].pk, "materi", jember["speaker"].pk],
    )
    assert client_for(people[who]).get(url).status_code == expected


def read_only_urls(records):
    e, s = records["event"].pk, records["session"].pk
    return [
        reverse("gemaskop:event_list"),
        reverse("gemaskop:event_detail", args=[e]),
        reverse("gemaskop:poster", args=[e]),
        reverse("gemaskop:event_report", args=[e]),
        reverse("gemaskop:event_report", args=[e]) + "?ekspor=csv",
        reverse("gemaskop:report"),
        reverse("gemaskop:daftar_hadir", args=[e, s]),
        reverse("gemaskop:certificates_pdf", args=[e]),
        reverse("gemaskop:certificate_pdf", args=[e, records["certificate"].pk]),
        reverse("gemaskop:certificate_lookup"),
        records["certificate"].verify_path(),
    ]


@pytest.mark.parametrize("who", ROLES)
def test_pages_that_only_read_refuse_unsafe_methods(people, who, kalsel_full):
    client = client_for(people[who])
    public = {reverse("gemaskop:certificate_lookup")}
    public.add(kalsel_full["certificate"].verify_path())
    before = database_state()
    for url in read_only_urls(kalsel_full):
        for method in (client.post, client.put, client.delete):
            status = method(url).status_code
            expected = 302 if who == "anonim" and url not in public else 405
            assert status == expected, (method.__name__, url, status)
    assert database_state() == before
