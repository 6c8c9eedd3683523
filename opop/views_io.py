"""Import (upload → preview → confirm) and export of products and permits."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from opop import transfer
from opop.filters import ProductFilterForm, kabupatens_of
from opop.models import Permit, Product
from opop.resources import RESOURCES
from portal import access, audit

TITLES = {"produk": gettext_lazy("produk"), "izin": gettext_lazy("izin produk")}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas CSV atau XLSX"),
        help_text=gettext_lazy(
            "Gunakan kolom seperti pada berkas ekspor. Satu baris salah: "
            "seluruh berkas ditolak."
        ),
    )


@access.requires("can_import_opop")
def import_upload(request, kind):
    if kind not in RESOURCES:
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "kind": kind, "title": TITLES[kind]}
    if request.method == "POST" and form.is_valid():
        try:
            token, dataset = transfer.stage_upload(
                request.session, kind=kind, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            resource, result = transfer.run_import(
                kind=kind, dataset=dataset, user=request.user, dry_run=True
            )
            context.update(
                token=token,
                errors=transfer.import_errors(resource, result),
                rows=transfer.preview_rows(result),
            )
    return render(request, "opop/import.html", context)


@access.requires("can_import_opop", methods=access.POST_ONLY)
def import_confirm(request, kind):
    if kind not in RESOURCES:
        raise Http404
    token = request.POST.get("token", "")
    dataset = transfer.load_staged(request.session, kind=kind, token=token)
    if dataset is None:
        messages.error(request, _("Berkas impor tidak ditemukan; unggah lagi."))
        return redirect("opop:import", kind=kind)
    resource, result = transfer.run_import(
        kind=kind, dataset=dataset, user=request.user, dry_run=False
    )
    errors = transfer.import_errors(resource, result)
    if errors:
        context = {"form": ImportForm(), "kind": kind, "title": TITLES[kind]}
        return render(request, "opop/import.html", context | {"errors": errors})
    audit.record_import(
        request=request,
        file_name=transfer.staged_name(request.session, token=token),
        row_count=sum(result.totals[key] for key in ("new", "update", "delete")),
        kind=kind,
    )
    transfer.discard_staged(request.session, token=token)
    messages.success(
        request,
        _("Impor selesai: %(new)s baru, %(update)s diubah, %(skip)s tidak berubah.")
        % result.totals,
    )
    return redirect("opop:product_list")


@access.requires()
@require_safe
def export(request, kind):
    """The rows the user can see, as CSV or XLSX (products: the list's filters)."""
    file_format = request.GET.get("format", "csv")
    if kind not in RESOURCES or file_format not in transfer.FORMATS:
        raise Http404
    if kind == "produk":
        visible = Product.objects.visible_to(request.scope)
        filters = ProductFilterForm(
            request.GET or None,
            kabupatens=kabupatens_of(visible),
            statuses=Product.Curation.values,
        )
        queryset = filters.apply(visible).select_related("cooperative__kabupaten")
        queryset = queryset.order_by("cooperative__name", "name", "pk")
    else:
        queryset = (
            Permit.objects.visible_to(request.scope)
            .select_related("product__cooperative")
            .order_by("product__cooperative__name", "product__name", "kind", "pk")
        )
    return transfer.export_response(
        request=request, kind=kind, queryset=queryset, file_format=file_format
    )
