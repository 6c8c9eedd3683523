"""The exchange board: a need, an offer, both agree, the province sees it."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opop.models import Exchange, Listing, Response
from tests.conftest import client_for
from tests.opop import factories as opop_factories


def test_a_need_answered_both_agree_both_receive_and_the_province_sees_both_sides(
    members,
    coop_a,
    coop_b,
    pengurus_a,
    pengurus_b,
    product_a,
    provinsi_jatim,
    provinsi_kalsel,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    b, a = client_for(pengurus_b), client_for(pengurus_a)
    response = b.post(
        reverse("opop:listing_create"),
        {
            "cooperative": coop_b.pk,
            "kind": "kebutuhan",
            "title": "Butuh keripik untuk kantin",
            "quantity": "50",
            "unit": "bungkus",
        },
    )
    listing = Listing.objects.get()
    assert response["Location"] == listing.get_absolute_url()

    with django_capture_on_commit_callbacks(execute=True):
        a.post(
            reverse("opop:listing_respond", args=[listing.pk]),
            {
                "cooperative": coop_a.pk,
                "message": "Kami punya keripik tempe, bisa tukar dengan sirup.",
                "product": product_a.pk,
                "quantity": "40",
                "value": "Rp 600.000",
            },
        )
    offer = Response.objects.get()
    assert (offer.cooperative, offer.product, offer.quantity, offer.unit) == (
        coop_a,
        product_a,
        40,
        "bungkus",
    )
    assert offer.value == Decimal("600000")
    assert [m.to for m in mailoutbox] == [[pengurus_b.email]]
    assert "Butuh keripik untuk kantin" in mailoutbox[0].subject
    assert listing.get_absolute_url() in mailoutbox[0].body
    assert "menanggapi" in b.get(reverse("portal:home")).content.decode()

    form_page = b.get(reverse("opop:response_accept", args=[offer.pk]))
    assert "Keripik Tempe Alif" in form_page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        b.post(
            reverse("opop:response_accept", args=[offer.pk]),
            {
                "item": "Sirup jahe",
                "quantity": "10",
                "unit": "botol",
                "value": "250.000",
            },
        )
    exchange = Exchange.objects.get()
    assert exchange.status == "menunggu"
    assert (exchange.giver, exchange.receiver) == (coop_a, coop_b)
    assert exchange.receiver_confirmed_at and not exchange.giver_confirmed_at
    assert mailoutbox[1].to == [pengurus_a.email]
    assert "disetujui" in mailoutbox[1].subject

    a.post(reverse("opop:exchange_decide", args=[exchange.pk, "setujui"]))
    exchange.refresh_from_db()
    assert exchange.status == "disepakati" and exchange.agreed_at
    assert sorted(
        exchange.sides.values_list("cooperative", "item", "quantity", "unit", "value")
    ) == sorted(
        [
            (coop_a.pk, "Keripik Tempe Alif", 40, "bungkus", Decimal("600000")),
            (coop_b.pk, "Sirup jahe", 10, "botol", Decimal("250000")),
        ]
    )

    a.post(reverse("opop:exchange_decide", args=[exchange.pk, "terima"]))
    exchange.refresh_from_db()
    assert exchange.status == "disepakati"
    b.post(reverse("opop:exchange_decide", args=[exchange.pk, "terima"]))
    exchange.refresh_from_db()
    assert exchange.status == "selesai" and exchange.completed_at

    page = client_for(provinsi_jatim).get(reverse("opop:exchange_list"))
    assert list(page.context["page"]) == [exchange]
    text = page.content.decode()
    assert "40 bungkus Keripik Tempe Alif" in text and "10 botol Sirup jahe" in text
    assert "Setujui pertukaran" not in text
    assert [
        (row["kabupaten_code"], row["sides"], row["value"])
        for row in page.context["values"]
    ] == [("35.09", 2, Decimal("850000"))]
    assert "Rp 850.000" in text
    assert (
        list(
            client_for(provinsi_kalsel)
            .get(reverse("opop:exchange_list"))
            .context["page"]
        )
        == []
    )


def test_an_answer_must_say_what_it_gives(members, coop_a, coop_b, pengurus_a):
    listing = opop_factories.listing(cooperative_obj=coop_b)
    response = client_for(pengurus_a).post(
        reverse("opop:listing_respond", args=[listing.pk]),
        {"cooperative": coop_a.pk, "message": "Mau"},
        follow=True,
    )
    assert "Pilih produk atau tulis barang" in response.content.decode()
    assert not Response.objects.exists()


def test_both_sides_show_on_each_cooperatives_page(
    members, coop_a, coop_b, pengurus_a, pengurus_b
):
    opop_factories.agreed_exchange(
        giver=coop_a, receiver=coop_b, item="Kopi", back="Sirup", value=100_000
    )
    for client, coop in (
        (client_for(pengurus_a), coop_a),
        (client_for(pengurus_b), coop_b),
    ):
        text = client.get(coop.get_absolute_url()).content.decode()
        assert "5 kg Kopi" in text and "5 kg Sirup" in text and "Rp 100.000" in text


def test_the_value_summary_takes_one_query_however_many_exchanges(
    members, coop_a, coop_b, provinsi_jatim
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            client_for(provinsi_jatim).get(reverse("opop:exchange_list"))
        return len(captured)

    opop_factories.agreed_exchange(giver=coop_a, receiver=coop_b, value=1)
    one = queries()
    for number in range(5):
        opop_factories.agreed_exchange(
            giver=coop_b, receiver=coop_a, item=f"Barang {number}", value=2
        )
    assert queries() == one


def test_the_province_cannot_change_an_exchange(
    members, coop_a, coop_b, provinsi_jatim
):
    exchange = opop_factories.agreed_exchange(giver=coop_a, receiver=coop_b)
    Exchange.objects.filter(pk=exchange.pk).update(
        status="menunggu", agreed_at=None, receiver_confirmed_at=None
    )
    response = client_for(provinsi_jatim).post(
        reverse("opop:exchange_decide", args=[exchange.pk, "setujui"])
    )
    assert response.status_code == 403
    exchange.refresh_from_db()
    assert exchange.status == "menunggu" and exchange.receiver_confirmed_at is None


def test_an_outsider_cannot_agree_for_either_side(
    members, coop_a, coop_b, coop_kalsel_member, pengurus_kalsel
):
    exchange = opop_factories.agreed_exchange(giver=coop_a, receiver=coop_b)
    Exchange.objects.filter(pk=exchange.pk).update(status="menunggu", agreed_at=None)
    response = client_for(pengurus_kalsel).post(
        reverse("opop:exchange_decide", args=[exchange.pk, "setujui"])
    )
    assert response.status_code == 404
    assert Exchange.objects.get().status == "menunggu"


def test_contact_details_are_for_members_only(
    members, coop_b, pengurus_a, provinsi_jatim
):
    listing = opop_factories.listing(cooperative_obj=coop_b)
    url = reverse("opop:listing_detail", args=[listing.pk])
    member_page = client_for(pengurus_a).get(url).content.decode()
    assert "Kirim tanggapan" in member_page
    assert "085711112222" in member_page
    assert "https://wa.me/6285711112222" in member_page
    official_page = client_for(provinsi_jatim).get(url).content.decode()
    assert "085711112222" not in official_page and "0857****2222" in official_page
    assert "Kirim tanggapan" not in official_page


def test_an_officer_of_a_non_member_cannot_use_the_board(coop_b, pengurus_b, members):
    from opop.models import Membership

    Membership.objects.filter(cooperative=coop_b).delete()
    response = client_for(pengurus_b).get(reverse("opop:board"))
    assert response.status_code == 403
    assert "khusus untuk koperasi anggota OPOP" in response.content.decode()
    response = client_for(pengurus_b).post(
        reverse("opop:listing_create"),
        {
            "cooperative": coop_b.pk,
            "kind": "tawaran",
            "title": "X",
            "quantity": 1,
            "unit": "kg",
        },
    )
    assert response.status_code == 403
    assert not Listing.objects.exists()


def test_a_cooperative_answers_a_listing_once_and_never_its_own(
    members, coop_a, coop_b, pengurus_a, pengurus_b
):
    listing = opop_factories.listing(cooperative_obj=coop_b)
    url = reverse("opop:listing_respond", args=[listing.pk])
    data = {"cooperative": coop_a.pk, "message": "Ada", "item": "Keripik"}
    client_for(pengurus_a).post(url, data)
    again = client_for(pengurus_a).post(url, data, follow=True)
    assert "sudah menanggapi" in again.content.decode()
    own = client_for(pengurus_b).post(
        url, {"cooperative": coop_b.pk, "message": "Saya"}
    )
    assert own.status_code == 403
    assert Response.objects.count() == 1


def test_a_closed_listing_takes_no_answers(
    members, coop_a, coop_b, pengurus_a, pengurus_b
):
    listing = opop_factories.listing(cooperative_obj=coop_b)
    client_for(pengurus_b).post(reverse("opop:listing_close", args=[listing.pk]))
    listing.refresh_from_db()
    assert listing.status == "tutup"
    client_for(pengurus_a).post(
        reverse("opop:listing_respond", args=[listing.pk]),
        {"cooperative": coop_a.pk, "message": "Masih ada?", "item": "Kopi"},
    )
    assert not Response.objects.exists()


@pytest.mark.parametrize("who", ["pengurus_a", "staf"])
def test_only_the_poster_accepts_a_response(members, coop_a, coop_b, who, request):
    listing = opop_factories.listing(cooperative_obj=coop_b)
    answer = Response.objects.create(listing=listing, cooperative=coop_a, message="Ada")
    response = client_for(request.getfixturevalue(who)).post(
        reverse("opop:response_accept", args=[answer.pk])
    )
    assert response.status_code == 403
    assert not Exchange.objects.exists()


def test_either_side_may_withdraw_before_both_agree(
    members, coop_a, coop_b, pengurus_a, pengurus_b, product_a
):
    listing = opop_factories.listing(cooperative_obj=coop_b)
    answer = Response.objects.create(
        listing=listing, cooperative=coop_a, message="Ada", product=product_a
    )
    client_for(pengurus_b).post(
        reverse("opop:response_accept", args=[answer.pk]),
        {"item": "Sirup", "quantity": "2", "unit": "botol"},
    )
    exchange = Exchange.objects.get()
    client_for(pengurus_a).post(
        reverse("opop:exchange_decide", args=[exchange.pk, "batalkan"])
    )
    exchange.refresh_from_db()
    assert exchange.status == "batal"
    client_for(pengurus_a).post(
        reverse("opop:exchange_decide", args=[exchange.pk, "setujui"])
    )
    exchange.refresh_from_db()
    assert exchange.status == "batal" and exchange.agreed_at is None
