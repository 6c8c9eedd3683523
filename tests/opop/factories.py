"""Plain factory functions for OPOP records, keyword-only defaults."""

import datetime
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from opop.models import (
    Exchange,
    ExchangeSide,
    Listing,
    Membership,
    Permit,
    Product,
    Response,
)

_seq = itertools.count(1)


def png_bytes(*, size=(640, 480), colour="#3f7d20", mode="RGB", file_format="PNG"):
    image = Image.new(mode, size, colour)
    buffer = io.BytesIO()
    image.save(buffer, file_format)
    return buffer.getvalue()


def photo_upload(*, name="foto.png", **kwargs):
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def membership(*, cooperative_obj, programme=None, **extra):
    return Membership.objects.create(
        cooperative=cooperative_obj,
        programme_id=programme or cooperative_obj.kabupaten_id[:2],
        joined_on=extra.pop("joined_on", datetime.date(2024, 10, 2)),
        **extra,
    )


def product(*, cooperative_obj, name=None, category="makanan", **extra):
    return Product.objects.create(
        cooperative=cooperative_obj,
        name=name or f"Produk Uji {next(_seq)}",
        category=category,
        **extra,
    )


def permit(*, product_obj, kind="halal", number=None, issued_on=None, **extra):
    return Permit.objects.create(
        product=product_obj,
        kind=kind,
        number=number or f"ID3511000012345{next(_seq):04d}",
        issued_on=issued_on or datetime.date(2024, 1, 10),
        **extra,
    )


def listing(*, cooperative_obj, kind="kebutuhan", title=None, **extra):
    return Listing.objects.create(
        cooperative=cooperative_obj,
        kind=kind,
        title=title or f"Kebutuhan Uji {next(_seq)}",
        quantity=extra.pop("quantity", 10),
        unit=extra.pop("unit", "kg"),
        **extra,
    )


def agreed_exchange(
    *,
    giver,
    receiver,
    item="Kopi",
    back="Gula aren",
    quantity=5,
    value=None,
    back_value=None,
    agreed_at=None,
):
    """An agreed exchange: a listing of the giver, answered by the receiver, with
    `item` going one way and `back` the other."""
    moment = agreed_at or timezone.now()
    offer = listing(cooperative_obj=giver, kind="tawaran", title=f"Tawar {item}")
    response = Response.objects.create(
        listing=offer,
        cooperative=receiver,
        message="Mau",
        item=back,
        status="diterima",
    )
    exchange = Exchange.objects.create(
        listing=offer,
        response=response,
        giver=giver,
        receiver=receiver,
        status=Exchange.Status.AGREED,
        giver_confirmed_at=moment,
        receiver_confirmed_at=moment,
        agreed_at=moment,
    )
    ExchangeSide.objects.create(
        exchange=exchange,
        cooperative=giver,
        item=item,
        quantity=quantity,
        unit="kg",
        value=value,
    )
    ExchangeSide.objects.create(
        exchange=exchange,
        cooperative=receiver,
        item=back,
        quantity=quantity,
        unit="kg",
        value=back_value,
    )
    return exchange
