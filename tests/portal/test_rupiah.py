"""Rupiah as people in Indonesia type and read it: one form field, one filter."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kopontren.models import ChangeRequest, YearlyFigures
from opop.models import Product
from portal.forms import RupiahField
from portal.templatetags.portal_tags import rupiah
from tests.conftest import client_for


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("61.500.000", "61500000"),
        ("61.500.000,50", "61500000.50"),
        ("Rp 61.500.000", "61500000"),
        ("Rp. 55.000", "55000"),
        ("61500000", "61500000"),
        ("2500000.50", "2500000.50"),
        ("-1.250.000", "-1250000"),
        (" 55.000 ", "55000"),
    ],
)
def test_the_rupiah_field_reads_indonesian_notation(typed, amount):
    assert RupiahField().clean(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["61.500000", "1,250,000", "lima ribu", "12.3.4"])
def test_the_rupiah_field_names_what_was_typed_when_it_cannot_read_it(typed):
    form_field = RupiahField()
    with pytest.raises(Exception) as error:
        form_field.clean(typed)
    message = " ".join(error.value.messages)
    assert f"“{typed}”" in message and "61.500.000" in message
    assert "desimal" not in message


def test_the_rupiah_filter_groups_thousands():
    assert rupiah(Decimal("61500000.00")) == "Rp 61.500.000"
    assert rupiah(Decimal("1250000.50")) == "Rp 1.250.000,50"
    assert rupiah(Decimal("-2500")) == "-Rp 2.500"
    assert rupiah(None) == ""


def test_rat_capital_typed_the_indonesian_way_reaches_the_review_as_rupiah(
    staf, pengurus_a, coop_a
):
    response = client_for(pengurus_a).post(
        reverse("kopontren:figures_create", args=[coop_a.pk]),
        {
            "book_year": 2025,
            "rat_date": "2026-03-15",
            "members_male": 40,
            "members_female": 55,
            "managers": 1,
            "staff": 2,
            "modal_sendiri": "61.500.000",
            "modal_luar": "0",
            "aset": "Rp 125.000.000",
            "volume_usaha": "90000000",
            "shu": "2.500.000,50",
        },
    )
    assert response.status_code == 302
    request = ChangeRequest.objects.get()
    page = client_for(staf).get(
        reverse("kopontren:change_request_detail", args=[request.pk])
    )
    text = page.content.decode()
    assert "Rp 61.500.000" in text and "Rp 125.000.000" in text
    assert "Rp 2.500.000,50" in text and "15 Maret 2026" in text
    assert "61500000" not in text and "2026-03-15" not in text
    client_for(staf).post(
        reverse("kopontren:change_request_approve", args=[request.pk])
    )
    figures = YearlyFigures.objects.get()
    assert figures.modal_sendiri == Decimal("61500000")
    assert figures.shu == Decimal("2500000.50")


def test_the_rat_form_shows_stored_amounts_with_separators(pengurus_a, coop_a):
    figures = YearlyFigures.objects.create(
        cooperative=coop_a, book_year=2024, modal_sendiri=Decimal("61500000")
    )
    page = client_for(pengurus_a).get(
        reverse("kopontren:figures_edit", args=[coop_a.pk, figures.pk])
    )
    assert 'value="61.500.000"' in page.content.decode()


def test_a_product_price_of_55_000_is_fifty_five_thousand(pengurus_a, coop_a):
    response = client_for(pengurus_a).post(
        reverse("opop:product_create"),
        {
            "cooperative": coop_a.pk,
            "name": "Sambal Pecel",
            "category": "makanan",
            "price": "55.000",
        },
    )
    assert response.status_code == 302
    assert Product.objects.get(name="Sambal Pecel").price == Decimal("55000")


def test_a_price_that_cannot_be_read_is_refused_quoting_it(pengurus_a, coop_a):
    response = client_for(pengurus_a).post(
        reverse("opop:product_create"),
        {"name": "Sambal Pecel", "category": "makanan", "price": "55.00.0"},
    )
    assert "“55.00.0” tidak terbaca sebagai rupiah" in response.content.decode()
    assert not Product.objects.exists()
