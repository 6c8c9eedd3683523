"""Offices (Dinas): which office speaks for a region and a user, what the header
shows, and the admin's pages for offices and their units."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from portal.models import Office, OfficeUnit
from tests import factories
from tests.conftest import client_for
from tests.opop import factories as opop_factories

JEMBER_NAME = "Dinas Koperasi dan Usaha Mikro Kabupaten Jember"
KALSEL_NAME = "Dinas Koperasi dan Usaha Kecil Menengah Provinsi Kalimantan Selatan"


@pytest.fixture
def jember_office(db):
    return factories.office(region_code="35.09", name=JEMBER_NAME)


@pytest.fixture
def kalsel_office(db):
    return factories.office(region_code="63", name=KALSEL_NAME)


def test_a_kabupaten_with_an_office_gets_its_own(jember_office, kalsel_office):
    assert Office.for_region("35.09") == jember_office
    assert Office.for_region(factories.region("63")) == kalsel_office


def test_a_kabupaten_without_an_office_falls_back_to_its_province(kalsel_office):
    assert Office.for_region("63.72") == kalsel_office
    banjarbaru = factories.office(region_code="63.72", name="Dinas Kota Banjarbaru")
    assert Office.for_region("63.72") == banjarbaru


def test_without_any_office_the_settings_default_speaks(settings, jember_office):
    settings.OFFICE_NAME = "Dinas Bawaan Uji"
    settings.OFFICE_ADDRESS = "Jl. Bawaan No. 1"
    default = Office.for_region("63.72")
    assert default.pk is None
    assert (default.name, default.address) == ("Dinas Bawaan Uji", "Jl. Bawaan No. 1")
    assert default.first_unit is None
    assert Office.for_region(None).name == "Dinas Bawaan Uji"


def test_the_office_of_a_user(staf, staf_banjarbaru, pengurus_a, admin, kalsel_office):
    jember = factories.office(region_code="35.09", name=JEMBER_NAME)
    assert Office.for_user(staf) == jember
    assert Office.for_user(staf_banjarbaru) == kalsel_office
    assert Office.for_user(pengurus_a) == jember  # their cooperative's kabupaten
    assert Office.for_user(admin).pk is None


@pytest.mark.parametrize(
    "who,expected",
    [
        ("staf", JEMBER_NAME),
        ("staf_banjarbaru", KALSEL_NAME),
        ("provinsi_kalsel", KALSEL_NAME),
        ("pengurus_a", JEMBER_NAME),
    ],
)
def test_the_header_names_the_users_own_office(
    request, jember_office, kalsel_office, coop_a, who, expected
):
    user = request.getfixturevalue(who)
    body = client_for(user).get(reverse("gemaskop:event_list")).content.decode()
    other = KALSEL_NAME if expected == JEMBER_NAME else JEMBER_NAME
    assert expected in body and other not in body


def test_single_office_installation_keeps_the_settings_name(settings, staf):
    settings.OFFICE_NAME = "Dinas Koperasi Satu-satunya"
    body = client_for(staf).get(reverse("portal:home")).content.decode()
    assert "Dinas Koperasi Satu-satunya" in body


def test_public_pages_name_the_portal_not_an_office(jember_office, kalsel_office):
    body = client_for(None).get(reverse("account_login")).content.decode()
    assert "Portal Kopontren" in body
    assert JEMBER_NAME not in body and KALSEL_NAME not in body


def test_the_public_product_page_names_the_office_of_its_cooperative(
    kalsel_office, coop_kalsel
):
    product = opop_factories.product(cooperative_obj=coop_kalsel, name="Kopi Uji")
    response = client_for(None).get(reverse("opop:catalogue_detail", args=[product.pk]))
    assert response.status_code == 200
    assert KALSEL_NAME in response.content.decode()


OFFICE_PAGES = ["list", "create", "edit", "unit_create", "unit_edit"]
# role × page: only the admin keeps the offices.
EXPECTED = {
    "admin": dict.fromkeys(OFFICE_PAGES, 200),
    "staf": dict.fromkeys(OFFICE_PAGES, 403),
    "pengurus_a": dict.fromkeys(OFFICE_PAGES, 403),
    "pengurus_b": dict.fromkeys(OFFICE_PAGES, 403),
    "provinsi": dict.fromkeys(OFFICE_PAGES, 403),
    "anonim": dict.fromkeys(OFFICE_PAGES, 302),
}


def office_urls(office, unit):
    return {
        "list": reverse("portal:office_list"),
        "create": reverse("portal:office_create"),
        "edit": reverse("portal:office_edit", args=[office.pk]),
        "unit_create": reverse("portal:unit_create", args=[office.pk]),
        "unit_edit": reverse("portal:unit_edit", args=[office.pk, unit.pk]),
    }


@pytest.mark.parametrize("who", list(EXPECTED))
def test_office_pages_answer_each_role_as_expected(personas, who, jember_office):
    unit = factories.unit(office_obj=jember_office)
    client = client_for(personas[who])
    for name, url in office_urls(jember_office, unit).items():
        assert client.get(url).status_code == EXPECTED[who][name], (name, url)


@pytest.mark.parametrize("who", ["staf", "pengurus_a", "provinsi", "anonim"])
def test_refused_office_posts_change_nothing(personas, who, jember_office):
    unit = factories.unit(office_obj=jember_office, head_name="Kepala Asli")
    client = client_for(personas[who])
    urls = office_urls(jember_office, unit)
    client.post(urls["edit"], {"name": "Dibajak"})
    client.post(urls["unit_edit"], {"head_name": "Penyusup"})
    client.post(urls["create"], {"region": "63", "name": "Palsu"})
    jember_office.refresh_from_db()
    unit.refresh_from_db()
    assert jember_office.name == JEMBER_NAME and unit.head_name == "Kepala Asli"
    assert Office.objects.count() == 1


def logo_png():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), "green").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")


def test_admin_creates_an_office_with_a_logo_and_a_unit(admin):
    client = client_for(admin)
    data = {
        "region": "63",
        "name": KALSEL_NAME,
        "short_name": "Diskop UKM Kalsel",
        "government": "Pemerintah Provinsi Kalimantan Selatan",
        "address": "Banjarmasin",
        "number_classification": "800",
        "number_format": "{klasifikasi}/{nomor}/{kegiatan}/{wilayah}/{tahun}",
        "logo": logo_png(),
    }
    response = client.post(reverse("portal:office_create"), data)
    assert response.status_code == 302
    office = Office.objects.get(region="63")
    assert office.logo.name.endswith(".png")
    response = client.post(
        reverse("portal:unit_create", args=[office.pk]),
        {
            "name": "Bidang Kelembagaan",
            "order": 1,
            "head_name": "Kepala Banua (Demo)",
            "head_title": "Kepala Bidang Kelembagaan",
            "head_nip": "198001012006041001",
        },
    )
    assert response.status_code == 302
    assert OfficeUnit.objects.get(office=office).head_name == "Kepala Banua (Demo)"
    listing = client.get(reverse("portal:office_list")).content.decode()
    assert "Kepala Banua (Demo)" in listing


def test_a_fake_logo_and_a_short_nip_are_refused_with_messages(admin, jember_office):
    client = client_for(admin)
    data = {
        "region": "35.09",
        "name": JEMBER_NAME,
        "short_name": "Diskopum Jember",
        "government": "Pemerintah Kabupaten Jember",
        "address": "Jember",
        "number_classification": "800",
        "number_format": "{klasifikasi}/{nomor}/{kegiatan}/{wilayah}/{tahun}",
        "logo": SimpleUploadedFile("logo.png", b"GIF89a bukan png"),
    }
    response = client.post(reverse("portal:office_edit", args=[jember_office.pk]), data)
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    response = client.post(
        reverse("portal:unit_create", args=[jember_office.pk]),
        {
            "name": "B",
            "order": 0,
            "head_name": "X",
            "head_title": "Y",
            "head_nip": "12",
        },
    )
    assert "NIP terdiri dari 18 angka" in response.content.decode()
    assert not jember_office.units.exists()


@pytest.mark.parametrize("count", [1, 12])
def test_office_list_query_count_does_not_grow_with_offices(admin, count):
    codes = ["35", "63", "35.09", "35.10", "35.11", "35.12", "63.71", "63.72"]
    codes += ["63.01", "63.02", "63.03", "63.04"]
    for code in codes[:count]:
        office = factories.office(region_code=code)
        factories.unit(office_obj=office)
        factories.unit(office_obj=office, name="Bidang Lain")
    client = client_for(admin)
    url = reverse("portal:office_list")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.content.decode().count("Bidang Lain") == count
    assert len(queries) <= 6


def test_the_django_admin_lists_offices(admin, jember_office):
    response = client_for(admin).get(reverse("admin:portal_office_changelist"))
    assert response.status_code == 200
    assert JEMBER_NAME in response.content.decode()


def test_the_printed_summary_and_its_exports_carry_the_reporting_office(
    provinsi_kalsel, kalsel_office, jember_office
):
    client = client_for(provinsi_kalsel)
    html = client.get(reverse("portal:summary")).content.decode()
    assert 'class="print-only"' in html and "Pemerintah Uji 63" in html
    assert "Pemerintah Uji 35.09" not in html
    response = client.get(reverse("portal:summary_export", args=["status", "csv"]))
    first_row = response.content.decode("utf-8-sig").splitlines()[0]
    assert first_row.startswith(KALSEL_NAME)
