"""The offices (Dinas) and their units: admin only."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal import access, services
from portal.forms import OfficeForm, OfficeUnitForm
from portal.models import Office


@access.requires("is_admin", methods=access.READ_ONLY)
def office_list(request):
    offices = Office.objects.with_units()
    return render(request, "portal/office_list.html", {"offices": offices})


@access.requires("is_admin")
def office_edit(request, pk=None):
    office = get_object_or_404(Office, pk=pk) if pk else None
    form = OfficeForm(request.POST or None, request.FILES or None, instance=office)
    if request.method == "POST" and form.is_valid():
        office = services.office_save(form=form)
        messages.success(request, _("Dinas %s disimpan.") % office)
        return redirect("portal:office_list")
    title = _("Ubah dinas") if office else _("Dinas baru")
    return render(request, "portal/office_form.html", {"form": form, "title": title})


@access.requires("is_admin")
def unit_edit(request, pk, unit_pk=None):
    office = get_object_or_404(Office, pk=pk)
    unit = get_object_or_404(office.units, pk=unit_pk) if unit_pk else None
    form = OfficeUnitForm(request.POST or None, instance=unit, office=office)
    if request.method == "POST" and form.is_valid():
        services.office_unit_save(form=form)
        messages.success(request, _("Bidang disimpan."))
        return redirect("portal:office_list")
    title = _("Ubah bidang") if unit else _("Bidang baru")
    return render(
        request,
        "portal/office_form.html",
        {"form": form, "title": title, "office": office},
    )
