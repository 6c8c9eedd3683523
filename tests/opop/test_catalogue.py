"""The public catalogue: filters, the product page a buyer shares, and a flat query
count."""

import datetime
import html
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kopontren.models import LegalEvent
from opop import services
from tests import factories
from tests.conftest import client_for
from tests.opop import factories as opop_factories


@pytest.fixture
def shelf(product_a, product_b, coop_kalsel, staf):
    """product_a: Jember, halal valid and verified, dikurasi. product_b: Jember,
    minuman, no halal. Kalsel's product: halal expired. Hidden: a suspended product
    and one of an inactive cooperative."""
    product_a.permits.update(verified=True)
    services.product_curate(product=product_a, to_status="dikurasi", note="", by=staf)
    kalsel = opop_factories.product(cooperative_obj=coop_kalsel, name="Amplang Banua")
    opop_factories.permit(
        product_obj=kalsel,
        issued_on=datetime.date(2019, 1, 1),
        valid_until=datetime.date(2023, 1, 1),
    )
    suspended = opop_factories.product(
        cooperative_obj=product_b.cooperative, name="Jamu Ditangguhkan"
    )
    services.product_curate(
        product=suspended, to_status="ditangguhkan", note="Izin palsu", by=staf
    )
    inactive_coop = factories.cooperative(name="Kopontren Tutup", is_active=False)
    hidden = opop_factories.product(cooperative_obj=inactive_coop, name="Produk Tutup")
    opop_factories.permit(product_obj=hidden)
    return {"a": product_a, "b": product_b, "kalsel": kalsel}


def names(response):
    return [product.name for product in response.context["page"]]


def test_the_catalogue_shows_only_public_products(shelf):
    response = client_for(None).get(reverse("opop:catalogue"))
    assert response.status_code == 200
    assert sorted(names(response)) == [
        "Amplang Banua",
        "Keripik Tempe Alif",
        "Sirup Ba",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"halal": "on", "kabupaten": "35.09"}, ["Keripik Tempe Alif"]),
        ({"halal": "on"}, ["Keripik Tempe Alif"]),
        ({"kategori": "minuman"}, ["Sirup Ba"]),
        ({"kabupaten": "63.72"}, ["Amplang Banua"]),
        ({"status": "dikurasi"}, ["Keripik Tempe Alif"]),
        ({"q": "banua"}, ["Amplang Banua"]),
    ],
)
def test_the_catalogue_filters(shelf, query, expected):
    response = client_for(None).get(reverse("opop:catalogue"), query)
    assert sorted(names(response)) == expected


def test_the_kabupaten_filter_offers_only_places_with_products(shelf):
    response = client_for(None).get(reverse("opop:catalogue"))
    codes = [
        region.code
        for region in response.context["filters"].fields["kabupaten"].queryset
    ]
    assert sorted(codes) == ["35.09", "63.72"]


def test_the_product_page_has_the_whatsapp_link_and_open_graph_tags(shelf):
    product = shelf["a"]
    photo = services.product_photo_add(
        product=product, upload=opop_factories.photo_upload()
    )
    response = client_for(None).get(reverse("opop:catalogue_detail", args=[product.pk]))
    page = response.content.decode()
    page_url = f"http://testserver/opop/katalog/{product.pk}/"

    def meta(prop):
        found = re.search(rf'<meta property="{prop}" content="([^"]*)">', page)
        return html.unescape(found.group(1)) if found else None

    assert meta("og:type") == "product"
    assert meta("og:title") == "Keripik Tempe Alif — Pesantren Uji Alif"
    assert meta("og:url") == page_url
    assert meta("og:image") == f"http://testserver/opop/foto/{photo.pk}/kecil/"
    assert meta("og:description")
    link = re.search(r'href="(https://wa\.me/[^"]+)"', page).group(1)
    link = html.unescape(link)
    assert link.startswith("https://wa.me/6285200001111?text=")
    assert quote("Keripik Tempe Alif") in link
    assert quote(page_url, safe="") in link or quote(page_url) in link
    assert "Pesantren Uji Alif" in page and "Kabupaten Jember" in page
    assert "ID35110000123450321" in page and "terverifikasi" in page
    # The cooperative's registry phone is personal data: never on a public page.
    assert "081234567890" not in page and "1234567890" not in page


def test_hidden_products_have_no_public_page(shelf):
    from opop.models import Product

    for name in ("Jamu Ditangguhkan", "Produk Tutup"):
        product = Product.objects.get(name=name)
        url = reverse("opop:catalogue_detail", args=[product.pk])
        assert client_for(None).get(url).status_code == 404


def test_a_dissolved_cooperatives_products_leave_the_catalogue(product_a):
    """Pembubaran in the legal log: the products go, even if nobody has yet
    unticked the cooperative's aktif box."""
    photo = services.product_photo_add(
        product=product_a, upload=opop_factories.photo_upload()
    )
    factories.legal_event(
        cooperative_obj=product_a.cooperative,
        kind=LegalEvent.Kind.PEMBUBARAN,
        date=datetime.date(2025, 3, 1),
    )
    product_a.cooperative.refresh_from_db()
    assert product_a.cooperative.is_active
    assert product_a.cooperative.legal_status == "bubar"
    anonymous = client_for(None)
    assert names(anonymous.get(reverse("opop:catalogue"))) == []
    detail = reverse("opop:catalogue_detail", args=[product_a.pk])
    assert anonymous.get(detail).status_code == 404
    thumbnail = reverse("opop:photo", args=[photo.pk, "kecil"])
    assert anonymous.get(thumbnail).status_code == 404


def count_queries(url):
    client = client_for(None)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.context["page"])


@pytest.mark.parametrize("query", ["", "?halal=on&kabupaten=35.09"])
def test_the_catalogue_query_count_stays_flat(db, query):
    def stock(count):
        for _ in range(count):
            product = opop_factories.product(cooperative_obj=factories.cooperative())
            opop_factories.permit(product_obj=product, verified=True)
            services.product_photo_add(
                product=product, upload=opop_factories.photo_upload(size=(60, 60))
            )

    url = reverse("opop:catalogue") + query
    stock(1)
    one, shown_one = count_queries(url)
    stock(20)
    many, shown_many = count_queries(url)
    assert (shown_one, shown_many) == (1, 21)
    assert one == many
