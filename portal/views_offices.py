"""The offices (Dinas) and their units: admin only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal import permissions, services
from portal.forms import OfficeForm, OfficeUnitForm
from portal.models import Office


def require_admin(request):
    if not permissions.is_admin(request.user):
        raise PermissionDenied


@login_required
@require_safe
def office_list(request):
    require_admin(request)
    offices = Office.objects.with_units()
    return render(request, "portal/office_list.html", {"offices": offices})


@login_required
def office_edit(request, pk=None):
    require_admin(request)
    office = get_object_or_404(Office, pk=pk) if pk else None
    form = OfficeForm(request.POST or None, request.FILES or None, instance=office)
    if request.method == "POST" and form.is_valid():
        office = services.office_save(form=form)
        messages.success(request, _("Dinas %s disimpan.") % office)
        return redirect("portal:office_list")
    title = _("Ubah dinas") if office else _("Dinas baru")
    return render(request, "portal/office_form.html", {"form": form, "title": title})


@login_required
def unit_edit(request, pk, unit_pk=None):
    require_admin(request)
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
