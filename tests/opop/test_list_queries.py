"""Each list page takes as many queries for one row as for many."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opop import services
from tests import factories
from tests.conftest import client_for
from tests.opop import factories as opop_factories


def add_rows(count, partner):
    """`count` member cooperatives in Jember, each with a product, an expired
    permit, a listing and an exchange with `partner`."""
    for _ in range(count):
        coop = factories.cooperative()
        opop_factories.membership(cooperative_obj=coop)
        product = opop_factories.product(cooperative_obj=coop)
        services.product_photo_add(
            product=product, upload=opop_factories.photo_upload(size=(40, 40))
        )
        opop_factories.permit(
            product_obj=product,
            issued_on=datetime.date(2019, 1, 1),
            valid_until=datetime.date(2024, 1, 1),
        )
        opop_factories.agreed_exchange(giver=coop, receiver=partner)


def queries_for(user, url):
    client = client_for(user)
    client.get(url)  # session and user warmed up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.context["page"].paginator.count


@pytest.mark.parametrize(
    ("who", "name"),
    [
        ("staf", "opop:product_list"),
        ("provinsi_jatim", "opop:product_list"),
        ("staf", "opop:permit_worklist"),
        ("staf", "opop:membership_list"),
        ("staf", "opop:board"),
        ("pengurus_a", "opop:board"),
        ("provinsi_jatim", "opop:exchange_list"),
        ("pengurus_a", "opop:exchange_list"),
    ],
)
def test_list_query_count_stays_flat(request, who, name, members, coop_a):
    user = request.getfixturevalue(who)
    url = reverse(name)
    add_rows(1, coop_a)
    one, rows_one = queries_for(user, url)
    add_rows(12, coop_a)
    many, rows_many = queries_for(user, url)
    assert rows_many > rows_one >= 1
    assert one == many
