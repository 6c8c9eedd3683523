"""Products, photos, permits and curation: officers manage their own, staff curate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from opop import services
from opop.filters import ProductFilterForm, kabupatens_of
from opop.forms import CurationForm, PermitForm, PhotoForm, ProductForm
from opop.models import Permit, Product
from portal import permissions
from portal.views import confirm_page

ASK_OR_DO = require_http_methods(["GET", "HEAD", "POST"])

PAGE_SIZE = 25


def product_or_404(request, pk, *, manage=False):
    """A product within the user's scope (else 404); with `manage`, one they may
    change (else 403)."""
    product = get_object_or_404(
        Product.objects.visible_to(request.user).select_related(
            "cooperative__kabupaten", "cooperative__pesantren"
        ),
        pk=pk,
    )
    if manage and not permissions.can_manage_products(
        request.user, product.cooperative
    ):
        raise PermissionDenied
    return product


def add_form_errors(form, error):
    """Put a service's ValidationError onto the form it came from."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_safe
def product_list(request):
    visible = Product.objects.visible_to(request.user)
    filters = ProductFilterForm(
        request.GET or None,
        kabupatens=kabupatens_of(visible),
        statuses=Product.Curation.values,
    )
    products = filters.apply(visible).for_catalogue().order_by("name", "pk")
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "opop/product_list.html",
        {
            "filters": filters,
            "page": page,
            "query": filters.query_string(),
            "can_add": request.user.is_pengurus
            or permissions.can_manage_registry(request.user),
            "can_import": permissions.can_import_opop(request.user),
        },
    )


@login_required
def product_create(request):
    if not (request.user.is_pengurus or permissions.can_manage_registry(request.user)):
        raise PermissionDenied
    form = ProductForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_save(product=form.save(commit=False))
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request, _("Produk %s ditambahkan. Tambahkan fotonya.") % product
            )
            return redirect(product)
    return render(
        request, "opop/record_form.html", {"form": form, "title": _("Tambah produk")}
    )


@login_required
def product_edit(request, pk):
    product = product_or_404(request, pk, manage=True)
    form = ProductForm(request.POST or None, instance=product, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_save(product=form.save(commit=False))
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Produk disimpan."))
            return redirect(product)
    return render(
        request,
        "opop/record_form.html",
        {"form": form, "product": product, "title": _("Ubah produk")},
    )


@login_required
@require_safe
def product_detail(request, pk):
    product = product_or_404(request, pk)
    user = request.user
    can_curate = permissions.can_curate_product(user, product)
    return render(
        request,
        "opop/product_detail.html",
        {
            "product": product,
            "photos": product.photos.all(),
            "permits": product.permits.select_related("verified_by"),
            "events": product.curation_events.select_related("by"),
            "can_manage": permissions.can_manage_products(user, product.cooperative),
            "can_curate": can_curate,
            "curation_form": CurationForm(product=product) if can_curate else None,
            "photo_form": PhotoForm(),
        },
    )


@login_required
@ASK_OR_DO
def product_delete(request, pk):
    product = product_or_404(request, pk, manage=True)
    if request.method != "POST":
        return confirm_page(
            request,
            title=_("Hapus produk"),
            question=_("Hapus produk “%(name)s”?") % {"name": product.name},
            consequence=_(
                "Foto, izin dan riwayat kurasinya ikut terhapus dan tidak tampil "
                "lagi di katalog."
            ),
            back=product.get_absolute_url(),
            button=_("Ya, hapus produk"),
        )
    services.product_delete(product=product)
    messages.success(request, _("Produk “%(name)s” dihapus.") % {"name": product.name})
    return redirect("opop:product_list")


@login_required
def photo_add(request, pk):
    product = product_or_404(request, pk, manage=True)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_photo_add(
                product=product,
                upload=form.cleaned_data["photo"],
                caption=form.cleaned_data["caption"],
                uploaded_by=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Foto ditambahkan."))
            return redirect(product)
    return render(
        request,
        "opop/record_form.html",
        {"form": form, "product": product, "title": _("Tambah foto produk")},
    )


@login_required
@ASK_OR_DO
def photo_delete(request, pk, photo_pk):
    product = product_or_404(request, pk, manage=True)
    photo = get_object_or_404(product.photos, pk=photo_pk)
    if request.method != "POST":
        return confirm_page(
            request,
            title=_("Hapus foto"),
            question=_("Hapus foto ini dari produk “%(name)s”?")
            % {"name": product.name},
            consequence=photo.caption,
            back=product.get_absolute_url(),
            button=_("Ya, hapus foto"),
        )
    services.product_photo_delete(photo=photo)
    messages.success(
        request, _("Foto produk “%(name)s” dihapus.") % {"name": product.name}
    )
    return redirect(product)


@login_required
def permit_edit(request, pk, permit_pk=None):
    product = product_or_404(request, pk, manage=True)
    permit = get_object_or_404(product.permits, pk=permit_pk) if permit_pk else None
    can_verify = permissions.can_curate_product(request.user, product)
    form = PermitForm(
        request.POST or None,
        request.FILES or None,
        instance=permit or Permit(product=product),
        can_verify=can_verify,
    )
    if request.method == "POST" and form.is_valid():
        try:
            permit = services.permit_save(
                permit=form.save(commit=False),
                by=request.user,
                changed_fields=form.changed_data,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Izin %s disimpan.") % permit)
            if permit.number_warning:
                messages.warning(request, permit.number_warning)
            return redirect(product)
    title = _("Ubah izin") if permit_pk else _("Tambah izin atau sertifikat")
    return render(
        request,
        "opop/record_form.html",
        {"form": form, "product": product, "title": title},
    )


@login_required
@ASK_OR_DO
def permit_delete(request, pk, permit_pk):
    product = product_or_404(request, pk, manage=True)
    permit = get_object_or_404(product.permits, pk=permit_pk)
    if request.method != "POST":
        return confirm_page(
            request,
            title=_("Hapus izin"),
            question=_("Hapus %(permit)s dari produk “%(name)s”?")
            % {"permit": permit, "name": product.name},
            back=product.get_absolute_url(),
            button=_("Ya, hapus izin"),
        )
    services.permit_delete(permit=permit)
    messages.success(request, _("%(permit)s dihapus.") % {"permit": permit})
    return redirect(product)


@login_required
@require_safe
def permit_document(request, pk, permit_pk):
    """A permit's scan, only for those who can see the product."""
    product = product_or_404(request, pk)
    permit = get_object_or_404(product.permits, pk=permit_pk)
    if not permit.document:
        raise Http404
    return FileResponse(permit.document.open("rb"), as_attachment=True)


@login_required
@require_POST
def product_curate(request, pk):
    product = product_or_404(request, pk)
    if not permissions.can_curate_product(request.user, product):
        raise PermissionDenied
    form = CurationForm(request.POST, product=product)
    if form.is_valid():
        try:
            services.product_curate(
                product=product,
                to_status=form.cleaned_data["to_status"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Status kurasi: %s.") % product.get_curation_status_display(),
            )
    else:
        messages.error(request, _("Pilih status kurasi yang diizinkan."))
    return redirect(product)


@login_required
@require_safe
def permit_worklist(request):
    """Permits expired or expiring within 90 days, in the user's scope."""
    if not permissions.can_read_opop_reports(request.user):
        raise PermissionDenied
    permits = (
        Permit.objects.visible_to(request.user)
        .expiring(90)
        .select_related("product__cooperative__kabupaten")
        .order_by("valid_until", "pk")
    )
    page = Paginator(permits, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "opop/permit_worklist.html", {"page": page})


@login_required
@require_safe
def permit_verification(request):
    """Permits waiting for the Dinas to check them, oldest first, in scope."""
    if not permissions.can_read_opop_reports(request.user):
        raise PermissionDenied
    permits = (
        Permit.objects.visible_to(request.user)
        .unverified()
        .select_related("product__cooperative__kabupaten")
        .order_by("created_at", "pk")
    )
    page = Paginator(permits, PAGE_SIZE).get_page(request.GET.get("halaman"))
    rows = [
        (permit, permissions.can_curate_product(request.user, permit.product))
        for permit in page
    ]
    return render(
        request, "opop/permit_verification.html", {"page": page, "rows": rows}
    )
