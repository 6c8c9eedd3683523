"""Near duplicates: a pesantren or cooperative close to one in the same kecamatan
is not saved until the user confirms it is another; the import preview flags it,
with one check for the whole file."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kopontren import duplicates, imports
from kopontren.models import Cooperative, Pesantren
from kopontren.resources import PesantrenResource
from tests import factories
from tests.conftest import client_for
from tests.kopontren.test_import_export import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def kencong():
    return factories.kecamatan()


@pytest.fixture
def gumukmas():
    return factories.kecamatan(code="35.09.02", name="Gumukmas")


@pytest.fixture
def al_anwar(kencong):
    return factories.pesantren(name="Al Anwar", kecamatan=kencong)


def pesantren_data(name, kecamatan, **extra):
    return {
        "name": name,
        "kind": "salafiyah",
        "kabupaten": "35.09",
        "kecamatan": kecamatan.code,
        "santri_putra": 0,
        "santri_putri": 0,
        **extra,
    }


# --- the folded name (what SQLite compares) -------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Al Anwar", "Al-Anwar"),
        ("PP Al-Anwar", "Pondok Pesantren Al Anwar"),
        ("Ponpes Nurul Huda", "NURUL-HUDA"),
        ("Koperasi Pondok Pesantren Al-Ikhlas", "Kopontren Al Ikhlas"),
        ("Al Anwar", "Alanwar"),
    ],
)
def test_the_fallback_folds_case_punctuation_and_shared_words(one, other):
    assert duplicates.normalised(one) == duplicates.normalised(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Al Anwar", "Al Amin"), ("PP Nurul Huda", "PP Nurul Hidayah")],
)
def test_the_fallback_keeps_different_names_apart(one, other):
    assert duplicates.normalised(one) != duplicates.normalised(other)


def test_the_fallback_finds_the_same_folded_name_in_the_same_kecamatan_only(
    al_anwar, kencong, gumukmas
):
    wanted = [
        duplicates.Wanted("PP Al-Anwar", kencong.code, "35.09"),
        duplicates.Wanted("Al-Anwar", gumukmas.code, "35.09"),
        duplicates.Wanted("Al Amin", kencong.code, "35.09"),
        duplicates.Wanted("Al Anwar", kencong.code, "35.09", exclude=al_anwar.pk),
    ]

    found = duplicates.fallback_close(Pesantren, wanted, [kencong.code], [])

    assert found == [[(al_anwar.pk, 1.0)], [], [], []]


def test_trigram_closeness_catches_a_typo_the_fallback_misses(al_anwar, kencong):
    typo = duplicates.Wanted("Pondok Pesantren Al Anwarr", kencong.code, "35.09")

    assert duplicates.close_records(Pesantren, [typo]) == [[al_anwar]]
    assert duplicates.fallback_close(Pesantren, [typo], [kencong.code], []) == [[]]


# --- forms ---------------------------------------------------------------------


def test_a_new_pesantren_close_to_one_in_its_kecamatan_asks_first(
    staf, al_anwar, kencong
):
    client = client_for(staf)
    url = reverse("kopontren:pesantren_create")

    response = client.post(url, pesantren_data("Al-Anwar", kencong))

    html = response.content.decode()
    assert response.status_code == 200
    assert Pesantren.objects.filter(kecamatan=kencong).count() == 1
    assert al_anwar.get_absolute_url() in html
    assert "Kencong" in html
    assert "Tetap simpan, ini lembaga lain" in html

    response = client.post(
        url, pesantren_data("Al-Anwar", kencong, **{duplicates.CONFIRM_FIELD: "1"})
    )

    assert response.status_code == 302
    assert Pesantren.objects.filter(kecamatan=kencong).count() == 2


def test_a_pesantren_of_the_same_name_in_another_kecamatan_is_saved(
    staf, al_anwar, gumukmas
):
    response = client_for(staf).post(
        reverse("kopontren:pesantren_create"), pesantren_data("Al-Anwar", gumukmas)
    )

    assert response.status_code == 302
    assert Pesantren.objects.get(kecamatan=gumukmas).name == "Al-Anwar"


def test_renaming_a_pesantren_to_a_close_name_asks_first(staf, al_anwar, kencong):
    other = factories.pesantren(name="Al Amin", kecamatan=kencong)
    url = reverse("kopontren:pesantren_edit", args=[other.pk])
    data = pesantren_data("PP Al-Anwar", kencong, version=other.updated_at.isoformat())

    response = client_for(staf).post(url, data)

    assert response.status_code == 200
    assert al_anwar.name in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Al Amin"


def test_an_edit_that_keeps_name_and_place_is_not_asked_again(staf, al_anwar, kencong):
    twin = factories.pesantren(name="Al-Anwar", kecamatan=kencong)
    data = pesantren_data(
        "Al-Anwar", kencong, pengasuh="KH Uji", version=twin.updated_at.isoformat()
    )

    response = client_for(staf).post(
        reverse("kopontren:pesantren_edit", args=[twin.pk]), data
    )

    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.pengasuh == "KH Uji"


def cooperative_data(name, pesantren, kecamatan, **extra):
    return {
        "name": name,
        "pesantren": pesantren.pk,
        "kelompok": "kopontren",
        "jenis": "konsumen",
        "bentuk": "primer_kab",
        "pola": "syariah",
        "is_active": "on",
        "kabupaten": "35.09",
        "kecamatan": kecamatan.code,
        **extra,
    }


def test_a_new_cooperative_close_to_one_in_its_kecamatan_asks_first(
    staf, al_anwar, kencong
):
    known = factories.cooperative(name="Kopontren Al Anwar", pesantren_obj=al_anwar)
    client = client_for(staf)
    url = reverse("kopontren:cooperative_create")
    data = cooperative_data("Koperasi Pondok Pesantren Al-Anwar", al_anwar, kencong)

    response = client.post(url, data)

    assert response.status_code == 200
    assert known.get_absolute_url() in response.content.decode()
    assert Cooperative.objects.count() == 1
    response = client.post(url, {**data, duplicates.CONFIRM_FIELD: "1"})
    assert response.status_code == 302
    assert Cooperative.objects.count() == 2


def test_moving_a_cooperative_next_to_a_close_one_asks_first(
    staf, al_anwar, kencong, gumukmas
):
    factories.cooperative(name="Kopontren Al Anwar", pesantren_obj=al_anwar)
    far = factories.pesantren(name="Al Anwar Gumukmas", kecamatan=gumukmas)
    moving = factories.cooperative(name="Kopontren Al-Anwar", pesantren_obj=far)
    data = cooperative_data(
        "Kopontren Al-Anwar", far, kencong, version=moving.updated_at.isoformat()
    )

    response = client_for(staf).post(
        reverse("kopontren:cooperative_edit", args=[moving.pk]), data
    )

    assert response.status_code == 200
    moving.refresh_from_db()
    assert moving.kecamatan_id == gumukmas.code


# --- import preview ------------------------------------------------------------

PESANTREN_HEADERS = ["Nama Pesantren", "NSPP", "Kode Kab/Kota", "Kode Kecamatan"]


def preview(user, rows):
    return imports.registry_import_preview(
        kind="pesantren",
        user=user,
        content=csv_bytes(PESANTREN_HEADERS, rows),
        filename="pesantren.csv",
    )


def test_the_import_preview_flags_a_row_close_to_a_known_pesantren(
    staf, al_anwar, kencong, gumukmas
):
    report = preview(
        staf,
        [
            ["PP Al-Anwar", "", "35.09", kencong.code],
            ["Al-Anwar", "", "35.09", gumukmas.code],
        ],
    )

    assert report.ok  # flagged, not refused: the office decides
    close, elsewhere = (row.close for row in report.rows)
    assert [(c["name"], c["kecamatan"], c["url"]) for c in close] == [
        ("Al Anwar", "Kencong", al_anwar.get_absolute_url())
    ]
    assert elsewhere == []
    assert Pesantren.objects.count() == 1


def test_the_import_preview_flags_two_close_rows_of_one_file(staf, kencong):
    report = preview(
        staf,
        [
            ["Nurul Huda", "", "35.09", kencong.code],
            ["Ponpes Nurul-Huda", "", "35.09", kencong.code],
        ],
    )

    assert [[c["row"] for c in row.close] for row in report.rows] == [[3], [2]]


def marked_queries(user, rows):
    with CaptureQueriesContext(connection) as queries:
        report = preview(user, rows)
    assert report.ok
    marked = [q for q in queries.captured_queries if duplicates.MARK in q["sql"]]
    return len(marked), len(queries.captured_queries), report


def test_the_import_preview_checks_all_rows_with_one_query(
    staf, al_anwar, kencong, monkeypatch
):
    def rows(n, start=0):
        return [[f"Al-Anwar {i}", "", "35.09", kencong.code] for i in range(start, n)]

    few, few_total, _report = marked_queries(staf, rows(5))
    many, many_total, many_report = marked_queries(staf, rows(50))

    assert (few, many) == (1, 1)
    # Every row is close to the known "Al Anwar" and to the file's other rows.
    assert all(row.close for row in many_report.rows)
    # Without the check the preview grows by the same number of queries per row:
    # the check adds none per row.
    monkeypatch.setattr(PesantrenResource, "checks_near_duplicates", False)
    _none, bare_few, _report = marked_queries(staf, rows(5))
    _none, bare_many, _report = marked_queries(staf, rows(50))
    assert many_total - few_total == bare_many - bare_few
