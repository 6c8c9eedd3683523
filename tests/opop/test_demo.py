from django.core.management import call_command

from opop import demo
from opop.models import Exchange, Membership, Permit, Product, ProductPhoto
from portal.models import User


def seed_opop():
    call_command("seed_demo")
    accounts = {
        key: User.objects.get(username=name)
        for key, name in {
            "admin": "admin",
            "staf": "staf-jember",
            "pengurus_a": "pengurus-a",
            "pengurus_b": "pengurus-b",
            "kalsel": "provinsi-kalsel",
            "jatim": "provinsi-jatim",
        }.items()
    }
    demo.seed(accounts)
    return accounts


def test_demo_makes_kalsels_25_members_with_a_flagship_each_and_is_idempotent(db):
    accounts = seed_opop()
    counts = (
        Membership.objects.count(),
        Product.objects.count(),
        Permit.objects.count(),
        ProductPhoto.objects.count(),
        Exchange.objects.count(),
    )
    demo.seed(accounts)
    assert counts == (
        Membership.objects.count(),
        Product.objects.count(),
        Permit.objects.count(),
        ProductPhoto.objects.count(),
        Exchange.objects.count(),
    )
    kalsel = Membership.objects.filter(programme_id="63")
    assert kalsel.count() == 25
    assert all(m.cooperative.ahu_date.year == 2024 for m in kalsel)
    flagships = Product.objects.filter(
        cooperative__kabupaten__code__startswith="63.", is_flagship=True
    )
    assert flagships.count() == 25
    assert len(set(flagships.values_list("category", flat=True))) >= 6
    assert all(
        "(Demo)" in name for name in Product.objects.values_list("name", flat=True)
    )
    assert not Product.objects.filter(photos__isnull=True).exists()
    assert Permit.objects.expiring(0).count() == 1
    assert Exchange.objects.agreed().count() >= 3
    coop_a = accounts["pengurus_a"].cooperatives.first()
    assert coop_a.opop_products.filter(is_flagship=True).exists()
    assert Product.objects.filter(cooperative__kabupaten_id="35.09").count() >= 4
    waiting = Exchange.objects.get(status="menunggu")
    assert waiting.giver == coop_a and waiting.giver_confirmed_at is None
