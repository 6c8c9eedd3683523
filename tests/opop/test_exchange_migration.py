"""The data migration that gives yesterday's one-way exchanges their two sides."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import factories

split = importlib.import_module("opop.migrations.0003_split_one_way_exchanges")
BEFORE = [("opop", "0002_exchange_sides")]


@pytest.fixture
def old_apps(transactional_db):
    """The models as they were before the split, on a database migrated back to
    them; migrated forward again afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def one_way(apps, *, kind, response_product):
    Cooperative = apps.get_model("kopontren", "Cooperative")
    Product = apps.get_model("opop", "Product")
    Listing = apps.get_model("opop", "Listing")
    Response = apps.get_model("opop", "Response")
    Exchange = apps.get_model("opop", "Exchange")
    poster = Cooperative.objects.get(pk=factories.cooperative().pk)
    responder = Cooperative.objects.get(
        pk=factories.cooperative(name="Kopontren Uji Ba").pk
    )
    keripik = Product.objects.create(
        cooperative=poster, name="Keripik", category="makanan"
    )
    suwar = Product.objects.create(
        cooperative=responder, name="Suwar-Suwir", category="makanan"
    )
    listing = Listing.objects.create(
        kind=kind,
        cooperative=poster,
        product=keripik,
        title="Tawar keripik",
        quantity=25,
        unit="bungkus",
    )
    response = Response.objects.create(
        listing=listing,
        cooperative=responder,
        message="Tukar dengan suwar-suwir",
        product=suwar if response_product else None,
        quantity=40,
        status="diterima",
    )
    # What response_accept used to write: the responder's quantity on the
    # listing's product, one way only.
    return Exchange.objects.create(
        listing=listing,
        response=response,
        giver=poster,
        receiver=responder,
        product=keripik,
        item="Keripik",
        quantity=40,
        unit="bungkus",
        status="menunggu",
    )


def test_an_offer_answered_with_a_product_becomes_two_sides(old_apps):
    exchange = one_way(old_apps, kind="tawaran", response_product=True)
    incomplete = split.split_one_way_exchanges(old_apps)
    assert incomplete == []
    sides = old_apps.get_model("opop", "ExchangeSide").objects.order_by("pk")
    assert [(s.cooperative_id, s.item, s.quantity, s.unit) for s in sides] == [
        (exchange.giver_id, "Keripik", 25, "bungkus"),
        (exchange.receiver_id, "Suwar-Suwir", 40, "bungkus"),
    ]


def test_an_answer_without_the_other_side_is_kept_one_way_and_listed(old_apps):
    exchange = one_way(old_apps, kind="tawaran", response_product=False)
    incomplete = split.split_one_way_exchanges(old_apps)
    assert len(incomplete) == 1 and incomplete[0].startswith(f"#{exchange.pk} ")
    sides = old_apps.get_model("opop", "ExchangeSide").objects.all()
    assert [(s.cooperative_id, s.quantity) for s in sides] == [(exchange.giver_id, 25)]
    assert split.split_one_way_exchanges(old_apps) == []  # run again: no new sides
    assert sides.count() == 1
