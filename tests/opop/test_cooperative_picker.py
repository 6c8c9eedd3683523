"""The product and membership forms pick a cooperative without a <select> of the
whole registry once there are more than a few (kopontren/pickers.py)."""

import pytest
from django.urls import reverse

from kopontren.models import Cooperative
from kopontren.pickers import SELECT_UP_TO
from opop.models import Membership, Product
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(db):
    """More cooperatives in Jember than a select should hold, one in Kalsel."""
    pesantren = factories.pesantren(name="Pondok Pesantren Nurul Huda")
    Cooperative.objects.bulk_create(
        Cooperative(
            name=f"Koperasi Nurul Huda {n}", pesantren=pesantren, kabupaten_id="35.09"
        )
        for n in range(SELECT_UP_TO + 1)
    )
    return factories.cooperative(
        name="Kopontren Banua Sejahtera",
        pesantren_obj=factories.pesantren(kabupaten="63.72"),
    )


def product_data(**cooperative):
    return {"name": "Kopi Santri", "category": "minuman", "unit": "pak", **cooperative}


def test_the_product_form_offers_a_search_box_not_a_select_of_the_registry(
    admin, registry
):
    page = client_for(admin).get(reverse("opop:product_create")).content.decode()

    assert '<select name="cooperative"' not in page
    assert 'name="cooperative_nama"' in page
    assert "data-institution-picker" in page
    assert reverse("kopontren:cooperative_lookup") in page


def test_a_picked_cooperative_gets_the_product(admin, registry):
    target = Cooperative.objects.get(name="Koperasi Nurul Huda 7")

    response = client_for(admin).post(
        reverse("opop:product_create"),
        product_data(cooperative=target.pk, cooperative_nama=target.name),
    )

    assert response.status_code == 302
    assert Product.objects.get(name="Kopi Santri").cooperative == target


def test_without_javascript_the_exact_name_is_enough(admin, registry):
    client_for(admin).post(
        reverse("opop:product_create"),
        product_data(cooperative_nama="koperasi nurul huda 12"),
    )

    assert Product.objects.get().cooperative.name == "Koperasi Nurul Huda 12"


def test_a_name_that_matches_nothing_is_refused_in_indonesian(admin, registry):
    response = client_for(admin).post(
        reverse("opop:product_create"), product_data(cooperative_nama="Koperasi Entah")
    )

    assert response.status_code == 200
    assert "Koperasi “Koperasi Entah” tidak ditemukan" in response.content.decode()
    assert not Product.objects.exists()


def test_staff_cannot_pick_a_cooperative_outside_their_region(staf, registry):
    response = client_for(staf).post(
        reverse("opop:product_create"), product_data(cooperative=registry.pk)
    )

    assert response.status_code == 200
    assert not Product.objects.exists()


def test_the_membership_form_uses_the_picker_too(admin, registry):
    target = Cooperative.objects.get(name="Koperasi Nurul Huda 3")
    client = client_for(admin)

    page = client.get(reverse("opop:membership_create")).content.decode()
    client.post(
        reverse("opop:membership_create"),
        {"cooperative": target.pk, "programme": "35", "joined_on": "2025-01-06"},
    )

    assert '<select name="cooperative"' not in page
    assert Membership.objects.get().cooperative == target


def test_an_officer_with_one_cooperative_keeps_the_preselected_choice(
    pengurus_a, coop_a
):
    page = client_for(pengurus_a).get(reverse("opop:product_create")).content.decode()

    assert '<select name="cooperative"' in page
    assert f'<option value="{coop_a.pk}" selected>' in page


def test_the_lookup_answers_within_the_scope_closest_first(staf, registry):
    found = client_for(staf).get(
        reverse("kopontren:cooperative_lookup"), {"q": "nurul huda 7"}
    )
    other_side = client_for(staf).get(
        reverse("kopontren:cooperative_lookup"), {"q": "banua sejahtera"}
    )

    results = found.json()["results"]
    assert results[0]["label"] == "Koperasi Nurul Huda 7"
    assert results[0]["detail"] == "Kabupaten Jember"
    assert len(results) <= 10
    assert other_side.json()["results"] == []
