"""The exchange board: members post offers and needs, answer, and agree on exchanges;
staff, the province and admin read it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from opop import services
from opop.filters import ListingFilterForm
from opop.forms import AcceptForm, ListingForm, ResponseForm, trading_cooperatives
from opop.models import Exchange, ExchangeSide, Listing, Response
from opop.views import add_form_errors
from portal import access
from portal.views import confirm_page


def listing_or_404(request, pk):
    return get_object_or_404(
        Listing.objects.visible_to(request.scope).with_related(), pk=pk
    )


@access.requires()
@require_safe
def board(request):
    if not request.scope.can_use_exchange_board:
        if request.scope.is_officer:
            return render(request, "opop/board_not_member.html", status=403)
        raise PermissionDenied
    filters = ListingFilterForm(request.GET or None)
    listings = filters.apply(Listing.objects.visible_to(request.scope)).with_related()
    page = Paginator(listings, 25).get_page(request.GET.get("halaman"))
    return render(
        request,
        "opop/board.html",
        {
            "filters": filters,
            "page": page,
            "query": filters.query_string(),
            "can_post": trading_cooperatives(request.user).exists(),
        },
    )


@access.requires("can_use_exchange_board")
def listing_create(request):
    form = ListingForm(request.POST or None, user=request.user)
    if not form.fields["cooperative"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            listing = services.listing_create(
                by=request.user, **{key: data[key] for key in ListingForm.Meta.fields}
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Postingan terbit di bursa."))
            return redirect(listing)
    return render(
        request,
        "opop/record_form.html",
        {"form": form, "title": _("Posting tawaran atau kebutuhan")},
    )


def my_cooperatives(user):
    """The pks of the cooperatives this user trades for (empty for office roles)."""
    return set(trading_cooperatives(user).values_list("pk", flat=True))


def listing_contact(scope, listing):
    """The poster's phone and WhatsApp link: members (and staff in scope) only."""
    phone = listing.cooperative.phone
    if not (scope.is_opop_member or scope.can_see_personal_data(listing.cooperative)):
        return {"show_contact": False, "contact_url": ""}
    text = _("Assalamualaikum, kami menanggapi postingan bursa OPOP: %s") % listing
    url = services.whatsapp_url(phone, text) if phone else ""
    return {"show_contact": True, "contact_url": url}


@access.requires("can_use_exchange_board", methods=access.READ_ONLY)
def listing_detail(request, pk):
    listing = listing_or_404(request, pk)
    scope = request.scope
    owner = scope.can_trade_for(listing.cooperative)
    responses = listing.responses.select_related("cooperative__kabupaten", "product")
    if not (owner or scope.can_read_opop_reports):
        responses = responses.filter(cooperative__in=scope.cooperative_ids)
    respond_form = None
    if listing.status == Listing.Status.OPEN and not owner:
        respond_form = ResponseForm(user=request.user, listing=listing)
        if not respond_form.fields["cooperative"].queryset.exists():
            respond_form = None
    exchanges = Exchange.objects.visible_to(scope).filter(listing=listing)
    return render(
        request,
        "opop/listing_detail.html",
        {
            "listing": listing,
            "owner": owner,
            "responses": responses,
            "exchanges": exchanges.with_related(),
            "my_cooperatives": my_cooperatives(request.user),
            "respond_form": respond_form,
            **listing_contact(scope, listing),
        },
    )


@access.requires("can_use_exchange_board", methods=access.POST_ONLY)
def listing_respond(request, pk):
    listing = listing_or_404(request, pk)
    form = ResponseForm(request.POST, user=request.user, listing=listing)
    if not form.fields["cooperative"].queryset.exists():
        raise PermissionDenied
    if form.is_valid():
        try:
            services.response_create(
                listing=listing, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Tanggapan terkirim ke koperasi pemosting."))
    else:
        messages.error(
            request,
            _("Tanggapan belum lengkap: %(errors)s")
            % {"errors": " ".join(e for errs in form.errors.values() for e in errs)},
        )
    return redirect(listing)


@access.requires("can_use_exchange_board", methods=access.CONFIRM)
def listing_close(request, pk):
    listing = listing_or_404(request, pk)
    if not request.scope.can_trade_for(listing.cooperative):
        raise PermissionDenied
    if request.method != "POST":
        return confirm_page(
            request,
            title=_("Tutup postingan"),
            question=_("Tutup “%(title)s”?") % {"title": listing.title},
            consequence=_(
                "Postingan tidak dapat ditanggapi lagi; pertukaran yang sudah "
                "tercatat tetap ada."
            ),
            back=listing.get_absolute_url(),
            button=_("Ya, tutup postingan"),
        )
    services.listing_close(listing=listing, by=request.user)
    messages.success(
        request, _("Postingan “%(title)s” ditutup.") % {"title": listing.title}
    )
    return redirect(listing)


@access.requires("can_use_exchange_board")
def response_accept(request, pk):
    """The poster accepts an answer, saying what its cooperative gives in return."""
    response = get_object_or_404(
        Response.objects.filter(
            listing__in=Listing.objects.visible_to(request.scope)
        ).select_related("listing__cooperative", "cooperative", "product"),
        pk=pk,
    )
    if not request.scope.can_trade_for(response.listing.cooperative):
        raise PermissionDenied
    form = AcceptForm(request.POST or None, listing=response.listing)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_accept(
                response=response, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("Disetujui. Pertukaran tercatat setelah koperasi lain juga setuju."),
            )
            return redirect(response.listing)
    return render(
        request, "opop/response_accept.html", {"response": response, "form": form}
    )


@access.requires()
@require_POST
def exchange_decide(request, pk, decision):
    """A side agrees to, or withdraws from, an exchange waiting for agreement, or
    confirms it received the other side's goods."""
    actions = {
        "setujui": services.exchange_confirm,
        "batalkan": services.exchange_cancel,
        "terima": services.exchange_receive,
    }
    if decision not in actions:
        raise Http404
    exchange = get_object_or_404(Exchange.objects.visible_to(request.scope), pk=pk)
    if not (
        request.scope.can_trade_for(exchange.giver)
        or request.scope.can_trade_for(exchange.receiver)
    ):
        raise PermissionDenied
    try:
        exchange = actions[decision](exchange=exchange, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pertukaran: %s.") % exchange.get_status_display())
    return redirect(exchange)


@access.requires("can_use_exchange_board", methods=access.READ_ONLY)
def exchange_list(request):
    """Exchanges in scope: a member's own, the region's for staff and province."""
    exchanges = Exchange.objects.visible_to(request.scope).with_related()
    status = request.GET.get("status", "")
    if status in Exchange.Status.values:
        exchanges = exchanges.filter(status=status)
    page = Paginator(exchanges, 25).get_page(request.GET.get("halaman"))
    values = ExchangeSide.objects.filter(
        exchange__in=Exchange.objects.visible_to(request.scope).agreed()
    ).value_by_kabupaten_and_year()
    return render(
        request,
        "opop/exchange_list.html",
        {
            "page": page,
            "values": values,
            "my_cooperatives": my_cooperatives(request.user),
            "status": status,
            "statuses": Exchange.Status.choices,
            "query": f"status={status}" if status else "",
            "region": request.scope.region,
        },
    )
