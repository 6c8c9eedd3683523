"""Every OPOP URL, as every role: who gets the page, who is refused, and that a
refused POST changes nothing."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from opop import services
from opop.models import (
    CurationEvent,
    Exchange,
    ExchangeSide,
    Listing,
    Permit,
    Product,
    ProductPhoto,
    Response,
    WorkPlan,
)
from tests.conftest import client_for
from tests.opop import factories as opop_factories

ROLES = [
    "admin",
    "staf",
    "staf_banjarbaru",
    "pengurus_a",
    "pengurus_b",
    "provinsi_kalsel",
    "provinsi_jatim",
    "anonim",
]


@pytest.fixture
def people(
    admin,
    staf,
    staf_banjarbaru,
    pengurus_a,
    pengurus_b,
    provinsi_kalsel,
    provinsi_jatim,
):
    return {
        "admin": admin,
        "staf": staf,
        "staf_banjarbaru": staf_banjarbaru,
        "pengurus_a": pengurus_a,
        "pengurus_b": pengurus_b,
        "provinsi_kalsel": provinsi_kalsel,
        "provinsi_jatim": provinsi_jatim,
        "anonim": None,
    }


@pytest.fixture
def world(product_a, members, coop_a, coop_b, pengurus_a, pengurus_b):
    """coop_a's product with a photo and a permit scan; coop_b's need, answered by
    coop_a; both Jember members of OPOP Jawa Timur."""
    photo = services.product_photo_add(
        product=product_a, upload=opop_factories.photo_upload()
    )
    permit = product_a.permits.get()
    permit.document.save("halal.pdf", ContentFile(b"%PDF-1.4 uji"))
    need = opop_factories.listing(cooperative_obj=coop_b, title="Butuh keripik")
    membership = members[0]
    membership.pact_document.save("pakta.pdf", ContentFile(b"%PDF-1.4 pakta"))
    plan = WorkPlan.objects.create(membership=membership, year=2025, plan="Rencana")
    answer = Response.objects.create(listing=need, cooperative=coop_a, message="Ada")
    waiting = Exchange.objects.create(
        listing=need, response=answer, giver=coop_a, receiver=coop_b
    )
    ExchangeSide.objects.create(
        exchange=waiting, cooperative=coop_a, item="Keripik", quantity=5, unit="kg"
    )
    return {
        "plan": plan,
        "answer": answer,
        "exchange": waiting,
        "product": product_a,
        "photo": photo,
        "permit": permit,
        "listing": need,
        "membership": membership,
    }


def urls_of(world):
    p, m = world["product"].pk, world["membership"].pk
    return {
        "catalogue": reverse("opop:catalogue"),
        "catalogue_detail": reverse("opop:catalogue_detail", args=[p]),
        "photo_small": reverse("opop:photo", args=[world["photo"].pk, "kecil"]),
        "photo_original": reverse("opop:photo", args=[world["photo"].pk, "asli"]),
        "product_list": reverse("opop:product_list"),
        "product_create": reverse("opop:product_create"),
        "product_detail": reverse("opop:product_detail", args=[p]),
        "product_edit": reverse("opop:product_edit", args=[p]),
        "photo_add": reverse("opop:photo_add", args=[p]),
        "permit_create": reverse("opop:permit_create", args=[p]),
        "permit_edit": reverse("opop:permit_edit", args=[p, world["permit"].pk]),
        "permit_document": reverse(
            "opop:permit_document", args=[p, world["permit"].pk]
        ),
        "permit_worklist": reverse("opop:permit_worklist"),
        "permit_verification": reverse("opop:permit_verification"),
        "import": reverse("opop:import", args=["produk"]),
        "export": reverse("opop:export", args=["produk"]),
        "export_permits": reverse("opop:export", args=["izin"]),
        "membership_list": reverse("opop:membership_list"),
        "membership_create": reverse("opop:membership_create"),
        "membership_detail": reverse("opop:membership_detail", args=[m]),
        "membership_edit": reverse("opop:membership_edit", args=[m]),
        "work_plan_create": reverse("opop:work_plan_create", args=[m]),
        "work_plan_edit": reverse("opop:work_plan_edit", args=[m, world["plan"].pk]),
        "pact_document": reverse("opop:membership_file", args=[m, "pakta"]),
        "progress": reverse("opop:progress"),
        "board": reverse("opop:board"),
        "listing_create": reverse("opop:listing_create"),
        "listing_detail": reverse("opop:listing_detail", args=[world["listing"].pk]),
        "exchange_list": reverse("opop:exchange_list"),
        "response_accept": reverse("opop:response_accept", args=[world["answer"].pk]),
        "listing_close": reverse("opop:listing_close", args=[world["listing"].pk]),
        "product_delete": reverse("opop:product_delete", args=[p]),
        "photo_delete": reverse("opop:photo_delete", args=[p, world["photo"].pk]),
        "permit_delete": reverse("opop:permit_delete", args=[p, world["permit"].pk]),
    }


PUBLIC = {"catalogue", "catalogue_detail", "photo_small"}
ALL = 200
# Pages of coop_a (Jember) and its product: who sees (200), who may not change
# what they see (403), who cannot see it at all (404).
EXPECTED = {
    "admin": dict.fromkeys(
        [
            "photo_original",
            "product_list",
            "product_create",
            "product_detail",
            "product_edit",
            "product_delete",
            "photo_delete",
            "permit_delete",
            "photo_add",
            "permit_create",
            "permit_edit",
            "permit_document",
            "permit_worklist",
            "permit_verification",
            "import",
            "export",
            "export_permits",
            "membership_list",
            "membership_create",
            "membership_detail",
            "membership_edit",
            "work_plan_create",
            "work_plan_edit",
            "pact_document",
            "progress",
            "board",
            "listing_detail",
            "exchange_list",
        ],
        200,
    )
    | {"listing_create": 403, "response_accept": 403, "listing_close": 403},
    "staf": {
        "photo_original": 200,
        "product_list": 200,
        "product_create": 200,
        "product_detail": 200,
        "product_edit": 200,
        "product_delete": 200,
        "photo_delete": 200,
        "permit_delete": 200,
        "photo_add": 200,
        "permit_create": 200,
        "permit_edit": 200,
        "permit_document": 200,
        "permit_worklist": 200,
        "permit_verification": 200,
        "import": 200,
        "export": 200,
        "export_permits": 200,
        "membership_list": 200,
        "membership_create": 200,
        "membership_detail": 200,
        "membership_edit": 200,
        "work_plan_create": 200,
        "work_plan_edit": 200,
        "pact_document": 200,
        "progress": 200,
        "board": 200,
        "listing_create": 403,
        "listing_detail": 200,
        "exchange_list": 200,
        "response_accept": 403,
        "listing_close": 403,
    },
    # Staff of Banjarbaru: their own pages open, Jember's records are out of scope.
    "staf_banjarbaru": {
        "photo_original": 404,
        "product_list": 200,
        "product_create": 200,
        "product_detail": 404,
        "product_edit": 404,
        "product_delete": 404,
        "photo_delete": 404,
        "permit_delete": 404,
        "photo_add": 404,
        "permit_create": 404,
        "permit_edit": 404,
        "permit_document": 404,
        "permit_worklist": 200,
        "permit_verification": 200,
        "import": 200,
        "export": 200,
        "export_permits": 200,
        "membership_list": 200,
        "membership_create": 200,
        "membership_detail": 404,
        "membership_edit": 404,
        "work_plan_create": 404,
        "work_plan_edit": 404,
        "pact_document": 404,
        "progress": 200,
        "board": 200,
        "listing_create": 403,
        "listing_detail": 404,
        "exchange_list": 200,
        "response_accept": 404,
        "listing_close": 404,
    },
    "pengurus_a": {
        "photo_original": 200,
        "product_list": 200,
        "product_create": 200,
        "product_detail": 200,
        "product_edit": 200,
        "product_delete": 200,
        "photo_delete": 200,
        "permit_delete": 200,
        "photo_add": 200,
        "permit_create": 200,
        "permit_edit": 200,
        "permit_document": 200,
        "permit_worklist": 403,
        "permit_verification": 403,
        "import": 403,
        "export": 200,
        "export_permits": 200,
        "membership_list": 200,
        "membership_create": 403,
        "membership_detail": 200,
        "membership_edit": 403,
        "work_plan_create": 200,
        "work_plan_edit": 200,
        "pact_document": 200,
        "progress": 403,
        "board": 200,
        "listing_create": 200,
        "listing_detail": 200,
        "exchange_list": 200,
        "response_accept": 403,
        "listing_close": 403,
    },
    "pengurus_b": {
        "photo_original": 404,
        "product_list": 200,
        "product_create": 200,
        "product_detail": 404,
        "product_edit": 404,
        "product_delete": 404,
        "photo_delete": 404,
        "permit_delete": 404,
        "photo_add": 404,
        "permit_create": 404,
        "permit_edit": 404,
        "permit_document": 404,
        "permit_worklist": 403,
        "permit_verification": 403,
        "import": 403,
        "export": 200,
        "export_permits": 200,
        "membership_list": 200,
        "membership_create": 403,
        "membership_detail": 404,
        "membership_edit": 404,
        "work_plan_create": 404,
        "work_plan_edit": 404,
        "pact_document": 404,
        "progress": 403,
        "board": 200,
        "listing_create": 200,
        "listing_detail": 200,
        "exchange_list": 200,
        "response_accept": 200,
        "listing_close": 200,
    },
    "provinsi_kalsel": {
        "photo_original": 404,
        "product_list": 200,
        "product_create": 403,
        "product_detail": 404,
        "product_edit": 404,
        "product_delete": 404,
        "photo_delete": 404,
        "permit_delete": 404,
        "photo_add": 404,
        "permit_create": 404,
        "permit_edit": 404,
        "permit_document": 404,
        "permit_worklist": 200,
        "permit_verification": 200,
        "import": 403,
        "export": 200,
        "export_permits": 200,
        "membership_list": 200,
        "membership_create": 403,
        "membership_detail": 404,
        "membership_edit": 404,
        "work_plan_create": 404,
        "work_plan_edit": 404,
        "pact_document": 404,
        "progress": 200,
        "board": 200,
        "listing_create": 403,
        "listing_detail": 404,
        "exchange_list": 200,
        "response_accept": 404,
        "listing_close": 404,
    },
    # Jawa Timur's official reads Jember's records and changes nothing.
    "provinsi_jatim": {
        "photo_original": 200,
        "product_list": 200,
        "product_create": 403,
        "product_detail": 200,
        "product_edit": 403,
        "product_delete": 403,
        "photo_delete": 403,
        "permit_delete": 403,
        "photo_add": 403,
        "permit_create": 403,
        "permit_edit": 403,
        "permit_document": 200,
        "permit_worklist": 200,
        "permit_verification": 200,
        "import": 403,
        "export": 200,
        "export_permits": 200,
        "membership_list": 200,
        "membership_create": 403,
        "membership_detail": 200,
        "membership_edit": 403,
        "work_plan_create": 403,
        "work_plan_edit": 403,
        "pact_document": 200,
        "progress": 200,
        "board": 200,
        "listing_create": 403,
        "listing_detail": 200,
        "exchange_list": 200,
        "response_accept": 403,
        "listing_close": 403,
    },
}


@pytest.mark.parametrize("who", ROLES)
def test_opop_pages_answer_each_role_as_expected(people, who, world):
    client = client_for(people[who])
    for name, url in urls_of(world).items():
        response = client.get(url)
        if name in PUBLIC:
            assert response.status_code == 200, (name, url)
        elif who == "anonim":
            if name == "photo_original":
                assert response.status_code == 404, name
                continue
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("account_login")), name
        else:
            assert response.status_code == EXPECTED[who][name], (name, url)


@pytest.mark.parametrize(
    "who",
    ["staf_banjarbaru", "pengurus_b", "provinsi_kalsel", "provinsi_jatim", "anonim"],
)
def test_refused_product_posts_change_nothing(people, who, world):
    product = world["product"]
    client = client_for(people[who])
    before = (
        Product.objects.values_list("name", "price", "is_flagship").get(pk=product.pk),
        ProductPhoto.objects.count(),
        Permit.objects.count(),
    )
    posts = {
        reverse("opop:product_edit", args=[product.pk]): {
            "name": "Dibajak",
            "category": "lainnya",
        },
        reverse("opop:photo_add", args=[product.pk]): {
            "photo": opop_factories.photo_upload()
        },
        reverse("opop:permit_create", args=[product.pk]): {
            "kind": "nib",
            "number": "1234567890123",
            "issued_on": "2024-01-01",
        },
        reverse("opop:photo_delete", args=[product.pk, world["photo"].pk]): {},
        reverse("opop:permit_delete", args=[product.pk, world["permit"].pk]): {},
        reverse("opop:product_delete", args=[product.pk]): {},
    }
    for url, data in posts.items():
        response = client.post(url, data)
        assert response.status_code in (302, 403, 404), url
        if who != "anonim":
            assert response.status_code in (403, 404), url
    after = (
        Product.objects.values_list("name", "price", "is_flagship").get(pk=product.pk),
        ProductPhoto.objects.count(),
        Permit.objects.count(),
    )
    assert after == before


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("pengurus_a", 403),
        ("pengurus_b", 404),
        ("staf_banjarbaru", 404),
        ("provinsi_jatim", 403),
        ("provinsi_kalsel", 404),
        ("anonim", 302),
    ],
)
def test_only_staff_move_a_curation_status(people, who, status, world):
    product = world["product"]
    response = client_for(people[who]).post(
        reverse("opop:product_curate", args=[product.pk]),
        {"to_status": "dikurasi", "note": "Naik sendiri"},
    )
    assert response.status_code == status
    product.refresh_from_db()
    assert product.curation_status == "terdaftar"
    assert not CurationEvent.objects.exists()


@pytest.mark.parametrize("who", ["staf", "admin"])
def test_staff_of_the_kabupaten_and_admin_move_the_curation_status(people, who, world):
    product = world["product"]
    response = client_for(people[who]).post(
        reverse("opop:product_curate", args=[product.pk]),
        {"to_status": "dikurasi", "note": "Kemasan rapi, label lengkap."},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.curation_status == "dikurasi"
    event = CurationEvent.objects.get()
    assert (event.from_status, event.to_status, event.by) == (
        "terdaftar",
        "dikurasi",
        people[who],
    )
    assert event.note == "Kemasan rapi, label lengkap."


# Board actions on coop_b's need, coop_a's answer and their waiting exchange.
BOARD_POSTS = {
    "admin": {
        "close": 403,
        "accept": 403,
        "agree": 403,
        "receive": 403,
        "respond": 403,
    },
    "staf": {"close": 403, "accept": 403, "agree": 403, "receive": 403, "respond": 403},
    "staf_banjarbaru": {
        "close": 404,
        "accept": 404,
        "agree": 404,
        "receive": 404,
        "respond": 404,
    },
    "pengurus_a": {"close": 403, "accept": 403},
    "provinsi_kalsel": {
        "close": 404,
        "accept": 404,
        "agree": 404,
        "receive": 404,
        "respond": 404,
    },
    "provinsi_jatim": {
        "close": 403,
        "accept": 403,
        "agree": 403,
        "receive": 403,
        "respond": 403,
    },
    "anonim": {
        "close": 302,
        "accept": 302,
        "agree": 302,
        "receive": 302,
        "respond": 302,
    },
}


@pytest.mark.parametrize("who", sorted(BOARD_POSTS))
def test_refused_board_posts_change_nothing(people, who, world):
    listing, answer, exchange = world["listing"], world["answer"], world["exchange"]
    urls = {
        "close": reverse("opop:listing_close", args=[listing.pk]),
        "accept": reverse("opop:response_accept", args=[answer.pk]),
        "agree": reverse("opop:exchange_decide", args=[exchange.pk, "setujui"]),
        "receive": reverse("opop:exchange_decide", args=[exchange.pk, "terima"]),
        "respond": reverse("opop:listing_respond", args=[listing.pk]),
    }
    client = client_for(people[who])
    for action, status in BOARD_POSTS[who].items():
        data = {
            "message": "Ikut",
            "item": "Kopi",
            "cooperative": world["product"].cooperative_id,
        }
        assert client.post(urls[action], data).status_code == status, action
    listing.refresh_from_db()
    exchange.refresh_from_db()
    assert listing.status == Listing.Status.OPEN
    assert exchange.status == "menunggu" and exchange.giver_confirmed_at is None
    assert Response.objects.count() == 1


@pytest.mark.parametrize("who", ["pengurus_a", "provinsi_jatim", "staf_banjarbaru"])
def test_refused_membership_posts_change_nothing(people, who, world):
    membership, plan = world["membership"], world["plan"]
    client = client_for(people[who])
    client.post(
        reverse("opop:membership_edit", args=[membership.pk]),
        {"programme": "35", "joined_on": "2020-01-01"},
    )
    if who != "pengurus_a":
        client.post(
            reverse("opop:work_plan_edit", args=[membership.pk, plan.pk]),
            {"year": "2025", "plan": "Dibajak"},
        )
    membership.refresh_from_db()
    plan.refresh_from_db()
    assert str(membership.joined_on) == "2024-10-02" and plan.plan == "Rencana"


@pytest.mark.parametrize("who", ["pengurus_a", "provinsi_jatim"])
def test_import_confirmation_is_refused_to_non_importers(people, who, world):
    response = client_for(people[who]).post(
        reverse("opop:import_confirm", args=["produk"]), {"token": "x"}
    )
    assert response.status_code == 403


# Pages that only read: whoever asks, an unsafe method is refused before anything runs.
READ_ONLY = [
    "product_list",
    "product_detail",
    "permit_document",
    "permit_worklist",
    "permit_verification",
    "export",
    "export_permits",
    "membership_list",
    "membership_detail",
    "pact_document",
    "progress",
    "board",
    "listing_detail",
    "exchange_list",
]


def snapshot():
    return (
        list(Product.objects.values_list("pk", "name", "curation_status", "price")),
        ProductPhoto.objects.count(),
        list(Permit.objects.values_list("pk", "number", "verified")),
        list(Listing.objects.values_list("pk", "status")),
        Response.objects.count(),
        list(Exchange.objects.values_list("pk", "status", "giver_confirmed_at")),
        list(WorkPlan.objects.values_list("pk", "plan")),
        CurationEvent.objects.count(),
    )


@pytest.mark.parametrize(
    "who", ["provinsi_jatim", "provinsi_kalsel", "staf", "pengurus_a", "admin"]
)
def test_read_only_pages_refuse_unsafe_methods(people, who, world):
    client = client_for(people[who])
    urls = urls_of(world)
    before = snapshot()
    for name in READ_ONLY:
        for method in (client.post, client.put, client.delete):
            response = method(urls[name], {"name": "Dibajak", "status": "batal"})
            assert response.status_code == 405, (name, method.__name__)
        assert client.head(urls[name]).status_code != 405, name
    assert snapshot() == before
