"""An event keeps its papers: uploaded by those who manage it, listed on its page and
downloaded by those who may read its documents."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gemaskop.models import EventPaper
from tests import factories
from tests.conftest import client_for
from tests.opop import factories as opop_factories


def upload(client, event, *, name, content, kind="laporan", title="Laporan Hasil"):
    return client.post(
        reverse("gemaskop:record_create", args=[event.pk, "dokumen"]),
        {"kind": kind, "title": title, "file": SimpleUploadedFile(name, content)},
    )


def test_staff_upload_a_report_that_the_province_reads_and_downloads(
    kalsel, staf_banjarbaru, provinsi_kalsel
):
    event = kalsel["event"]
    response = upload(
        client_for(staf_banjarbaru),
        event,
        name="laporan-raker.pdf",
        content=factories.pdf_bytes(),
        title="Laporan Hasil Rapat Kerja",
    )
    assert response.status_code == 302
    paper = EventPaper.objects.get(event=event)
    reader = client_for(provinsi_kalsel)
    page = reader.get(event.get_absolute_url()).content.decode()
    assert "Laporan Hasil Rapat Kerja" in page and "Laporan hasil kegiatan" in page
    download = reader.get(
        reverse("gemaskop:event_file", args=[event.pk, "dokumen", paper.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == factories.pdf_bytes()
    assert "attachment" in download["Content-Disposition"]


def test_a_file_whose_content_is_not_what_its_name_says_is_refused(jember, staf):
    response = upload(
        client_for(staf),
        jember["event"],
        name="notulen.pdf",
        content=b"MZ\x90\x00 not a pdf",
        kind="notulen",
    )
    assert response.status_code == 200
    assert "bukan PDF yang utuh" in response.content.decode()
    assert not EventPaper.objects.filter(kind="notulen").exists()


def test_a_scan_of_the_signed_daftar_hadir_is_accepted_as_png(jember, staf):
    response = upload(
        client_for(staf),
        jember["event"],
        name="daftar-hadir.png",
        content=opop_factories.png_bytes(),
        kind="daftar_hadir",
        title="",
    )
    assert response.status_code == 302
    assert EventPaper.objects.filter(kind="daftar_hadir").exists()


def test_an_officer_who_sees_the_event_does_not_see_its_papers(jember, pengurus_a):
    page = client_for(pengurus_a).get(jember["event"].get_absolute_url())
    assert page.status_code == 200
    assert "Laporan Uji" not in page.content.decode()
