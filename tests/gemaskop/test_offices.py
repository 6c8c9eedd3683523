"""Each event's documents speak for the office that organises it: letterhead,
signatory and certificate numbers, read back from the PDFs."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from gemaskop import services
from gemaskop.models import Event
from portal.models import Office
from tests import factories as base
from tests.conftest import client_for
from tests.gemaskop import factories
from tests.gemaskop.test_documents import pdf_text


def png(colour="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(buffer, "PNG")
    return SimpleUploadedFile("gambar.png", buffer.getvalue(), "image/png")


@pytest.fixture
def offices(db):
    jember = base.office(
        region_code="35.09",
        name="Dinas Koperasi dan Usaha Mikro Kabupaten Jember",
        short_name="Diskopum Jember",
        government="Pemerintah Kabupaten Jember",
        address="Jl. Kalimantan No. 82, Jember",
    )
    kalsel = base.office(
        region_code="63",
        name="Dinas Koperasi dan Usaha Kecil Menengah Provinsi Kalimantan Selatan",
        short_name="Diskop UKM Kalsel",
        government="Pemerintah Provinsi Kalimantan Selatan",
        address="Jl. Jenderal Sudirman No. 9, Banjarmasin",
        phone="0511-3354411",
    )
    return {
        "jember": jember,
        "kalsel": kalsel,
        "jember_head": base.unit(
            office_obj=jember,
            name="Bidang Kelembagaan dan Pengawasan",
            head_name="Rudi Uji Prasetya",
            head_nip="197501012000031001",
        ),
        "kalsel_head": base.unit(
            office_obj=kalsel,
            name="Bidang Kelembagaan",
            head_name="Banua Uji Kepala",
            head_nip="198202022008012002",
        ),
    }


@pytest.fixture
def kalsel_raker(offices, coop_kalsel):
    event = factories.event(
        name="Rapat Kerja OPOP Uji",
        kabupaten="63.72",
        kind="raker_opop",
        start_date=factories.DAY.replace(year=2024),
        office=offices["kalsel"],
    )
    session = factories.session(event_obj=event, title="Hari pertama")
    factories.attend(session_obj=session, name="Ketua Banua", cooperative=coop_kalsel)
    return event, session


@pytest.fixture
def jember_event(offices):
    event = factories.event(name="Sosialisasi Jember Uji", office=offices["jember"])
    session = factories.session(event_obj=event)
    factories.attend(session_obj=session, name="Santri Jember", institution="MA Uji")
    return event, session


def flat_pdf(client, url):
    _reader, text = pdf_text(client.get(url))
    return " ".join(text.split())


def test_kalsel_raker_papers_carry_kalsel_letterhead_and_signatory(
    offices, kalsel_raker, provinsi_kalsel
):
    event, session = kalsel_raker
    services.certificates_issue(event=event)
    client = client_for(provinsi_kalsel)
    for url in [
        reverse("gemaskop:daftar_hadir", args=[event.pk, session.pk]),
        reverse("gemaskop:certificates_pdf", args=[event.pk]),
    ]:
        flat = flat_pdf(client, url)
        assert "PEMERINTAH PROVINSI KALIMANTAN SELATAN" in flat, url
        assert offices["kalsel"].name.upper() in flat
        assert "Jl. Jenderal Sudirman No. 9, Banjarmasin" in flat
        assert "Banua Uji Kepala" in flat and "NIP. 198202022008012002" in flat
        assert "Kepala Bidang Kelembagaan" in flat
        assert "JEMBER" not in flat and "Rudi Uji Prasetya" not in flat


def test_jember_event_papers_carry_jember_letterhead_and_signatory(
    offices, jember_event, staf
):
    event, session = jember_event
    services.certificates_issue(event=event)
    client = client_for(staf)
    for url in [
        reverse("gemaskop:daftar_hadir", args=[event.pk, session.pk]),
        reverse("gemaskop:certificates_pdf", args=[event.pk]),
    ]:
        flat = flat_pdf(client, url)
        assert "PEMERINTAH KABUPATEN JEMBER" in flat, url
        assert "DINAS KOPERASI DAN USAHA MIKRO KABUPATEN JEMBER" in flat
        assert "Rudi Uji Prasetya" in flat and "NIP. 197501012000031001" in flat
        assert "KALIMANTAN" not in flat


def test_a_chosen_signatory_signs_instead_of_the_first_unit(offices, jember_event):
    event, session = jember_event
    other = base.unit(
        office_obj=offices["jember"], name="Bidang Usaha Mikro", head_name="Dewi Uji"
    )
    event.signatory = other
    event.save()
    url = reverse("gemaskop:daftar_hadir", args=[event.pk, session.pk])
    flat = flat_pdf(client_for(base.user(role="admin", is_superuser=True)), url)
    assert "Dewi Uji" in flat and "Kepala Bidang Usaha Mikro" in flat
    assert "Rudi Uji Prasetya" not in flat


def test_a_signatory_of_another_office_is_refused(offices, jember_event):
    event, _session = jember_event
    event.signatory = offices["kalsel_head"]
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "signatory" in error.value.message_dict


def test_certificates_are_numbered_per_office_kind_and_year(offices, kalsel_raker):
    raker, _session = kalsel_raker
    assert [c.number for c in services.certificates_issue(event=raker)] == [
        "800/001/RAKER-OPOP/63/2024"
    ]
    again = factories.event(
        name="Raker Kedua",
        kabupaten="63.71",
        kind="raker_opop",
        start_date=raker.start_date,
        office=offices["kalsel"],
    )
    factories.speaker(event_obj=again, name="Narasumber Banua")
    assert services.certificates_issue(event=again)[0].number == (
        "800/002/RAKER-OPOP/63/2024"
    )
    jember = factories.event(name="Sosialisasi Jember", office=offices["jember"])
    factories.speaker(event_obj=jember)
    assert services.certificates_issue(event=jember)[0].number == (
        "800/001/GEMASKOP/35.09/2025"
    )


def test_an_office_sets_its_own_number_format(offices, jember_event):
    office = offices["jember"]
    office.number_classification = "500.3"
    office.number_format = "{kegiatan}/{nomor}/{klasifikasi}/{wilayah}/{tahun}"
    office.full_clean()
    office.save()
    event, _session = jember_event
    assert services.certificates_issue(event=event)[0].number == (
        "GEMASKOP/001/500.3/35.09/2025"
    )


@pytest.mark.parametrize(
    "number_format", ["{nomor}/{tahun}", "{nomor}/{kegiatan}/{wilayah}/{tahun}/{x}"]
)
def test_a_format_that_could_repeat_numbers_is_refused(offices, number_format):
    office = offices["jember"]
    office.number_format = number_format
    with pytest.raises(ValidationError) as error:
        office.full_clean()
    assert "number_format" in error.value.message_dict


def test_the_public_check_finds_a_certificate_by_its_office_number(kalsel_raker):
    raker, _session = kalsel_raker
    certificate = services.certificates_issue(event=raker)[0]
    bare = Client().get(
        reverse("gemaskop:certificate_verify", args=[certificate.number])
    )
    html = bare.content.decode()
    assert bare.status_code == 200
    # A number alone names no one, but says it exists and who issued it.
    assert "Ketua Banua" not in html
    assert "Dinas Koperasi dan Usaha Kecil Menengah Provinsi" in html  # issuer
    with_code = Client().get(
        reverse("gemaskop:certificate_lookup"),
        {"nomor": certificate.number, "kode": certificate.check_code},
    )
    html = with_code.content.decode()
    assert "Sertifikat sah" in html and "Ketua Banua" in html
    assert "Dinas Koperasi dan Usaha Kecil Menengah Provinsi" in html


def test_an_event_without_an_office_uses_its_kabupatens_or_provinces(offices):
    banjarbaru = factories.event(name="Tanpa Dinas", kabupaten="63.72")
    assert banjarbaru.office is None
    assert banjarbaru.organiser == offices["kalsel"]
    assert banjarbaru.signing_unit == offices["kalsel_head"]


def test_staff_creating_an_event_gets_their_office_and_its_first_head(offices, staf):
    data = {
        "name": "Bimtek Baru Uji",
        "kind": "bimtek",
        "budget_year": 2025,
        "bidang": "Bidang Kelembagaan dan Pengawasan",
        "start_date": "2025-11-03",
        "end_date": "2025-11-03",
        "venue": "Aula",
        "kabupaten": "35.09",
    }
    response = client_for(staf).post(reverse("gemaskop:event_create"), data)
    assert response.status_code == 302
    event = Event.objects.get(name="Bimtek Baru Uji")
    assert event.office == offices["jember"]
    assert event.signatory == offices["jember_head"]


def test_staff_cannot_put_an_event_under_another_office(offices, staf):
    data = {
        "name": "Menyusup Uji",
        "kind": "bimtek",
        "budget_year": 2025,
        "start_date": "2025-11-03",
        "end_date": "2025-11-03",
        "venue": "Aula",
        "kabupaten": "35.09",
        "office": offices["kalsel"].pk,
    }
    response = client_for(staf).post(reverse("gemaskop:event_create"), data)
    assert response.status_code == 200
    assert not Event.objects.filter(name="Menyusup Uji").exists()


def test_signature_and_stamp_print_only_when_the_office_turns_them_on(
    offices, jember_event
):
    office = offices["jember"]
    office.logo = png("green")
    office.signature_image = png("blue")
    office.stamp = png("red")
    office.phone = "0331-123456"
    office.email = "diskopum@contoh.test"
    office.website = "diskopum.contoh.test"
    office.save()
    event, _session = jember_event
    certificate = services.certificates_issue(event=event)[0]
    admin = base.user(role="admin", is_superuser=True)
    url = reverse("gemaskop:certificate_pdf", args=[event.pk, certificate.pk])
    reader, _text = pdf_text(client_for(admin).get(url))
    assert len(reader.pages[0].images) == 1  # the logo only
    office.print_signature = True
    office.save()
    reader, text = pdf_text(client_for(admin).get(url))
    assert len(reader.pages) == 1  # the full letterhead still fits one page
    assert len(reader.pages[0].images) == 3
    assert "diskopum@contoh.test" in text


def test_the_logo_is_printed_in_the_letterhead(offices, jember_event, staf):
    office = offices["jember"]
    office.logo = png("green")
    office.save()
    event, session = jember_event
    url = reverse("gemaskop:daftar_hadir", args=[event.pk, session.pk])
    reader, _text = pdf_text(client_for(staf).get(url))
    assert len(reader.pages[0].images) == 1


def test_a_logo_that_is_not_an_image_is_refused(offices):
    office = offices["jember"]
    office.logo = SimpleUploadedFile("logo.png", b"<script>bukan gambar</script>")
    with pytest.raises(ValidationError) as error:
        office.full_clean()
    assert "logo" in error.value.message_dict


def test_single_office_settings_still_head_the_papers(settings, staf):
    settings.OFFICE_NAME = "Dinas Koperasi Kabupaten Contoh"
    settings.OFFICE_ADDRESS = "Jl. Contoh No. 1, Kota Contoh"
    assert not Office.objects.exists()
    event = factories.event(name="Sosialisasi Satu Dinas")
    session = factories.session(event_obj=event)
    factories.attend(session_obj=session, name="Peserta Satu")
    certificate = services.certificates_issue(event=event)[0]
    assert certificate.number == "GEMASKOP/2025/0001"
    flat = flat_pdf(
        client_for(staf), reverse("gemaskop:daftar_hadir", args=[event.pk, session.pk])
    )
    assert "DINAS KOPERASI KABUPATEN CONTOH" in flat
    assert "Jl. Contoh No. 1, Kota Contoh" in flat
    assert "(..............................................)" in flat
