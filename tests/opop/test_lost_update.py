"""No lost update for OPOP products: a second save from the same version is refused
and the first is kept."""

from django.urls import reverse

from tests.conftest import client_for
from tests.kopontren.test_lost_update import form_data
from tests.opop import factories


def test_a_second_save_of_a_product_from_the_same_version_is_refused(staf, coop_a):
    product = factories.product(cooperative_obj=coop_a, name="Keripik Singkong")
    url = reverse("opop:product_edit", args=[product.pk])
    first, second = client_for(staf), client_for(staf)
    mine, theirs = form_data(first.get(url)), form_data(second.get(url))
    changes_before = product.history.count()

    saved = first.post(url, {**mine, "name": "Keripik Singkong Pedas"})
    assert saved.status_code == 302, saved.context["form"].errors
    refused = second.post(url, {**theirs, "unit": "kardus"})

    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Data ini sudah diubah oleh staf-uji pada" in text
    assert "“Keripik Singkong” → “Keripik Singkong Pedas”" in text
    product.refresh_from_db()
    assert (product.name, product.unit) == ("Keripik Singkong Pedas", mine["unit"])
    assert product.history.count() == changes_before + 1
