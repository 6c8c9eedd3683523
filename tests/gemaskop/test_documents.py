"""The printed daftar hadir and the certificates, read back from the PDF itself."""

import io

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from gemaskop import pdf, services
from gemaskop.models import Certificate
from gemaskop.views_documents import certificate_context
from tests.conftest import client_for
from tests.gemaskop import factories


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_filled_daftar_hadir_lists_everyone_across_pages(jember, staf, settings):
    names = [f"Peserta Nomor {index:02d}" for index in range(45)]
    for name in names:
        factories.attend(session_obj=jember["session"], name=name, institution="MA Uji")
    url = reverse(
        "gemaskop:daftar_hadir", args=[jember["event"].pk, jember["session"].pk]
    )
    reader, text = pdf_text(client_for(staf).get(url))
    assert len(reader.pages) >= 2
    flat = " ".join(text.split())
    assert all(name in flat for name in names + ["Ahmad Santri Alif"])
    assert settings.OFFICE_NAME.upper() in flat
    assert "DAFTAR HADIR" in flat and "Sosialisasi GEMASKOP Uji" in flat
    assert "Senin, 6 Oktober 2025" in flat
    assert "Tanda Tangan" in reader.pages[1].extract_text()  # header repeats
    assert f"Halaman 1 dari {len(reader.pages)}" in flat
    assert f"Halaman {len(reader.pages)} dari {len(reader.pages)}" in flat


def test_blank_daftar_hadir_is_prefilled_from_invitations(jember, staf):
    factories.attend(session_obj=jember["session"], name="Sudah Datang")
    url = reverse(
        "gemaskop:daftar_hadir", args=[jember["event"].pk, jember["session"].pk]
    )
    _reader, text = pdf_text(client_for(staf).get(url, {"kosong": "1"}))
    flat = " ".join(text.split())
    assert "Siti Undangan" in flat and "Pesantren Uji Alif" in flat
    assert "Sudah Datang" not in flat


def test_certificates_get_unique_numbers_once(jember):
    event = jember["event"]
    first = Certificate.objects.filter(event=event).order_by("number")
    assert [c.number for c in first] == ["GEMASKOP/2025/0001", "GEMASKOP/2025/0002"]
    factories.attend(session_obj=jember["session"], name="Datang Terlambat")
    issued = services.certificates_issue(event=event)
    assert [c.number for c in issued] == ["GEMASKOP/2025/0003"]
    assert services.certificates_issue(event=event) == []
    other = factories.event(name="Bimtek Lain", kind="bimtek")
    factories.attend(session_obj=factories.session(event_obj=other), name="Orang Lain")
    assert services.certificates_issue(event=other)[0].number == "GEMASKOP/2025/0004"


def test_certificate_numbers_are_unique_in_the_database(jember):
    certificate = jember["certificate"]
    with pytest.raises(IntegrityError):
        Certificate.objects.create(
            event=certificate.event,
            speaker=jember["speaker"],
            number=certificate.number,
            recipient_name="Tiruan",
        )


def test_certificate_pdfs_hold_the_names_and_a_qr_to_verification(jember, staf):
    event = jember["event"]
    client = client_for(staf)
    one = reverse("gemaskop:certificate_pdf", args=[event.pk, jember["certificate"].pk])
    _reader, text = pdf_text(client.get(one))
    flat = " ".join(text.split())
    assert "Ahmad Santri Alif" in flat and "GEMASKOP/2025/0002" in flat
    assert "Sosialisasi GEMASKOP Uji" in flat and "6 Oktober 2025" in flat
    reader, text = pdf_text(
        client.get(reverse("gemaskop:certificates_pdf", args=[event.pk]))
    )
    assert len(reader.pages) == 2
    flat = " ".join(text.split())
    assert (
        "Ahmad Santri Alif" in flat and "Emi" in flat and "Narasumber" in flat.title()
    )


def test_a_bare_number_shows_only_that_it_exists_and_its_event(jember):
    certificate = jember["certificate"]
    for response in (
        Client().get(reverse("gemaskop:certificate_verify", args=[certificate.number])),
        Client().get(
            reverse("gemaskop:certificate_lookup"), {"nomor": certificate.number}
        ),
    ):
        html = response.content.decode()
        assert response.status_code == 200
        assert "Nomor sertifikat terdaftar" in html
        assert "Sosialisasi GEMASKOP Uji" in html and "6 Oktober 2025" in html
        assert "Ahmad Santri Alif" not in html
        assert "081234567890" not in html and "Pesantren Uji Alif" not in html


def test_number_and_printed_code_show_the_name(jember):
    certificate = jember["certificate"]
    typed = certificate.check_code.lower().replace("-", " ")

    response = Client().get(
        reverse("gemaskop:certificate_lookup"),
        {"nomor": certificate.number, "kode": typed},
    )

    html = response.content.decode()
    assert "Sertifikat sah" in html and "Ahmad Santri Alif" in html
    assert "Sosialisasi GEMASKOP Uji" in html


def test_a_wrong_code_does_not_show_the_name(jember):
    certificate = jember["certificate"]
    other = jember["event"].certificates.exclude(pk=certificate.pk).first()
    assert other.check_code != certificate.check_code

    response = Client().get(
        reverse("gemaskop:certificate_lookup"),
        {"nomor": certificate.number, "kode": other.check_code},
    )

    html = response.content.decode()
    assert "Kode verifikasi tidak cocok" in html
    assert "Ahmad Santri Alif" not in html and "Emi" not in html


def test_the_qr_token_shows_the_name(jember):
    response = Client().get(jember["certificate"].verify_path())

    html = response.content.decode()
    assert "Sertifikat sah" in html and "Ahmad Santri Alif" in html


def test_the_certificate_pdf_prints_the_check_code(jember, staf):
    certificate = jember["certificate"]
    url = reverse("gemaskop:certificate_pdf", args=[jember["event"].pk, certificate.pk])

    _reader, text = pdf_text(client_for(staf).get(url))

    assert certificate.check_code in " ".join(text.split())


def test_a_made_up_number_is_not_found(jember):
    response = Client().get(
        reverse("gemaskop:certificate_verify", args=["GEMASKOP/2025/9999"])
    )
    assert response.status_code == 404
    assert "Sertifikat tidak ditemukan" in response.content.decode()
    assert "tidak sah" in response.content.decode()


LONG_EVENT = (
    "Sosialisasi Gerakan Masyarakat Sadar Koperasi (GEMASKOP) bagi Pengurus, "
    "Pengawas dan Santri Koperasi Pondok Pesantren se-Kabupaten Jember Tahun 2025"
)


def test_thirty_certificates_with_long_names_fill_exactly_thirty_pages(staf):
    event = factories.event(name=LONG_EVENT, venue="Aula Diskopum " * 6)
    session = factories.session(event_obj=event)
    for index in range(30):
        name = f"Muhammad Abdurrahman Al-Ghifari Wijayakusuma Nomor {index:02d} Bin"
        name = (name + " Ahmad Sholeh")[:60]
        factories.attend(session_obj=session, name=name, institution="MA Uji")
    assert len(services.certificates_issue(event=event)) == 30
    response = client_for(staf).get(
        reverse("gemaskop:certificates_pdf", args=[event.pk])
    )
    reader, text = pdf_text(response)
    assert len(reader.pages) == 30
    last = " ".join(reader.pages[-1].extract_text().split())
    # The signature block (its place and date) sits at the foot of the last page.
    assert "6 Oktober 2025" in last and "Nomor 29" in last and "Tahun 2025" in last
    document = pdf.render_document(
        "gemaskop/pdf/certificate.html",
        certificate_context(event.certificates.order_by("number"), event),
    )
    for page in document.pages:
        frame = only_frame(page)
        inside = page.height - page._page_box.margin_bottom
        assert frame.border_box_y() + frame.border_height() <= inside
        for part in boxes(frame):  # no line cut off by its box
            if type(part).__name__ == "BlockBox" and part.element_tag == "div":
                bottom = part.border_box_y() + part.border_height()
                # (a hundredth of a pixel for the floating point of the layout)
                assert all(
                    line.position_y + line.height <= bottom + 0.01
                    for line in lines(part)
                )


def boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from boxes(child)


def only_frame(page):
    """The certificate's frame (WeasyPrint's layout box) on a page."""
    (frame,) = [
        box
        for box in boxes(page._page_box)
        if getattr(box, "element", None) is not None
        and box.element.get("class") == "sertifikat"
        and box.element_tag == "div"
    ]
    return frame


def lines(frame):
    return [box for box in boxes(frame) if type(box).__name__ == "LineBox"]


def test_certificates_print_only_for_people_still_marked_present(jember, staf):
    event = jember["event"]
    services.attendance_remove(
        attendance=jember["attendance"], reason="Salah ketik", removed_by=staf
    )
    response = client_for(staf).get(
        reverse("gemaskop:certificates_pdf", args=[event.pk])
    )
    reader, text = pdf_text(response)
    assert "Ahmad Santri Alif" not in text
    assert len(reader.pages) == 1  # the speaker's certificate only
    one = reverse("gemaskop:certificate_pdf", args=[event.pk, jember["certificate"].pk])
    assert client_for(staf).get(one).status_code == 404
