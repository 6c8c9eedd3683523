"""Officers manage their own products and permits directly; one flagship each."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from opop.models import Permit, Product
from tests.conftest import client_for
from tests.opop import factories as opop_factories


def test_officer_adds_a_product_for_their_cooperative_without_approval(
    pengurus_a, coop_a
):
    response = client_for(pengurus_a).post(
        reverse("opop:product_create"),
        {
            "cooperative": coop_a.pk,
            "name": "Kopi Santri",
            "category": "minuman",
            "price": "45000",
            "unit": "pak 200 g",
            "monthly_capacity": "300",
            "is_flagship": "on",
            "whatsapp": "0812-3456-7890",
            "marketplace_links": "https://www.tokopedia.com/kopi-santri\n"
            "https://shopee.co.id/kopi-santri",
        },
    )
    product = Product.objects.get(name="Kopi Santri")
    assert response.status_code == 302
    assert response["Location"] == product.get_absolute_url()
    assert product.cooperative == coop_a and product.is_flagship
    assert product.curation_status == "terdaftar"
    assert [label for label, _url in product.marketplace_urls] == [
        "Tokopedia",
        "Shopee",
    ]


def test_officer_cannot_add_a_product_for_another_cooperative(pengurus_a, coop_b):
    response = client_for(pengurus_a).post(
        reverse("opop:product_create"),
        {"cooperative": coop_b.pk, "name": "Titipan", "category": "makanan"},
    )
    assert response.status_code == 200
    assert "cooperative" in response.context["form"].errors
    assert not Product.objects.exists()


def test_a_second_flagship_is_refused_with_a_message(pengurus_a, product_a, coop_a):
    second = opop_factories.product(cooperative_obj=coop_a, name="Sambal Pecel")
    response = client_for(pengurus_a).post(
        reverse("opop:product_edit", args=[second.pk]),
        {"name": "Sambal Pecel", "category": "makanan", "is_flagship": "on"},
    )
    assert response.status_code == 200
    assert "sudah punya produk unggulan" in str(response.context["form"].errors)
    second.refresh_from_db()
    assert not second.is_flagship


@pytest.mark.django_db(transaction=True)
def test_the_database_keeps_one_flagship_per_cooperative(coop_a):
    opop_factories.product(cooperative_obj=coop_a, is_flagship=True)
    with pytest.raises(IntegrityError):
        opop_factories.product(cooperative_obj=coop_a, is_flagship=True)


def test_nonsense_whatsapp_and_links_are_refused(pengurus_a, coop_a):
    response = client_for(pengurus_a).post(
        reverse("opop:product_create"),
        {
            "cooperative": coop_a.pk,
            "name": "Kopi",
            "category": "minuman",
            "whatsapp": "12",
            "marketplace_links": "tokopedia kopi",
        },
    )
    errors = response.context["form"].errors
    assert "Nomor WhatsApp tidak valid" in str(errors["whatsapp"])
    assert "Tautan tidak valid" in str(errors["marketplace_links"])
    assert not Product.objects.exists()


def test_officer_adds_a_pirt_valid_five_years_and_sees_the_soft_warning(
    pengurus_a, product_a
):
    response = client_for(pengurus_a).post(
        reverse("opop:permit_create", args=[product_a.pk]),
        {"kind": "pirt", "number": "12345", "issued_on": "2024-02-29"},
        follow=True,
    )
    permit = Permit.objects.get(kind="pirt")
    assert permit.valid_until == datetime.date(2029, 2, 28)
    assert not permit.verified
    assert "P-IRT biasanya 15 digit" in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "number", "warned"),
    [
        ("pirt", "206350901234526", False),
        ("pirt", "2063509012345", True),
        ("bpom", "MD 224513001234", False),
        ("bpom", "MD 2245", True),
        ("halal", "ID35110000123450321", False),
        ("halal", "LPPOM-00150012340718", True),
        ("nib", "9120001234567", False),
        ("merek", "IDM000123456", False),
    ],
)
def test_permit_numbers_of_an_unusual_form_only_warn(kind, number, warned):
    permit = Permit(kind=kind, number=number, issued_on=datetime.date(2024, 1, 1))
    assert bool(permit.number_warning) is warned


def test_nonsense_permit_numbers_and_dates_are_refused(pengurus_a, product_a):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(pengurus_a).post(
        reverse("opop:permit_create", args=[product_a.pk]),
        {"kind": "halal", "number": "???", "issued_on": tomorrow.isoformat()},
    )
    errors = response.context["form"].errors
    assert "Nomor izin hanya berisi" in str(errors["number"])
    assert "masa depan" in str(errors["issued_on"])
    response = client_for(pengurus_a).post(
        reverse("opop:permit_create", args=[product_a.pk]),
        {
            "kind": "sni",
            "number": "SNI 01-3553-2015",
            "issued_on": "2024-05-01",
            "valid_until": "2024-04-01",
        },
    )
    assert "sebelum tanggal terbit" in str(response.context["form"].errors)
    assert Permit.objects.count() == 1


def test_only_staff_verify_a_permit_and_an_officers_change_needs_checking_again(
    staf, pengurus_a, product_a
):
    permit = product_a.permits.get()
    data = {"kind": "halal", "number": permit.number, "issued_on": "2024-01-10"}
    form_page = client_for(pengurus_a).get(
        reverse("opop:permit_edit", args=[product_a.pk, permit.pk])
    )
    assert "verified" not in form_page.context["form"].fields
    client_for(pengurus_a).post(
        reverse("opop:permit_edit", args=[product_a.pk, permit.pk]),
        data | {"verified": "on"},
    )
    permit.refresh_from_db()
    assert not permit.verified
    client_for(staf).post(
        reverse("opop:permit_edit", args=[product_a.pk, permit.pk]),
        data | {"verified": "on"},
    )
    permit.refresh_from_db()
    assert permit.verified and permit.verified_by == staf
    client_for(pengurus_a).post(
        reverse("opop:permit_edit", args=[product_a.pk, permit.pk]),
        data | {"number": "ID35110000999990321"},
    )
    permit.refresh_from_db()
    assert permit.number == "ID35110000999990321"
    assert not permit.verified and permit.verified_by is None


def test_work_list_shows_expired_and_soon_expiring_permits_in_scope(
    staf, product_a, coop_kalsel, staf_banjarbaru
):
    today = timezone.localdate()
    expired = opop_factories.permit(
        product_obj=product_a,
        kind="pirt",
        number="206350901234526",
        issued_on=datetime.date(2019, 1, 1),
        valid_until=datetime.date(2024, 1, 1),
    )
    soon = opop_factories.permit(
        product_obj=product_a,
        kind="bpom",
        number="MD 224513001234",
        valid_until=today + datetime.timedelta(days=60),
    )
    opop_factories.permit(
        product_obj=product_a,
        kind="sni",
        number="SNI 1234",
        valid_until=today + datetime.timedelta(days=200),
    )
    kalsel = opop_factories.product(cooperative_obj=coop_kalsel)
    elsewhere = opop_factories.permit(
        product_obj=kalsel,
        kind="pirt",
        number="206637201234526",
        issued_on=datetime.date(2019, 1, 1),
        valid_until=datetime.date(2024, 1, 1),
    )
    listed = list(client_for(staf).get(reverse("opop:permit_worklist")).context["page"])
    assert listed == [expired, soon]
    assert list(
        client_for(staf_banjarbaru).get(reverse("opop:permit_worklist")).context["page"]
    ) == [elsewhere]


def test_officer_deletes_their_product_with_its_photos(pengurus_a, product_a):
    response = client_for(pengurus_a).post(
        reverse("opop:product_delete", args=[product_a.pk])
    )
    assert response.status_code == 302
    assert not Product.objects.filter(pk=product_a.pk).exists()
    assert not Permit.objects.exists()


def test_product_history_records_who_changed_the_price(pengurus_a, product_a):
    client_for(pengurus_a).post(
        reverse("opop:product_edit", args=[product_a.pk]),
        {"name": product_a.name, "category": "makanan", "price": "17000"},
    )
    latest = product_a.history.latest()
    assert latest.price == 17000 and latest.history_user == pengurus_a


def test_a_flagship_lost_in_a_race_becomes_a_field_error(monkeypatch, coop_a):
    from django.core.exceptions import ValidationError

    from opop import services
    from opop.services import catalogue

    opop_factories.product(cooperative_obj=coop_a, is_flagship=True)
    # As if validation ran before the other save committed.
    monkeypatch.setattr(catalogue, "validate_product", lambda product: None)
    late = Product(
        cooperative=coop_a, name="Terlambat", category="makanan", is_flagship=True
    )
    with pytest.raises(ValidationError) as raised:
        services.product_save(product=late)
    assert "is_flagship" in raised.value.message_dict
    assert Product.objects.filter(cooperative=coop_a).count() == 1
