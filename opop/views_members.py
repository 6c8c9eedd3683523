"""OPOP membership, yearly work plans, and the progress table for officials."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from opop import services, transfer
from opop.forms import MembershipForm, WorkPlanForm
from opop.models import Membership
from opop.views import add_form_errors
from portal import access, files
from portal.pagination import EstimatedCountPaginator


def membership_or_404(request, pk):
    return get_object_or_404(
        Membership.objects.visible_to(request.scope).with_related(), pk=pk
    )


@access.requires()
@require_safe
def membership_list(request):
    memberships = Membership.objects.visible_to(request.scope).with_related()
    page = EstimatedCountPaginator(
        memberships.order_by("cooperative__name", "pk"), 50
    ).get_page(request.GET.get("halaman"))
    return render(
        request,
        "opop/membership_list.html",
        {"page": page, "can_add": request.scope.can_add_membership},
    )


@access.requires()
def membership_edit(request, pk=None):
    membership = membership_or_404(request, pk) if pk else None
    if membership is None and not request.scope.can_add_membership:
        raise PermissionDenied
    if membership and not request.scope.can_manage_membership(membership.cooperative):
        raise PermissionDenied
    form = MembershipForm(
        request.POST or None,
        request.FILES or None,
        instance=membership,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_save(form=form)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Keanggotaan OPOP disimpan."))
            return redirect(membership)
    title = _("Ubah keanggotaan OPOP") if pk else _("Tambah anggota OPOP")
    return render(
        request,
        "opop/record_form.html",
        {"form": form, "title": title, "back": membership},
    )


@access.requires()
@require_safe
def membership_detail(request, pk):
    membership = membership_or_404(request, pk)
    scope = request.scope
    return render(
        request,
        "opop/membership_detail.html",
        {
            "membership": membership,
            "coop": membership.cooperative,
            "plans": membership.work_plans.all(),
            "products": membership.cooperative.opop_products.all(),
            "can_edit": scope.can_manage_membership(membership.cooperative),
            "can_report": scope.can_report_work_plan(membership),
        },
    )


@access.requires()
def work_plan_edit(request, pk, plan_pk=None):
    membership = membership_or_404(request, pk)
    if not request.scope.can_report_work_plan(membership):
        raise PermissionDenied
    plan = get_object_or_404(membership.work_plans, pk=plan_pk) if plan_pk else None
    form = WorkPlanForm(
        request.POST or None,
        request.FILES or None,
        instance=plan,
        membership=membership,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.work_plan_save(form=form, membership=membership)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Rencana kerja dan laporan disimpan."))
            return redirect(membership)
    return render(
        request,
        "opop/record_form.html",
        {"form": form, "title": _("Rencana kerja dan laporan"), "back": membership},
    )


@access.requires()
@require_safe
def membership_file(request, pk, kind, obj_pk=None):
    """The integrity pact and work-plan files, for those who can see the member."""
    membership = membership_or_404(request, pk)
    if kind == "pakta":
        upload = membership.pact_document
    elif kind in ("rencana", "laporan"):
        plan = get_object_or_404(membership.work_plans, pk=obj_pk)
        upload = plan.plan_file if kind == "rencana" else plan.progress_file
    else:
        raise Http404
    if not upload:
        raise Http404
    return files.attachment(upload)


@access.requires("can_read_opop_reports", methods=access.READ_ONLY)
def progress(request):
    """OPOP progress per kabupaten/kota for officials, staff and admin (read-only)."""
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        year = None
    if year is not None and not 2000 <= year <= timezone.localdate().year:
        year = None
    rows = services.progress_by_kabupaten(request.user, year=year)
    if request.GET.get("format") in transfer.FORMATS:
        return transfer.progress_response(
            rows, request=request, file_format=request.GET["format"], year=year
        )
    return render(
        request,
        "opop/progress.html",
        {
            "rows": rows,
            "totals": services.progress_totals(rows),
            "year": year,
            "years": range(timezone.localdate().year, 2019, -1),
            "region": request.user.region,
        },
    )
