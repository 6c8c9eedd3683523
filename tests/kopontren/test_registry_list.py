import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kopontren.models import Pesantren, last_book_year
from tests import factories
from tests.conftest import client_for


def list_url(**params):
    return reverse("kopontren:cooperative_list") + (
        "?" + urlencode(params) if params else ""
    )


def names(response):
    return [coop.name for coop in response.context["page"]]


def make_many(count, **extra):
    kec = factories.kecamatan()
    for index in range(count):
        coop = factories.cooperative(
            name=f"Kopontren Banyak {index:03d}",
            pesantren_obj=factories.pesantren(kecamatan=kec),
            **extra,
        )
        factories.officer(cooperative_obj=coop)
        factories.yearly_figures(cooperative_obj=coop, book_year=last_book_year())
        factories.berbadan_hukum(
            cooperative_obj=coop, ahu_date=datetime.date(2024, 1, 5)
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_is_flat_with_one_and_many_rows(staf):
    client = client_for(staf)
    make_many(1)
    one = count_queries(client, list_url())
    make_many(24)
    many = count_queries(client, list_url())
    assert one == many


def test_pesantren_list_query_count_is_flat(staf):
    client = client_for(staf)
    factories.pesantren()
    one = count_queries(client, reverse("kopontren:pesantren_list"))
    for _ in range(20):
        factories.pesantren()
    assert count_queries(client, reverse("kopontren:pesantren_list")) == one


def test_public_directory_query_count_is_flat(db):
    client = client_for(None)
    factories.cooperative()
    one = count_queries(client, reverse("kopontren:directory"))
    make_many(20)
    assert count_queries(client, reverse("kopontren:directory")) == one


def test_search_finds_by_name_with_a_typo(staf):
    factories.cooperative(name="Kopontren Miftahul Huda")
    factories.cooperative(name="Kopontren Darussalam")
    response = client_for(staf).get(list_url(q="Miftakhul"))
    assert names(response) == ["Kopontren Miftahul Huda"]


def test_search_finds_by_nik_nspp_and_ahu_number(staf):
    by_nik = factories.cooperative(name="Satu", nik_koperasi="3509123456789")
    by_nspp = factories.cooperative(
        name="Dua", pesantren_obj=factories.pesantren(nspp="510335090001")
    )
    by_ahu = factories.cooperative(name="Tiga")
    factories.legal_event(
        cooperative_obj=by_ahu,
        kind="ahu",
        date=datetime.date(2019, 5, 1),
        number="AHU-0000203.AH.01.26.TAHUN 2019",
    )
    client = client_for(staf)
    assert names(client.get(list_url(q="3509123456789"))) == [by_nik.name]
    assert names(client.get(list_url(q="510335090001"))) == [by_nspp.name]
    assert names(client.get(list_url(q="AHU-0000203"))) == [by_ahu.name]


def test_filters_by_status_kecamatan_and_rat_year(staf):
    kec = factories.kecamatan()
    other_kec = factories.kecamatan(code="35.09.02", name="Gumukmas")
    bh = factories.cooperative(
        name="Berbadan", pesantren_obj=factories.pesantren(kecamatan=kec)
    )
    factories.berbadan_hukum(cooperative_obj=bh, ahu_date=datetime.date(2024, 3, 3))
    factories.yearly_figures(cooperative_obj=bh, book_year=2024)
    belum = factories.cooperative(
        name="Belum", pesantren_obj=factories.pesantren(kecamatan=other_kec)
    )
    client = client_for(staf)
    assert names(client.get(list_url(status="bh"))) == [bh.name]
    assert names(client.get(list_url(kecamatan="35.09.02"))) == [belum.name]
    assert names(client.get(list_url(rat=2024))) == [bh.name]
    assert names(client.get(list_url(bh_tahun=2024))) == [bh.name]


def test_work_lists(staf):
    without_nik = factories.cooperative(name="Tanpa NIK")
    with_all = factories.cooperative(name="Lengkap", nik_koperasi="3509000000001")
    factories.yearly_figures(cooperative_obj=with_all, book_year=last_book_year())
    client = client_for(staf)
    assert names(client.get(list_url(kerja="tanpa-nik"))) == [without_nik.name]
    assert names(client.get(list_url(kerja="tanpa-rat"))) == [without_nik.name]


def test_staff_list_never_shows_another_kabupaten(staf, coop_a, coop_kalsel):
    response = client_for(staf).get(list_url())
    assert names(response) == [coop_a.name]
    # Asking for Banjarbaru explicitly is refused as an invalid filter: still scoped.
    response = client_for(staf).get(list_url(kabupaten="63.72"))
    assert coop_kalsel.name not in names(response)


def test_provincial_official_filters_within_their_province(
    provinsi_kalsel, coop_kalsel
):
    response = client_for(provinsi_kalsel).get(list_url(kabupaten="63.72"))
    assert names(response) == [coop_kalsel.name]


def test_a_new_cooperative_with_a_very_close_name_gets_a_warning_first(staf, coop_a):
    pesantren = factories.pesantren(kecamatan=coop_a.kecamatan)
    data = {
        "name": "Kopontren Uji Aliff",
        "pesantren": pesantren.pk,
        "kelompok": "kopontren",
        "jenis": "konsumen",
        "bentuk": "primer_kab",
        "pola": "syariah",
        "is_active": "on",
        "kabupaten": "35.09",
        "kecamatan": coop_a.kecamatan_id,
    }
    client = client_for(staf)
    response = client.post(reverse("kopontren:cooperative_create"), data)
    assert response.status_code == 200
    assert "nama sangat mirip" in response.content.decode()
    assert "Tetap simpan, ini lembaga lain" in response.content.decode()
    assert not pesantren.cooperatives.exists()
    response = client.post(
        reverse("kopontren:cooperative_create"), {**data, "tetap_simpan": "1"}
    )
    assert response.status_code == 302
    assert pesantren.cooperatives.get().name == "Kopontren Uji Aliff"


def test_nik_koperasi_of_unusual_length_is_kept_with_a_warning(staf, coop_a):
    coop_a.nik_koperasi = "12345"
    coop_a.save()
    page = client_for(staf).get(
        reverse("kopontren:cooperative_detail", args=[coop_a.pk])
    )
    assert "biasanya 13 digit" in page.content.decode()


def test_completeness_names_what_is_missing(pengurus_a, coop_a):
    page = client_for(pengurus_a).get(
        reverse("kopontren:cooperative_detail", args=[coop_a.pk])
    )
    body = page.content.decode()
    assert "Belum ada: NIK Koperasi" in body
    assert f"Belum ada: RAT tahun buku {last_book_year()}" in body


@pytest.mark.parametrize("who", ["staf", "admin"])
def test_pesantren_without_cooperative_work_list(personas, who):
    lonely = factories.pesantren(name="Pesantren Sendiri")
    factories.cooperative()
    response = client_for(personas[who]).get(
        reverse("kopontren:pesantren_list") + "?tanpa_koperasi=on"
    )
    assert [p.name for p in response.context["page"]] == [lonely.name]
    assert Pesantren.objects.without_cooperative().count() >= 1


def test_officer_phone_is_masked_for_the_province_and_shown_to_staff(
    staf, provinsi_jatim, coop_a
):
    factories.officer(cooperative_obj=coop_a, name="Bu Bendahara", phone="081298765432")
    url = reverse("kopontren:cooperative_detail", args=[coop_a.pk])
    assert "081298765432" in client_for(staf).get(url).content.decode()
    body = client_for(provinsi_jatim).get(url).content.decode()
    assert "081298765432" not in body
    assert "0812****5432" in body
