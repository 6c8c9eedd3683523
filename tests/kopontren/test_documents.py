"""Documents with a life: kinds, issue and validity dates, replace, delete with a
reason (both kept in history) and the work list of documents running out."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kopontren.models import ChangeRequest, Document
from tests import factories
from tests.conftest import client_for

EXPIRING = reverse("kopontren:document_expiring")


def pdf(name="sertifikat.pdf", content=None):
    content = factories.pdf_bytes() if content is None else content
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def document(coop, **extra):
    values = {"kind": "lainnya", "title": "Dokumen uji", "file": "uji/lama.pdf"}
    values.update(extra)
    return Document.objects.create(cooperative=coop, **values)


def test_a_nik_certificate_is_valid_two_years_from_its_issue_by_default(staf, coop_a):
    client_for(staf).post(
        reverse("kopontren:document_create", args=[coop_a.pk]),
        {
            "kind": "nik",
            "title": "Sertifikat NIK",
            "file": pdf(),
            "issued_on": "2025-03-01",
        },
    )
    doc = coop_a.documents.get()
    assert doc.valid_until == datetime.date(2027, 3, 1)
    page = client_for(staf).get(coop_a.get_absolute_url()).content.decode()
    assert "berlaku sampai 01-03-2027" in page
    assert reverse("kopontren:document_replace", args=[coop_a.pk, doc.pk]) in page
    assert reverse("kopontren:document_delete", args=[coop_a.pk, doc.pk]) in page


def test_a_pad_document_can_be_kept(staf, coop_a):
    client_for(staf).post(
        reverse("kopontren:document_create", args=[coop_a.pk]),
        {"kind": "pad", "title": "PAD 2025", "file": pdf("pad.pdf")},
    )
    assert coop_a.documents.get().get_kind_display().startswith("Akta / SK perubahan")


def test_validity_may_not_end_before_the_issue(staf, coop_a):
    response = client_for(staf).post(
        reverse("kopontren:document_create", args=[coop_a.pk]),
        {
            "kind": "lainnya",
            "title": "Izin",
            "file": pdf(),
            "issued_on": "2025-03-01",
            "valid_until": "2025-01-01",
        },
    )
    assert "tidak boleh sebelum tanggal terbit" in response.content.decode()
    assert not coop_a.documents.exists()


def test_replacing_keeps_the_old_file_in_the_history(staf, coop_a):
    doc = document(coop_a, kind="nik", issued_on=datetime.date(2023, 1, 5))
    client_for(staf).post(
        reverse("kopontren:document_replace", args=[coop_a.pk, doc.pk]),
        {"file": pdf("baru.pdf"), "issued_on": "2025-01-05"},
    )
    doc.refresh_from_db()
    assert doc.file.name.endswith("baru.pdf")
    assert doc.valid_until == datetime.date(2027, 1, 5)
    old = doc.history.order_by("history_date").first()
    assert old.file == "uji/lama.pdf"
    assert doc.history.latest().history_change_reason == "Berkas diganti"


def test_replacing_needs_a_new_file(staf, coop_a):
    doc = document(coop_a)
    response = client_for(staf).post(
        reverse("kopontren:document_replace", args=[coop_a.pk, doc.pk]),
        {"issued_on": "2025-01-05"},
    )
    assert "file" in response.context["form"].errors
    doc.refresh_from_db()
    assert (doc.file.name, doc.issued_on) == ("uji/lama.pdf", None)


def test_deleting_needs_a_reason_and_the_history_keeps_it(staf, coop_a):
    doc = document(coop_a)
    url = reverse("kopontren:document_delete", args=[coop_a.pk, doc.pk])
    client = client_for(staf)
    assert client.post(url, {"reason": ""}).status_code == 200
    assert coop_a.documents.exists()
    client.post(url, {"reason": "Salah unggah, bukan dokumen koperasi ini"})
    assert not coop_a.documents.exists()
    deleted = Document.history.get(history_type="-")
    assert deleted.history_change_reason == "Salah unggah, bukan dokumen koperasi ini"
    assert deleted.title == "Dokumen uji"


def test_an_officer_proposes_a_document_with_its_dates(staf, pengurus_a, coop_a):
    client_for(pengurus_a).post(
        reverse("kopontren:document_create", args=[coop_a.pk]),
        {
            "kind": "nik",
            "title": "Sertifikat NIK",
            "file": pdf(),
            "issued_on": "2025-06-01",
        },
    )
    assert not coop_a.documents.exists()
    request = ChangeRequest.objects.get()
    client_for(staf).post(
        reverse("kopontren:change_request_approve", args=[request.pk])
    )
    doc = coop_a.documents.get()
    assert (doc.issued_on, doc.valid_until) == (
        datetime.date(2025, 6, 1),
        datetime.date(2027, 6, 1),
    )


def test_the_work_list_shows_documents_expired_or_running_out(staf, coop_a, coop_b):
    today = datetime.date.today()
    expired = document(
        coop_a, title="Kedaluwarsa", valid_until=today - datetime.timedelta(days=3)
    )
    soon = document(
        coop_b, title="Segera habis", valid_until=today + datetime.timedelta(days=60)
    )
    document(
        coop_b, title="Masih lama", valid_until=today + datetime.timedelta(days=200)
    )
    document(coop_b, title="Tanpa masa berlaku")
    # A renewed certificate takes the old one off the list.
    document(
        coop_a,
        kind="nik",
        title="NIK lama",
        valid_until=today - datetime.timedelta(days=1),
    )
    document(
        coop_a,
        kind="nik",
        title="NIK baru",
        valid_until=today + datetime.timedelta(days=700),
    )
    factories.cooperative(kabupaten="63.72").documents.create(
        kind="lainnya", title="Di luar Jember", file="x.pdf", valid_until=today
    )
    response = client_for(staf).get(EXPIRING)
    assert [doc.title for doc in response.context["page"]] == [
        expired.title,
        soon.title,
    ]
    assert "kedaluwarsa" in response.content.decode()


def test_the_work_list_query_count_does_not_grow(staf, coop_a):
    today = datetime.date.today()
    document(coop_a, valid_until=today)
    client = client_for(staf)
    with CaptureQueriesContext(connection) as one:
        client.get(EXPIRING)
    for index in range(6):
        coop = factories.cooperative()
        document(coop, title=f"Dok {index}", valid_until=today)
    with CaptureQueriesContext(connection) as many:
        response = client.get(EXPIRING)
    assert response.context["page"].paginator.count == 7
    assert len(one) == len(many)
