"""The exchange board: post, answer, accept, and both sides agree."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opop.models import Exchange, Listing, Response
from portal.access import Scope


@transaction.atomic
def listing_create(*, cooperative, by, **fields):
    """Post an offer or a need for a member cooperative."""
    if not Scope.of(by).can_trade_for(cooperative):
        raise ValidationError(
            _("Hanya pengurus koperasi anggota OPOP yang dapat memposting.")
        )
    product = fields.get("product")
    if product is not None and product.cooperative_id != cooperative.pk:
        raise ValidationError({"product": _("Pilih produk koperasi Anda sendiri.")})
    listing = Listing(cooperative=cooperative, created_by=by, **fields)
    listing.full_clean()
    listing.save()
    return listing


@transaction.atomic
def listing_close(*, listing, by):
    if not Scope.of(by).can_trade_for(listing.cooperative):
        raise ValidationError(
            _("Hanya pengurus koperasi pemosting yang dapat menutup.")
        )
    Listing.objects.filter(pk=listing.pk).update(
        status=Listing.Status.CLOSED, updated_at=timezone.now()
    )
    listing.status = Listing.Status.CLOSED
    return listing


@transaction.atomic
def response_create(*, listing, cooperative, by, message, product=None, quantity=None):
    """Another member answers an open listing (once per cooperative)."""
    if not Scope.of(by).can_trade_for(cooperative):
        raise ValidationError(
            _("Hanya pengurus koperasi anggota OPOP yang dapat menanggapi.")
        )
    if cooperative.pk == listing.cooperative_id:
        raise ValidationError(
            _("Koperasi tidak dapat menanggapi postingannya sendiri.")
        )
    locked = Listing.objects.select_for_update().get(pk=listing.pk)
    if locked.status != Listing.Status.OPEN:
        raise ValidationError(_("Tawaran/kebutuhan ini sudah ditutup."))
    if product is not None and product.cooperative_id != cooperative.pk:
        raise ValidationError({"product": _("Pilih produk koperasi Anda sendiri.")})
    response = Response(
        listing=locked,
        cooperative=cooperative,
        created_by=by,
        message=message,
        product=product,
        quantity=quantity,
    )
    response.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:
        raise ValidationError(
            _("Koperasi Anda sudah menanggapi tawaran/kebutuhan ini.")
        ) from error
    return response


@transaction.atomic
def response_accept(*, response, by):
    """The poster accepts a response: the exchange is recorded with the poster's
    agreement and waits for the other side's."""
    listing = Listing.objects.select_for_update().get(pk=response.listing_id)
    if not Scope.of(by).can_trade_for(listing.cooperative):
        raise ValidationError(
            _("Hanya pengurus koperasi pemosting yang dapat menyetujui.")
        )
    if listing.status != Listing.Status.OPEN:
        raise ValidationError(_("Tawaran/kebutuhan ini sudah ditutup."))
    if Exchange.objects.filter(response=response).exists():
        raise ValidationError(_("Tanggapan ini sudah disetujui."))
    now = timezone.now()
    if listing.kind == Listing.Kind.OFFER:
        giver, receiver, product = (
            listing.cooperative,
            response.cooperative,
            listing.product,
        )
    else:
        giver, receiver, product = (
            response.cooperative,
            listing.cooperative,
            response.product,
        )
    exchange = Exchange(
        listing=listing,
        response=response,
        giver=giver,
        receiver=receiver,
        product=product,
        item=product.name if product else listing.title,
        quantity=response.quantity or listing.quantity,
        unit=listing.unit,
    )
    if giver == listing.cooperative:
        exchange.giver_confirmed_at, exchange.giver_confirmed_by = now, by
    else:
        exchange.receiver_confirmed_at, exchange.receiver_confirmed_by = now, by
    try:
        with transaction.atomic():
            exchange.save()
    except IntegrityError as error:
        raise ValidationError(_("Tanggapan ini sudah disetujui.")) from error
    Response.objects.filter(pk=response.pk).update(status=Response.Status.ACCEPTED)
    return exchange


def _side_of(user, exchange):
    if Scope.of(user).can_trade_for(exchange.giver):
        return "giver"
    if Scope.of(user).can_trade_for(exchange.receiver):
        return "receiver"
    return None


@transaction.atomic
def exchange_confirm(*, exchange, by):
    """A side agrees; when both have, the exchange is agreed and dated."""
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    side = _side_of(by, exchange)
    if side is None:
        raise ValidationError(_("Hanya pengurus kedua koperasi yang dapat menyetujui."))
    if exchange.status != Exchange.Status.WAITING:
        raise ValidationError(_("Pertukaran ini tidak lagi menunggu persetujuan."))
    now = timezone.now()
    if getattr(exchange, f"{side}_confirmed_at") is None:
        setattr(exchange, f"{side}_confirmed_at", now)
        setattr(exchange, f"{side}_confirmed_by", by)
    if exchange.giver_confirmed_at and exchange.receiver_confirmed_at:
        exchange.status = Exchange.Status.AGREED
        exchange.agreed_at = now
    exchange.save()
    return exchange


@transaction.atomic
def exchange_cancel(*, exchange, by):
    """Either side withdraws before both have agreed."""
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if _side_of(by, exchange) is None:
        raise ValidationError(
            _("Hanya pengurus kedua koperasi yang dapat membatalkan.")
        )
    if exchange.status != Exchange.Status.WAITING:
        raise ValidationError(
            _("Pertukaran yang sudah disepakati tidak dapat dibatalkan.")
        )
    exchange.status = Exchange.Status.CANCELLED
    exchange.save()
    return exchange
