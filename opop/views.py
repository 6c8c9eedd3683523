"""Products, photos, permits and curation: officers manage their own, staff curate."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_POST,
    require_safe,
)

from opop import services
from opop.filters import ProductFilterForm, kabupatens_of
from opop.forms import CurationForm, PermitForm, PhotoForm, ProductForm
from opop.models import Permit, Product
from portal import access, files
from portal.pagination import EstimatedCountPaginator
from portal.views import confirm_page

PAGE_SIZE = 25


def product_or_404(request, pk, *, manage=False):
    """A product within the user's scope (else 404); with `manage`, one they may
    change (else 403)."""
    product = get_object_or_404(
        Product.objects.visible_to(request.scope).select_related(
            "cooperative__kabupaten", "cooperative__pesantren"
        ),
        pk=pk,
    )
    if manage and not request.scope.can_manage_products(product.cooperative):
        raise PermissionDenied
    return product


def add_form_errors(form, error):
    """Put a service's ValidationError onto the form it came from."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@access.requires()
@require_safe
def product_list(request):
    visible = Product.objects.visible_to(request.scope)
    filters = ProductFilterForm(
        request.GET or None,
        kabupatens=kabupatens_of(visible),
        statuses=Product.Curation.values,
    )
    products = filters.apply(visible).for_catalogue().order_by("name", "pk")
    page = EstimatedCountPaginator(products, PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    return render(
        request,
        "opop/product_list.html",
        {
            "filters": filters,
            "page": page,
            "query": filters.query_string(),
            "can_add": request.scope.can_add_products,
            "can_import": request.scope.can_import_opop,
        },
    )


@access.requires("can_add_products")
def product_create(request):
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


@access.requires()
def product_edit(request, pk):
    product = product_or_404(request, pk, manage=True)
    form = ProductForm(request.POST or None, instance=product, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_save(
                product=form.save(commit=False), version=form.opened_version
            )
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


@access.requires()
@require_safe
def product_detail(request, pk):
    product = product_or_404(request, pk)
    scope = request.scope
    can_curate = scope.can_curate_product(product)
    return render(
        request,
        "opop/product_detail.html",
        {
            "product": product,
            "photos": product.photos.all(),
            "permits": product.permits.select_related("verified_by"),
            "events": product.curation_events.select_related("by"),
            "can_manage": scope.can_manage_products(product.cooperative),
            "can_curate": can_curate,
            "curation_form": CurationForm(product=product) if can_curate else None,
            "photo_form": PhotoForm(),
        },
    )


@access.requires(methods=access.CONFIRM)
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


@access.requires()
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


@access.requires(methods=access.CONFIRM)
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


@access.requires()
def permit_edit(request, pk, permit_pk=None):
    product = product_or_404(request, pk, manage=True)
    permit = get_object_or_404(product.permits, pk=permit_pk) if permit_pk else None
    can_verify = request.scope.can_curate_product(product)
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


@access.requires(methods=access.CONFIRM)
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


@access.requires()
@require_safe
def permit_document(request, pk, permit_pk):
    """A permit's scan, only for those who can see the product."""
    product = product_or_404(request, pk)
    permit = get_object_or_404(product.permits, pk=permit_pk)
    if not permit.document:
        raise Http404
    return files.attachment(permit.document)


@access.requires()
@require_POST
def product_curate(request, pk):
    product = product_or_404(request, pk)
    if not request.scope.can_curate_product(product):
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


@access.requires("can_read_opop_reports", methods=access.READ_ONLY)
def permit_worklist(request):
    """Permits expired or expiring within 90 days, in the user's scope."""
    permits = (
        Permit.objects.visible_to(request.scope)
        .expiring(90)
        .select_related("product__cooperative__kabupaten")
        .order_by("valid_until", "pk")
    )
    page = Paginator(permits, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "opop/permit_worklist.html", {"page": page})


@access.requires("can_read_opop_reports", methods=access.READ_ONLY)
def permit_verification(request):
    """Permits waiting for the Dinas to check them, oldest first, in scope."""
    permits = (
        Permit.objects.visible_to(request.scope)
        .unverified()
        .select_related("product__cooperative__kabupaten")
        .order_by("created_at", "pk")
    )
    page = Paginator(permits, PAGE_SIZE).get_page(request.GET.get("halaman"))
    rows = [
        (permit, request.scope.can_curate_product(permit.product)) for permit in page
    ]
    return render(
        request, "opop/permit_verification.html", {"page": page, "rows": rows}
    )
