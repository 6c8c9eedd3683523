"""The exchange board: post, answer, accept, and both sides agree."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opop.models import Exchange, ExchangeSide, Listing, Response
from portal.access import Scope
from portal.tasks import mail_queue


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
def response_create(
    *,
    listing,
    cooperative,
    by,
    message,
    product=None,
    item="",
    quantity=None,
    unit="",
    value=None,
):
    """Another member answers an open listing (once per cooperative), saying what it
    gives in return; the poster is told by e-mail."""
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
    if product is None and not item.strip():
        raise ValidationError(
            {"item": _("Pilih produk atau tulis barang yang Anda berikan.")}
        )
    response = Response(
        listing=locked,
        cooperative=cooperative,
        created_by=by,
        message=message,
        product=product,
        item="" if product else item.strip(),
        quantity=quantity,
        unit=unit.strip() or locked.unit,
        value=value,
    )
    response.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:
        raise ValidationError(
            _("Koperasi Anda sudah menanggapi tawaran/kebutuhan ini.")
        ) from error
    transaction.on_commit(lambda: _notify_poster(response))
    return response


def _recipients(user, cooperative):
    """The user's e-mail, or, when the user is gone, the cooperative's officers'."""
    if user is not None and user.is_active and user.email:
        return [user.email]
    return list(
        cooperative.officer_accounts.filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _send(template, subject, recipients, context):
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        mail_queue(
            subject=str(subject()),
            message=render_to_string(
                template, {"site_url": settings.SITE_URL, **context}
            ),
            recipients=recipients,
        )


def _notify_poster(response):
    listing = response.listing
    _send(
        "opop/email/response_received.txt",
        lambda: (
            _("[Portal Kopontren] Tanggapan baru di bursa: %(title)s")
            % {"title": listing.title}
        ),
        _recipients(listing.created_by, listing.cooperative),
        {"listing": listing, "response": response},
    )


def _notify_responder(exchange):
    response = exchange.response
    _send(
        "opop/email/response_accepted.txt",
        lambda: (
            _("[Portal Kopontren] Tanggapan Anda disetujui: %(title)s")
            % {"title": exchange.listing.title}
        ),
        _recipients(response.created_by, response.cooperative),
        {"exchange": exchange, "listing": exchange.listing, "response": response},
    )


@transaction.atomic
def response_accept(*, response, by, product=None, item="", quantity, unit, value=None):
    """The poster accepts a response and says what it gives in return: the exchange
    is recorded with both sides and the poster's agreement, waits for the other
    side's, and the responder is told by e-mail."""
    listing = Listing.objects.select_for_update().get(pk=response.listing_id)
    if not Scope.of(by).can_trade_for(listing.cooperative):
        raise ValidationError(
            _("Hanya pengurus koperasi pemosting yang dapat menyetujui.")
        )
    if listing.status != Listing.Status.OPEN:
        raise ValidationError(_("Tawaran/kebutuhan ini sudah ditutup."))
    if Exchange.objects.filter(response=response).exists():
        raise ValidationError(_("Tanggapan ini sudah disetujui."))
    if product is not None and product.cooperative_id != listing.cooperative_id:
        raise ValidationError({"product": _("Pilih produk koperasi Anda sendiri.")})
    if product is None and not item.strip():
        raise ValidationError(
            {"item": _("Pilih produk atau tulis barang yang Anda berikan.")}
        )
    poster, responder = listing.cooperative, response.cooperative
    giver, receiver = (
        (poster, responder)
        if listing.kind == Listing.Kind.OFFER
        else (responder, poster)
    )
    exchange = Exchange(
        listing=listing, response=response, giver=giver, receiver=receiver
    )
    now = timezone.now()
    if giver == poster:
        exchange.giver_confirmed_at, exchange.giver_confirmed_by = now, by
    else:
        exchange.receiver_confirmed_at, exchange.receiver_confirmed_by = now, by
    try:
        with transaction.atomic():
            exchange.save()
    except IntegrityError as error:
        raise ValidationError(_("Tanggapan ini sudah disetujui.")) from error
    sides = [
        ExchangeSide(
            exchange=exchange,
            cooperative=poster,
            product=product,
            item=product.name if product else item.strip(),
            quantity=quantity,
            unit=unit,
            value=value,
        ),
        ExchangeSide(
            exchange=exchange,
            cooperative=responder,
            product=response.product,
            item=response.product.name if response.product else response.item,
            quantity=response.quantity or listing.quantity,
            unit=response.unit or listing.unit,
            value=response.value,
        ),
    ]
    for side in sides:
        side.full_clean(exclude=["exchange"])
    ExchangeSide.objects.bulk_create(sides)
    Response.objects.filter(pk=response.pk).update(status=Response.Status.ACCEPTED)
    transaction.on_commit(lambda: _notify_responder(exchange))
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
def exchange_receive(*, exchange, by):
    """A side confirms it received what the other gave; when every side has been
    received the exchange is done."""
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    side = _side_of(by, exchange)
    if side is None:
        raise ValidationError(
            _("Hanya pengurus kedua koperasi yang dapat mengonfirmasi penerimaan.")
        )
    if exchange.status != Exchange.Status.AGREED:
        raise ValidationError(_("Pertukaran ini belum disepakati atau sudah selesai."))
    mine = exchange.giver if side == "giver" else exchange.receiver
    now = timezone.now()
    exchange.sides.exclude(cooperative=mine).filter(received_at=None).update(
        received_at=now, received_by=by, updated_at=now
    )
    if not exchange.sides.filter(received_at=None).exists():
        exchange.status = Exchange.Status.DONE
        exchange.completed_at = now
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
