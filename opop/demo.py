"""Fictional OPOP demo data: every product and listing here is made up ("Demo")."""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from kopontren.models import Cooperative
from opop import services
from opop.models import (
    Exchange,
    ExchangeSide,
    Listing,
    Membership,
    Permit,
    Product,
    Response,
    WorkPlan,
    add_years,
)
from portal.access import within
from portal.models import Region

C = Product.Category
KALSEL_PRODUCTS = [
    ("Amplang Ikan Pipih", C.MAKANAN, "bungkus 250 g", 25_000),
    ("Madu Kelulut", C.MINUMAN, "botol 250 ml", 120_000),
    ("Kain Sasirangan Tulis", C.FASHION, "lembar 2 m", 350_000),
    ("Anyaman Purun", C.KERAJINAN, "tas", 75_000),
    ("Beras Siam Unus", C.PERTANIAN, "karung 5 kg", 85_000),
    ("Telur Itik Alabio", C.PERTANIAN, "rak 30 butir", 70_000),
    ("Dodol Kandangan", C.MAKANAN, "kotak 500 g", 40_000),
    ("Kopi Aranio", C.MINUMAN, "pak 200 g", 45_000),
    ("Jasa Sablon dan Desain", C.JASA, "per kaos", 35_000),
    ("Abon Ikan Patin", C.MAKANAN, "toples 200 g", 55_000),
    ("Kerajinan Rotan", C.KERAJINAN, "keranjang", 90_000),
    ("Peci Sulam Banjar", C.FASHION, "buah", 65_000),
    ("Air Minum Isi Ulang Santri", C.MINUMAN, "galon 19 l", 6_000),
    ("Jeruk Siam Banjar", C.PERTANIAN, "kg", 18_000),
    ("Sabun Sereh Wangi", C.LAINNYA, "batang 100 g", 12_000),
    ("Kue Bingka Kentang", C.MAKANAN, "loyang", 60_000),
    ("Ikan Asin Telang", C.MAKANAN, "pak 500 g", 50_000),
    ("Gula Aren Cetak", C.MAKANAN, "kg", 30_000),
    ("Jasa Percetakan dan Fotokopi", C.JASA, "per lembar", 500),
    ("Bibit Ikan Nila", C.PERTANIAN, "100 ekor", 40_000),
    ("Teh Daun Kelor", C.MINUMAN, "kotak 25 kantong", 28_000),
    ("Tas Manik Dayak", C.KERAJINAN, "buah", 150_000),
    ("Keripik Singkong Pedas", C.MAKANAN, "bungkus 200 g", 15_000),
    ("Mukena Bordir", C.FASHION, "set", 225_000),
    ("Minyak Kelapa Kampung", C.LAINNYA, "botol 600 ml", 32_000),
]
JEMBER_PRODUCTS = [
    ("Prol Tape Jember", C.MAKANAN, "kotak", 35_000),
    ("Edamame Beku", C.PERTANIAN, "pak 500 g", 22_000),
    ("Batik Labako", C.FASHION, "lembar 2 m", 275_000),
    ("Jamu Kunyit Asam", C.MINUMAN, "botol 250 ml", 10_000),
]
COLOURS = {
    C.MAKANAN: "#b5651d",
    C.MINUMAN: "#1f6f8b",
    C.KERAJINAN: "#7a5c2e",
    C.FASHION: "#8e3b6b",
    C.PERTANIAN: "#3f7d20",
    C.JASA: "#44546a",
    C.LAINNYA: "#6b6b6b",
}
LEGACY_STATUSES = [
    Product.Curation.TERDAFTAR,
    Product.Curation.DIKURASI,
    Product.Curation.UNGGULAN,
]


def demo_photo(name, category):
    """A coloured square with the product's initial: a picture without a download."""
    image = Image.new("RGB", (800, 800), COLOURS.get(category, "#555555"))
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.load_default(size=420)
    except (OSError, TypeError):
        font = ImageFont.load_default()
    draw.text((400, 380), name[:1].upper(), fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="demo.png")


def _product(coop, spec, rng, *, flagship, admin, status=None):
    name, category, unit, price = spec
    product, created = Product.objects.get_or_create(
        cooperative=coop,
        name=f"{name} (Demo)",
        defaults={
            "category": category,
            "description": f"{name} buatan santri {coop.pesantren.name}. Data demo.",
            "price": price,
            "unit": unit,
            "monthly_capacity": rng.randint(50, 2000),
            "is_flagship": flagship
            and not coop.opop_products.filter(is_flagship=True).exists(),
            "whatsapp": f"08{rng.randint(1000000000, 9999999999)}",
            "marketplace_links": f"https://www.tokopedia.com/demo-{coop.pk}",
        },
    )
    if created:
        services.product_photo_add(product=product, upload=demo_photo(name, category))
        path = {
            Product.Curation.DIKURASI: [Product.Curation.DIKURASI],
            Product.Curation.UNGGULAN: [
                Product.Curation.DIKURASI,
                Product.Curation.UNGGULAN,
            ],
        }.get(status, [])
        for step in path:
            services.product_curate(
                product=product, to_status=step, note="Kurasi demo.", by=admin
            )
    return product, created


def _permit(product, kind, number, issued, valid_until=None, verified=False):
    if valid_until is None and kind == Permit.Kind.PIRT:
        valid_until = add_years(issued, 5)
    Permit.objects.get_or_create(
        product=product,
        kind=kind,
        number=number,
        defaults={
            "issued_on": issued,
            "valid_until": valid_until,
            "verified": verified,
        },
    )


def _unit_of(product, default):
    return product.unit.split()[0] if product.unit else default


def _exchange(
    listing_coop, other, product, back, quantity, unit, day, *, kind, agreed=True
):
    """A listing, its answer and the two-sided exchange: `product` goes one way and
    `back` the other; both agreed and received (or one agreement waiting)."""
    offer = kind == Listing.Kind.OFFER
    title = (
        f"Tawar {product.name}"
        if offer
        else f"Butuh {product.name.replace(' (Demo)', '')} (Demo)"
    )
    listing, created = Listing.objects.get_or_create(
        cooperative=listing_coop,
        title=title,
        defaults={
            "kind": kind,
            "product": product if offer else None,
            "quantity": quantity,
            "unit": unit,
            "description": "Postingan demo.",
        },
    )
    if not created:
        return
    answered = back if offer else product
    response = Response.objects.create(
        listing=listing,
        cooperative=other,
        message="Kami berminat, mari bertukar. (Demo)",
        product=answered,
        quantity=quantity,
        unit=unit if answered is product else _unit_of(answered, unit),
        value=(answered.price or 0) * quantity,
        status=Response.Status.ACCEPTED,
    )
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    giver, receiver = (listing_coop, other) if offer else (other, listing_coop)
    exchange = Exchange.objects.create(
        listing=listing,
        response=response,
        giver=giver,
        receiver=receiver,
        status=Exchange.Status.DONE if agreed else Exchange.Status.WAITING,
        giver_confirmed_at=moment if agreed or offer else None,
        receiver_confirmed_at=moment if agreed or not offer else None,
        agreed_at=moment if agreed else None,
        completed_at=moment if agreed else None,
    )
    for given in (product, back):
        ExchangeSide.objects.create(
            exchange=exchange,
            cooperative=given.cooperative,
            product=given,
            item=given.name,
            quantity=quantity,
            unit=unit if given is product else _unit_of(given, unit),
            value=(given.price or 0) * quantity,
            received_at=moment if agreed else None,
        )
    if agreed:
        Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.CLOSED)


def seed(accounts, stdout=None):
    """Kalsel: the 25 kopontren berbadan hukum in 2024 as OPOP members with a flagship
    each, permits (one expired) and exchanges; Jember: a few members and products."""
    rng = random.Random(2027)
    admin = accounts["admin"]
    today = timezone.localdate()
    kalsel = Region.objects.get(code="63")
    jatim = Region.objects.get(code="35")
    members = list(
        Cooperative.objects.filter(
            within("kabupaten", kalsel), ahu_date__year=2024
        ).order_by("name")
    )
    kalsel_products = []
    for index, coop in enumerate(members):
        membership, _ = Membership.objects.get_or_create(
            cooperative=coop,
            programme=kalsel,
            defaults={
                "joined_on": datetime.date(2024, 10, 2),
                "pact_signed_on": datetime.date(2024, 10, 3),
            },
        )
        WorkPlan.objects.get_or_create(
            membership=membership,
            year=2025,
            defaults={
                "plan": "Menambah kapasitas produksi dan memperluas pemasaran. (Demo)",
                "progress": "Produksi naik; mulai bertukar produk dengan anggota lain.",
            },
        )
        spec = KALSEL_PRODUCTS[index % len(KALSEL_PRODUCTS)]
        status = LEGACY_STATUSES[index % len(LEGACY_STATUSES)]
        product, created = _product(
            coop, spec, rng, flagship=True, admin=admin, status=status
        )
        kalsel_products.append(product)
        if created and index % 3 == 0 and spec[1] in (C.MAKANAN, C.MINUMAN):
            _permit(
                product,
                Permit.Kind.PIRT,
                f"2{index:02d}63{rng.randint(10**9, 10**10 - 1)}",
                datetime.date(2023, 3, 1),
                verified=True,
            )
            _permit(
                product,
                Permit.Kind.HALAL,
                f"ID63110000{rng.randint(10**8, 10**9 - 1)}",
                datetime.date(2024, 1, 15),
            )
    if kalsel_products:
        first = kalsel_products[0]
        # The one expired permit, and one about to expire, for the work list.
        _permit(first, Permit.Kind.PIRT, "206630101234519", datetime.date(2019, 3, 1))
        _permit(
            kalsel_products[1],
            Permit.Kind.PIRT,
            "206630105556619",
            add_years(today, -5) + datetime.timedelta(days=40),
        )
    if len(kalsel_products) >= 8:
        pairs = [(0, 1), (2, 3), (4, 5), (6, 7)]
        for number, (a, b) in enumerate(pairs):
            product = kalsel_products[a]
            _exchange(
                product.cooperative,
                kalsel_products[b].cooperative,
                product,
                kalsel_products[b],
                10 * (number + 1),
                product.unit.split()[0],
                datetime.date(2025, 2 + number, 10),
                kind=Listing.Kind.OFFER,
            )

    coop_a = accounts["pengurus_a"].cooperatives.first()
    coop_b = accounts["pengurus_b"].cooperatives.first()
    jember = [coop for coop in (coop_a, coop_b) if coop is not None]
    others = (
        Cooperative.objects.filter(kabupaten_id="35.09", legal_status="bh")
        .exclude(pk__in=[coop.pk for coop in jember])
        .order_by("name")[: len(JEMBER_PRODUCTS)]
    )
    for coop in [*jember, *others]:
        Membership.objects.get_or_create(
            cooperative=coop,
            programme=jatim,
            defaults={
                "joined_on": datetime.date(2025, 1, 20),
                "pillar": Membership.Pillar.PESANTRENPRENEUR,
                "pact_signed_on": datetime.date(2025, 1, 20),
            },
        )
    if coop_a is not None:
        kopi, created = _product(
            coop_a,
            ("Kopi Robusta Argopuro", C.MINUMAN, "pak 250 g", 50_000),
            rng,
            flagship=True,
            admin=admin,
            status=Product.Curation.DIKURASI,
        )
        _permit(
            kopi,
            Permit.Kind.HALAL,
            "ID35110000456780923",
            datetime.date(2024, 6, 3),
            verified=True,
        )
        _permit(kopi, Permit.Kind.PIRT, "203350901234526", datetime.date(2024, 2, 12))
    if coop_b is not None:
        suwar, _ = _product(
            coop_b,
            ("Suwar-Suwir Jember", C.MAKANAN, "kotak 250 g", 30_000),
            rng,
            flagship=True,
            admin=admin,
            status=Product.Curation.TERDAFTAR,
        )
        _permit(
            suwar, Permit.Kind.HALAL, "ID35110000987650124", datetime.date(2024, 9, 9)
        )
    for coop, spec in zip(others, JEMBER_PRODUCTS, strict=False):
        _product(
            coop,
            spec,
            rng,
            flagship=True,
            admin=admin,
            status=Product.Curation.UNGGULAN,
        )
    if coop_a is not None and coop_b is not None:
        # pengurus-b needs coffee; pengurus-a offered; b agreed, a's turn to agree.
        _exchange(
            coop_b,
            coop_a,
            kopi,
            suwar,
            20,
            "pak",
            today,
            kind=Listing.Kind.NEED,
            agreed=False,
        )
    if stdout:
        stdout.write(
            f"OPOP: {Membership.objects.count()} anggota, "
            f"{Product.objects.count()} produk, {Exchange.objects.count()} pertukaran."
        )
