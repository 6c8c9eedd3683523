"""Verified means verified: only permits the Dinas checked, valid today, count."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opop.models import Permit
from opop.services import progress_by_kabupaten
from tests import factories
from tests.conftest import client_for
from tests.opop import factories as opop_factories


def halal_names(client):
    page = client.get(reverse("opop:catalogue"), {"halal": "on"})
    return [product.name for product in page.context["page"]]


def test_an_unverified_halal_certificate_does_not_make_a_product_halal(client, coop_a):
    product = opop_factories.product(cooperative_obj=coop_a, name="Dodol Santri")
    permit = opop_factories.permit(product_obj=product)
    assert halal_names(client) == []
    detail = client.get(product.get_public_url()).content.decode()
    assert permit.number not in detail and 'class="badge badge-bh">Halal' not in detail

    Permit.objects.filter(pk=permit.pk).update(
        verified=True, verified_at=timezone.now()
    )
    assert halal_names(client) == ["Dodol Santri"]
    detail = client.get(product.get_public_url()).content.decode()
    assert permit.number in detail and "terverifikasi" in detail


def test_a_verified_but_expired_certificate_is_not_shown_to_the_public(client, coop_a):
    product = opop_factories.product(cooperative_obj=coop_a, name="Dodol Santri")
    expired = opop_factories.permit(
        product_obj=product,
        verified=True,
        issued_on=datetime.date(2019, 1, 1),
        valid_until=datetime.date(2024, 1, 1),
    )
    assert halal_names(client) == []
    assert expired.number not in client.get(product.get_public_url()).content.decode()


def test_the_officer_sees_that_the_dinas_has_not_verified_yet(pengurus_a, coop_a):
    product = opop_factories.product(cooperative_obj=coop_a, name="Dodol Santri")
    opop_factories.permit(product_obj=product)
    page = client_for(pengurus_a).get(product.get_absolute_url())
    assert "menunggu verifikasi Dinas" in page.content.decode()


def test_progress_counts_only_verified_permits(staf, coop_a, members):
    product = opop_factories.product(cooperative_obj=coop_a, name="Dodol Santri")
    permit = opop_factories.permit(product_obj=product)
    row = next(r for r in progress_by_kabupaten(staf) if r["kabupaten_code"] == "35.09")
    assert row["certified_products"] == 0
    Permit.objects.filter(pk=permit.pk).update(verified=True)
    row = next(r for r in progress_by_kabupaten(staf) if r["kabupaten_code"] == "35.09")
    assert row["certified_products"] == 1


def test_staff_work_through_the_permits_waiting_for_verification(
    staf, staf_banjarbaru, coop_a
):
    product = opop_factories.product(cooperative_obj=coop_a, name="Dodol Santri")
    waiting = opop_factories.permit(product_obj=product)
    done = opop_factories.permit(product_obj=product, verified=True)
    page = client_for(staf).get(reverse("opop:permit_verification"))
    text = page.content.decode()
    assert waiting.number in text and done.number not in text
    assert reverse("opop:permit_edit", args=[product.pk, waiting.pk]) in text
    other = client_for(staf_banjarbaru).get(reverse("opop:permit_verification"))
    assert waiting.number not in other.content.decode()


def test_the_verification_list_takes_the_same_queries_for_one_row_or_many(staf, coop_a):
    client = client_for(staf)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("opop:permit_verification"))
        return len(page.context["rows"]), len(captured)

    product = opop_factories.product(cooperative_obj=coop_a)
    opop_factories.permit(product_obj=product)
    rows, one = queries()
    for _ in range(6):
        other = opop_factories.product(cooperative_obj=factories.cooperative())
        opop_factories.permit(product_obj=other)
    assert queries() == (7, one) and rows == 1
