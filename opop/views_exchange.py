"""The exchange board: members post offers and needs, answer, and agree on exchanges;
staff, the province and admin read it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
from opop.views import ASK_OR_DO, add_form_errors
from portal import permissions
from portal.views import confirm_page


def require_board(user):
    if not permissions.can_use_exchange_board(user):
        raise PermissionDenied


def listing_or_404(request, pk):
    require_board(request.user)
    return get_object_or_404(
        Listing.objects.visible_to(request.user).with_related(), pk=pk
    )


@login_required
@require_safe
def board(request):
    if request.user.is_pengurus and not permissions.can_use_exchange_board(
        request.user
    ):
        return render(request, "opop/board_not_member.html", status=403)
    require_board(request.user)
    filters = ListingFilterForm(request.GET or None)
    listings = filters.apply(Listing.objects.visible_to(request.user)).with_related()
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


@login_required
def listing_create(request):
    require_board(request.user)
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


def listing_contact(user, listing):
    """The poster's phone and WhatsApp link: members (and staff in scope) only."""
    phone = listing.cooperative.phone
    if not (
        permissions.is_opop_member(user)
        or permissions.can_see_personal_data(user, listing.cooperative)
    ):
        return {"show_contact": False, "contact_url": ""}
    text = _("Assalamualaikum, kami menanggapi postingan bursa OPOP: %s") % listing
    url = services.whatsapp_url(phone, text) if phone else ""
    return {"show_contact": True, "contact_url": url}


@login_required
@require_safe
def listing_detail(request, pk):
    listing = listing_or_404(request, pk)
    user = request.user
    owner = permissions.can_trade_for(user, listing.cooperative)
    responses = listing.responses.select_related("cooperative__kabupaten", "product")
    if not (owner or permissions.can_read_opop_reports(user)):
        responses = responses.filter(cooperative__officer_accounts=user)
    respond_form = None
    if listing.status == Listing.Status.OPEN and not owner:
        respond_form = ResponseForm(user=user, listing=listing)
        if not respond_form.fields["cooperative"].queryset.exists():
            respond_form = None
    exchanges = Exchange.objects.visible_to(user).filter(listing=listing)
    return render(
        request,
        "opop/listing_detail.html",
        {
            "listing": listing,
            "owner": owner,
            "responses": responses,
            "exchanges": exchanges.with_related(),
            "my_cooperatives": my_cooperatives(user),
            "respond_form": respond_form,
            **listing_contact(user, listing),
        },
    )


@login_required
@require_POST
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


@login_required
@ASK_OR_DO
def listing_close(request, pk):
    listing = listing_or_404(request, pk)
    if not permissions.can_trade_for(request.user, listing.cooperative):
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


@login_required
def response_accept(request, pk):
    """The poster accepts an answer, saying what its cooperative gives in return."""
    require_board(request.user)
    response = get_object_or_404(
        Response.objects.filter(
            listing__in=Listing.objects.visible_to(request.user)
        ).select_related("listing__cooperative", "cooperative", "product"),
        pk=pk,
    )
    if not permissions.can_trade_for(request.user, response.listing.cooperative):
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


@login_required
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
    exchange = get_object_or_404(Exchange.objects.visible_to(request.user), pk=pk)
    if not (
        permissions.can_trade_for(request.user, exchange.giver)
        or permissions.can_trade_for(request.user, exchange.receiver)
    ):
        raise PermissionDenied
    try:
        exchange = actions[decision](exchange=exchange, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pertukaran: %s.") % exchange.get_status_display())
    return redirect(exchange)


@login_required
@require_safe
def exchange_list(request):
    """Exchanges in scope: a member's own, the region's for staff and province."""
    require_board(request.user)
    exchanges = Exchange.objects.visible_to(request.user).with_related()
    status = request.GET.get("status", "")
    if status in Exchange.Status.values:
        exchanges = exchanges.filter(status=status)
    page = Paginator(exchanges, 25).get_page(request.GET.get("halaman"))
    values = ExchangeSide.objects.filter(
        exchange__in=Exchange.objects.visible_to(request.user).agreed()
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
            "region": request.user.region,
        },
    )
