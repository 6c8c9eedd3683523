"""Officers propose, staff of the kabupaten review: the whole cycle."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kopontren.models import (
    ChangeRequest,
    Document,
    Officer,
    YearlyFigures,
)
from tests import factories
from tests.conftest import client_for


def propose_phone(pengurus, coop, phone="087700001111"):
    url = reverse("kopontren:cooperative_edit", args=[coop.pk])
    data = {
        "nik_koperasi": coop.nik_koperasi,
        "nib": coop.nib,
        "jenis": coop.jenis,
        "pola": coop.pola,
        "address": coop.address,
        "phone": phone,
        "email": coop.email,
    }
    return client_for(pengurus).post(url, data)


def test_officer_edit_becomes_a_request_and_changes_nothing_yet(pengurus_a, coop_a):
    response = propose_phone(pengurus_a, coop_a)
    assert response.status_code == 302
    coop_a.refresh_from_db()
    assert coop_a.phone == "081234567890"
    request = ChangeRequest.objects.get()
    assert request.status == ChangeRequest.Status.PENDING
    assert request.payload == {"phone": "087700001111"}
    assert request.submitted_by == pengurus_a


def test_officer_sees_their_request_waiting_on_their_home_page(pengurus_a, coop_a):
    propose_phone(pengurus_a, coop_a)
    body = client_for(pengurus_a).get(reverse("portal:home")).content.decode()
    assert "Menunggu tinjauan" in body


def test_staff_see_the_field_by_field_diff(staf, pengurus_a, coop_a):
    propose_phone(pengurus_a, coop_a)
    request = ChangeRequest.objects.get()
    url = reverse("kopontren:change_request_detail", args=[request.pk])
    body = client_for(staf).get(url).content.decode()
    assert "<del>081234567890</del>" in body
    assert "<ins>087700001111</ins>" in body


def test_approval_applies_the_change_and_records_it_in_history(
    staf, pengurus_a, coop_a, django_capture_on_commit_callbacks
):
    propose_phone(pengurus_a, coop_a)
    request = ChangeRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staf).post(
            reverse("kopontren:change_request_approve", args=[request.pk])
        )
    assert response.status_code == 302
    coop_a.refresh_from_db()
    assert coop_a.phone == "087700001111"
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.APPROVED
    assert request.reviewed_by == staf
    latest = coop_a.history.latest()
    assert latest.phone == "087700001111"
    assert latest.history_user == staf
    assert f"#{request.pk}" in latest.history_change_reason
    assert mail.outbox and "disetujui" in mail.outbox[0].subject
    page = client_for(staf).get(
        reverse("kopontren:cooperative_detail", args=[coop_a.pk])
    )
    assert "<ins>087700001111</ins>" in page.content.decode()


def test_rejection_needs_a_reason_and_the_officer_reads_it(staf, pengurus_a, coop_a):
    propose_phone(pengurus_a, coop_a)
    request = ChangeRequest.objects.get()
    url = reverse("kopontren:change_request_reject", args=[request.pk])
    client_for(staf).post(url, {"reason": ""})
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.PENDING
    client_for(staf).post(url, {"reason": "Nomor bukan milik koperasi"})
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.REJECTED
    coop_a.refresh_from_db()
    assert coop_a.phone == "081234567890"
    home = client_for(pengurus_a).get(reverse("portal:home")).content.decode()
    assert "Nomor bukan milik koperasi" in home


def test_a_request_cannot_be_approved_twice(staf, pengurus_a, coop_a):
    propose_phone(pengurus_a, coop_a)
    request = ChangeRequest.objects.get()
    url = reverse("kopontren:change_request_approve", args=[request.pk])
    client_for(staf).post(url)
    response = client_for(staf).post(url, follow=True)
    assert "sudah ditinjau" in response.content.decode()


def test_officer_adds_an_officer_and_a_rat_year_through_requests(
    staf, pengurus_a, coop_a
):
    client = client_for(pengurus_a)
    client.post(
        reverse("kopontren:officer_create", args=[coop_a.pk]),
        {
            "name": "Bendahara Baru",
            "position": "bendahara",
            "gender": "P",
            "phone": "081300000000",
        },
    )
    client.post(
        reverse("kopontren:figures_create", args=[coop_a.pk]),
        {
            "book_year": 2025,
            "rat_date": "2026-03-01",
            "members_male": 40,
            "members_female": 55,
            "managers": 1,
            "staff": 2,
            "modal_sendiri": "1500000",
            "modal_luar": "0",
            "aset": "25000000",
            "volume_usaha": "90000000",
            "shu": "2500000.50",
        },
    )
    assert not Officer.objects.exists() and not YearlyFigures.objects.exists()
    for request in ChangeRequest.objects.all():
        client_for(staf).post(
            reverse("kopontren:change_request_approve", args=[request.pk])
        )
    officer = Officer.objects.get()
    assert (officer.name, officer.cooperative) == ("Bendahara Baru", coop_a)
    figures = YearlyFigures.objects.get()
    assert str(figures.shu) == "2500000.50"
    assert figures.members_female == 55


def test_officer_uploads_a_document_that_appears_after_approval(
    staf, pengurus_a, coop_a
):
    upload = SimpleUploadedFile("akta.pdf", factories.pdf_bytes(), "application/pdf")
    client_for(pengurus_a).post(
        reverse("kopontren:document_create", args=[coop_a.pk]),
        {"kind": "akta", "title": "Akta pendirian 2024", "file": upload},
    )
    assert not Document.objects.exists()
    request = ChangeRequest.objects.get()
    client_for(staf).post(
        reverse("kopontren:change_request_approve", args=[request.pk])
    )
    document = Document.objects.get()
    assert document.title == "Akta pendirian 2024"
    assert document.uploaded_by == pengurus_a
    assert document.file.read() == factories.pdf_bytes()


def test_a_non_pdf_upload_is_refused_with_a_message(pengurus_a, coop_a):
    upload = SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")
    response = client_for(pengurus_a).post(
        reverse("kopontren:document_create", args=[coop_a.pk]),
        {"kind": "akta", "title": "x", "file": upload},
    )
    assert "Hanya berkas PDF, JPG atau PNG" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_officer_cannot_set_staff_only_fields(pengurus_a, coop_a):
    url = reverse("kopontren:cooperative_edit", args=[coop_a.pk])
    client_for(pengurus_a).post(
        url,
        {
            "jenis": coop_a.jenis,
            "pola": coop_a.pola,
            "phone": coop_a.phone,
            "verified": "on",
            "is_active": "",
            "name": "Nama Baru",
        },
    )
    for request in ChangeRequest.objects.all():
        assert not {"verified", "is_active", "name"} & set(request.payload)
    coop_a.refresh_from_db()
    assert coop_a.verified is False and coop_a.is_active is True


def test_approval_re_checks_the_proposal_against_todays_data(staf, pengurus_a, coop_a):
    client_for(pengurus_a).post(
        reverse("kopontren:figures_create", args=[coop_a.pk]),
        {
            "book_year": 2025,
            "rat_date": "2026-03-01",
            "members_male": 40,
            "members_female": 55,
            "managers": 1,
            "staff": 2,
            "modal_sendiri": "1500000",
            "modal_luar": "0",
            "aset": "25000000",
            "volume_usaha": "90000000",
            "shu": "2500000",
        },
    )
    # Meanwhile staff enter that book year themselves: approval refuses the second.
    factories.yearly_figures(cooperative_obj=coop_a, book_year=2025, members_male=7)
    request = ChangeRequest.objects.get()
    response = client_for(staf).post(
        reverse("kopontren:change_request_approve", args=[request.pk]), follow=True
    )
    assert "tidak dapat diterapkan" in response.content.decode()
    assert coop_a.yearly_figures.get().members_male == 7
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.PENDING


@pytest.mark.parametrize("who", ["staf", "admin"])
def test_queue_lists_pending_requests_in_scope(
    personas, who, pengurus_a, coop_a, coop_kalsel
):
    propose_phone(pengurus_a, coop_a)
    other = factories.user(username="pengurus-banua")
    coop_kalsel.officer_accounts.add(other)
    propose_phone(other, coop_kalsel, phone="081199990000")
    response = client_for(personas[who]).get(reverse("kopontren:change_request_queue"))
    body = response.content.decode()
    assert coop_a.name in body
    assert (coop_kalsel.name in body) == (who == "admin")
