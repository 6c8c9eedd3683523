"""Plain factory functions for OPOP records, keyword-only defaults."""

import datetime
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from opop.models import Exchange, Listing, Membership, Permit, Product, Response

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


def agreed_exchange(*, giver, receiver, item="Kopi", quantity=5, agreed_at=None):
    """A finished exchange: a listing of the giver, answered by the receiver."""
    moment = agreed_at or timezone.now()
    offer = listing(cooperative_obj=giver, kind="tawaran", title=f"Tawar {item}")
    response = Response.objects.create(
        listing=offer, cooperative=receiver, message="Mau", status="diterima"
    )
    return Exchange.objects.create(
        listing=offer,
        response=response,
        giver=giver,
        receiver=receiver,
        item=item,
        quantity=quantity,
        unit="kg",
        status=Exchange.Status.AGREED,
        giver_confirmed_at=moment,
        receiver_confirmed_at=moment,
        agreed_at=moment,
    )
