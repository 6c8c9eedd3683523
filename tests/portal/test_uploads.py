"""Uploads are checked by what they hold, not by their name, and served as inert
downloads."""

import io
import zipfile

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gemaskop.forms import PhotoForm
from kopontren.models import Document
from portal.forms import MATERIAL_KINDS, validate_document
from tests import factories
from tests.conftest import client_for
from tests.gemaskop import factories as gemaskop_factories


def upload(name, content):
    return SimpleUploadedFile(name, content)


def png(width=10, height=10):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def huge_png_header(width, height):
    """A PNG whose header claims width × height (the pixels are never there)."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def office(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<w:document/>")
    return buffer.getvalue()


def refusal(name, content, **kwargs):
    with pytest.raises(forms.ValidationError) as error:
        validate_document(upload(name, content), **kwargs)
    return " ".join(error.value.messages)


def test_a_real_pdf_and_a_real_image_are_accepted():
    validate_document(upload("akta.pdf", factories.pdf_bytes()))
    validate_document(upload("scan.png", png()))


def test_an_html_file_named_pdf_is_refused():
    message = refusal("akta.pdf", b"<html><script>alert(1)</script></html>")

    assert "bukan PDF yang utuh" in message


def test_a_pdf_header_without_a_readable_page_is_refused():
    assert "bukan PDF" in refusal("akta.pdf", b"%PDF-1.4\n% tidak ada halaman\n")


def test_a_pdf_named_jpg_is_refused():
    assert "bukan foto" in refusal("scan.jpg", factories.pdf_bytes())


def test_an_image_over_40_megapixels_is_refused():
    message = refusal("foto.png", huge_png_header(8000, 5001))

    assert "40 megapiksel" in message


def test_an_image_of_40_megapixels_is_accepted():
    validate_document(upload("foto.png", huge_png_header(8000, 5000)))


def test_office_files_are_checked_by_their_zip_structure():
    validate_document(upload("materi.docx", office("word/")), kinds=MATERIAL_KINDS)
    validate_document(upload("materi.pptx", office("ppt/")), kinds=MATERIAL_KINDS)

    assert "bukan dokumen Office" in refusal(
        "materi.pptx", office("word/"), kinds=MATERIAL_KINDS
    )
    assert "bukan dokumen Office" in refusal(
        "materi.docx", b"PK bukan zip", kinds=MATERIAL_KINDS
    )
    assert "PDF, PowerPoint atau Word" in refusal(
        "materi.exe", b"MZ", kinds=MATERIAL_KINDS
    )


@pytest.mark.django_db
def test_a_document_page_refuses_a_disguised_file(staf, coop_a):
    response = client_for(staf).post(
        reverse("kopontren:document_create", args=[coop_a.pk]),
        {
            "kind": Document.Kind.choices[0][0],
            "title": "Akta palsu",
            "file": upload("akta.pdf", b"<html>bukan pdf</html>"),
        },
    )

    assert response.status_code == 200
    assert "bukan PDF yang utuh" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_document_is_served_as_an_uncached_inert_download(staf, coop_a):
    document = Document.objects.create(
        cooperative=coop_a,
        kind=Document.Kind.choices[0][0],
        title="Akta",
        file=upload("akta.pdf", factories.pdf_bytes()),
    )
    url = reverse(
        "kopontren:document_download", args=[coop_a.pk, "dokumen", document.pk]
    )

    response = client_for(staf).get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_an_event_photo_over_40_megapixels_is_refused():
    event = gemaskop_factories.event()
    form = PhotoForm(
        {"caption": "Aula"},
        {"image": upload("aula.png", huge_png_header(12000, 12000))},
        event=event,
    )

    assert not form.is_valid()
    assert "40 megapiksel" in " ".join(form.errors["image"])
