"""A cooperative's place in its region: confirming its data (freshness) and the
primary members of a koperasi sekunder."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kopontren import services
from kopontren.forms import SecondaryMembershipForm
from kopontren.models import SecondaryMembership
from kopontren.views import cooperative_or_404
from portal import access


@access.requires(methods=access.POST_ONLY)
def cooperative_confirm(request, pk):
    """Staff mark the cooperative's data as checked (sudah diperiksa)."""
    cooperative = cooperative_or_404(request, pk)
    if not request.scope.can_confirm_cooperative(cooperative):
        raise PermissionDenied
    services.cooperative_confirm(cooperative=cooperative, by=request.user)
    messages.success(request, _("Data koperasi ditandai sudah diperiksa."))
    return redirect(cooperative)


@access.requires()
def secondary_membership_edit(request, pk, membership_pk=None):
    """Record a primary member of this koperasi sekunder, or its leaving."""
    secondary = cooperative_or_404(request, pk)
    if not secondary.is_secondary:
        raise Http404
    membership = (
        get_object_or_404(secondary.primary_memberships, pk=membership_pk)
        if membership_pk
        else SecondaryMembership(secondary=secondary)
    )
    scope = request.scope
    if not scope.can_manage_secondary_membership(secondary, membership.primary_or_none):
        raise PermissionDenied
    form = SecondaryMembershipForm(
        request.POST or None, instance=membership, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        if not scope.can_manage_secondary_membership(secondary, membership.primary):
            raise PermissionDenied
        services.secondary_membership_save(membership=form.save(commit=False))
        messages.success(request, _("Keanggotaan koperasi sekunder disimpan."))
        return redirect(secondary)
    return render(
        request,
        "kopontren/record_form.html",
        {
            "form": form,
            "coop": secondary,
            "title": _("Anggota koperasi sekunder %(coop)s") % {"coop": secondary},
        },
    )
