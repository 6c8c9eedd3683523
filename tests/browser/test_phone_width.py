"""Journey 2 on a phone: the officer's and the staff member's pages fit 360 px, and
every scrolled table can be reached by keyboard (axe finds nothing serious)."""

import pytest
from django.urls import reverse

from kopontren.models import ChangeRequest, YearlyFigures
from opop import services
from tests import factories
from tests.opop import factories as opop_factories

WIDTHS = [360, 1280]


@pytest.fixture
def officer_world(coop_a, coop_b, pengurus_a):
    """coop_a with an officer, RAT figures, a waiting proposal, an OPOP product with
    a photo and a permit, and an exchange with coop_b."""
    factories.officer(cooperative_obj=coop_a, name="Siti Aminah Rahmawati")
    YearlyFigures.objects.create(
        cooperative=coop_a, book_year=2024, modal_sendiri=61_500_000, aset=125_000_000
    )
    ChangeRequest.objects.create(
        cooperative=coop_a,
        target="profil",
        target_id=coop_a.pk,
        payload={"phone": "081299998888"},
        submitted_by=pengurus_a,
    )
    opop_factories.membership(cooperative_obj=coop_a)
    opop_factories.membership(cooperative_obj=coop_b)
    product = opop_factories.product(
        cooperative_obj=coop_a, name="Keripik Singkong Balado Pedas Manis"
    )
    services.product_photo_add(product=product, upload=opop_factories.photo_upload())
    opop_factories.permit(product_obj=product)
    exchange = opop_factories.agreed_exchange(
        giver=coop_a, receiver=coop_b, item="Keripik Singkong Balado Pedas Manis"
    )
    return {"product": product, "listing": exchange.listing}


def pages(coop, world):
    product = world["product"]
    return [
        reverse("portal:home"),
        coop.get_absolute_url(),
        reverse("kopontren:cooperative_edit", args=[coop.pk]),
        reverse("kopontren:figures_create", args=[coop.pk]),
        reverse("opop:product_list"),
        product.get_absolute_url(),
        reverse("opop:product_delete", args=[product.pk]),
        reverse("opop:board"),
        world["listing"].get_absolute_url(),
        reverse("opop:exchange_list"),
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("who", ["pengurus_a", "staf"])
def test_every_page_of_the_journey_fits_the_screen_and_passes_axe(
    page, login, live_server, axe, officer_world, coop_a, who, width, request
):
    user = request.getfixturevalue(who)
    page.set_viewport_size({"width": width, "height": 800})
    login(user.username, factories.PASSWORD)
    problems = []
    for url in pages(coop_a, officer_world):
        response = page.goto(live_server.url + url)
        if response.status != 200:
            continue
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth"
        )
        if overflow > 0:
            problems.append((url, f"{overflow}px wider than the screen"))
        problems += [(url, violation["id"]) for violation in axe()]
    assert problems == []
