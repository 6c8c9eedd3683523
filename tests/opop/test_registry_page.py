"""The registry shows a cooperative's OPOP membership and products."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for
from tests.opop import factories as of


def detail(coop):
    return reverse("kopontren:cooperative_detail", args=[coop.pk])


def test_cooperative_page_shows_membership_and_products(
    staf, pengurus_a, coop_a, coop_b
):
    of.membership(cooperative_obj=coop_a)
    flagship = of.product(cooperative_obj=coop_a, name="Keripik Uji", is_flagship=True)
    of.permit(product_obj=flagship, verified=True)
    of.product(cooperative_obj=coop_b, name="Sabun Tetangga")
    for user in (staf, pengurus_a):
        body = client_for(user).get(detail(coop_a)).content.decode()
        assert "Anggota OPOP" in body
        assert "Keripik Uji" in body and "produk unggulan" in body
        assert "Terdaftar" in body and "berizin" in body
        assert "Sabun Tetangga" not in body


def test_products_section_keeps_the_query_count_flat(staf, coop_a):
    client = client_for(staf)
    of.product(cooperative_obj=coop_a)
    with CaptureQueriesContext(connection) as one:
        client.get(detail(coop_a))
    for _ in range(5):
        of.permit(product_obj=of.product(cooperative_obj=coop_a))
    with CaptureQueriesContext(connection) as many:
        client.get(detail(coop_a))
    assert len(one) == len(many)


def test_registry_list_filters_opop_members(staf, coop_a, coop_b):
    of.membership(cooperative_obj=coop_a)
    client = client_for(staf)
    url = reverse("kopontren:cooperative_list")
    members = client.get(url, {"opop": "1"}).context["page"]
    others = client.get(url, {"opop": "0"}).context["page"]
    assert [coop.name for coop in members] == [coop_a.name]
    assert [coop.name for coop in others] == [coop_b.name]
