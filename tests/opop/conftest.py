import pytest

from tests import factories
from tests.opop import factories as opop_factories


@pytest.fixture
def product_a(coop_a):
    """coop_a's flagship (Jember), with a valid halal certificate."""
    product = opop_factories.product(
        cooperative_obj=coop_a,
        name="Keripik Tempe Alif",
        is_flagship=True,
        price="15000",
        unit="bungkus 200 g",
        whatsapp="0852-0000-1111",
    )
    opop_factories.permit(product_obj=product, number="ID35110000123450321")
    return product


@pytest.fixture
def product_b(coop_b):
    return opop_factories.product(
        cooperative_obj=coop_b, name="Sirup Ba", category="minuman", is_flagship=True
    )


@pytest.fixture
def members(coop_a, coop_b, pengurus_a, pengurus_b):
    """coop_a and coop_b as members of OPOP Jawa Timur."""
    return [
        opop_factories.membership(cooperative_obj=coop_a),
        opop_factories.membership(cooperative_obj=coop_b),
    ]


@pytest.fixture
def coop_kalsel_member(coop_kalsel):
    opop_factories.membership(cooperative_obj=coop_kalsel)
    return coop_kalsel


@pytest.fixture
def pengurus_kalsel(coop_kalsel):
    user = factories.user(username="pengurus-kalsel-uji")
    coop_kalsel.officer_accounts.add(user)
    return user
