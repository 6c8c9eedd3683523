"""Registry search finds a cooperative by a misspelt name, by its pesantren's name and
by any end of its numbers, the closest match first."""

import itertools

import pytest
from django.urls import reverse

from kopontren import search
from kopontren.models import Cooperative
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

FIRST = ["Nurul", "Mambaul", "Miftahul", "Darul", "Raudlatul", "Bahrul", "Sabilul"]
SECOND = ["Huda", "Ulum", "Falah", "Hikmah", "Jannah", "Ikhlas", "Muttaqin", "Anwar"]
PLACES = ["Kencong", "Puger", "Ambulu", "Balung", "Tanggul", "Wuluhan"]


def registry_of_lookalikes():
    """168 cooperatives whose names share their words, as real registries do."""
    for index, (first, second, place) in enumerate(
        itertools.product(FIRST, SECOND, PLACES[:3])
    ):
        pesantren = factories.pesantren(name=f"Pondok Pesantren {first} {second}")
        factories.cooperative(
            name=f"Koperasi Pondok Pesantren {first} {second} {place}",
            pesantren_obj=pesantren,
            nik_koperasi=f"3509{index:09d}",
        )


def top_ten(text):
    found = Cooperative.objects.search(text).order_by("-search_rank", "name", "pk")
    return [coop.name for coop in found[:10]]


@pytest.mark.parametrize(
    "query",
    [
        "mambaul iklas kencong",  # one letter missing in one of three words
        "mambaol ikhlas",  # one wrong letter, two words
        "mambaol iklas",  # a wrong letter in each of two words
        "kopontren mambaul ikhlas kencong",  # the abbreviation folded away
        "pp mambaul ikhlas kencong",
        "koperasi pondok pesantren mambaul ikhlaz kencong",  # four words, one typo
        "koperasi pondok pesantren mambaol iklas kencong",  # four words, two typos
    ],
)
def test_a_misspelt_name_finds_its_cooperative_in_the_top_ten(query):
    registry_of_lookalikes()
    assert "Koperasi Pondok Pesantren Mambaul Ikhlas Kencong" in top_ten(query)


def test_the_exact_name_comes_first():
    registry_of_lookalikes()
    assert top_ten("Raudlatul Jannah Puger")[0] == (
        "Koperasi Pondok Pesantren Raudlatul Jannah Puger"
    )


def test_numbers_are_found_by_their_start_their_end_and_a_legal_step():
    registry_of_lookalikes()
    coop = Cooperative.objects.get(nik_koperasi="3509000000042")
    factories.legal_event(
        cooperative_obj=coop,
        kind="ahu",
        date="2024-05-02",
        number="AHU-0001234.AH.01.26.TAHUN 2024",
    )
    assert list(Cooperative.objects.search("3509000000042")) == [coop]
    assert coop in Cooperative.objects.search("000042")  # the end of the NIK
    assert list(Cooperative.objects.search("0001234.AH")) == [coop]


def test_the_registry_list_shows_the_closest_match_first(staf):
    registry_of_lookalikes()
    response = client_for(staf).get(
        reverse("kopontren:cooperative_list"), {"q": "mambaol iklas puger"}
    )
    first = response.context["page"].object_list[0]
    assert first.name == "Koperasi Pondok Pesantren Mambaul Ikhlas Puger"


def test_the_words_every_name_shares_are_folded_out_of_the_query():
    assert search.fold("Kopontren PP. Al-Anwar") == "AL ANWAR"
    assert search.fold("Koperasi Pondok Pesantren Nurul Huda") == "NURUL HUDA"
    assert search.fold("Ponpes Darul Ulum") == "DARUL ULUM"
