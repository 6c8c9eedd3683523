"""Staff review officers' change requests."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kopontren import services
from kopontren.forms import RejectForm
from kopontren.models import ChangeRequest
from portal import access


def change_request_or_404(request, pk):
    requests = ChangeRequest.objects.visible_to(request.scope)
    return get_object_or_404(
        requests.select_related("cooperative", "submitted_by", "reviewed_by"), pk=pk
    )


@access.requires("can_manage", methods=access.READ_ONLY)
def queue(request):
    """Pending requests first; staff and admin only."""
    status = request.GET.get("status") or ChangeRequest.Status.PENDING
    requests = (
        ChangeRequest.objects.visible_to(request.scope)
        .filter(status=status)
        .select_related("cooperative", "submitted_by", "reviewed_by")
        .order_by("created_at" if status == ChangeRequest.Status.PENDING else "-pk")
    )
    page = Paginator(requests, 25).get_page(request.GET.get("halaman"))
    return render(
        request,
        "kopontren/change_request_queue.html",
        {
            "page": page,
            "summaries": services.change_request_summaries(page),
            "status": status,
            "statuses": ChangeRequest.Status.choices,
        },
    )


def next_in_queue(request, done_pk):
    """The oldest request still waiting in the reviewer's scope, or the queue."""
    waiting = (
        ChangeRequest.objects.visible_to(request.scope)
        .pending()
        .exclude(pk=done_pk)
        .order_by("created_at", "pk")
        .first()
    )
    if waiting is None:
        return redirect("kopontren:change_request_queue")
    return redirect("kopontren:change_request_detail", pk=waiting.pk)


@access.requires()
@require_safe
def detail(request, pk):
    change_request = change_request_or_404(request, pk)
    return render(
        request,
        "kopontren/change_request_detail.html",
        {
            "cr": change_request,
            "diff": services.change_request_diff(change_request),
            "can_review": request.scope.can_review_change(change_request)
            and change_request.status == ChangeRequest.Status.PENDING,
            "reject_form": RejectForm(),
        },
    )


@access.requires()
@require_POST
def approve(request, pk):
    change_request = change_request_or_404(request, pk)
    if not request.scope.can_review_change(change_request):
        raise PermissionDenied
    try:
        services.change_request_approve(
            change_request=change_request, reviewer=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("kopontren:change_request_detail", pk=pk)
    messages.success(request, _("Usulan disetujui dan diterapkan."))
    return next_in_queue(request, pk)


@access.requires()
@require_POST
def reject(request, pk):
    change_request = change_request_or_404(request, pk)
    if not request.scope.can_review_change(change_request):
        raise PermissionDenied
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.change_request_reject(
                change_request=change_request,
                reviewer=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Usulan ditolak; pengurus melihat alasannya."))
            return next_in_queue(request, pk)
    else:
        messages.error(request, _("Tuliskan alasan penolakan."))
    return redirect("kopontren:change_request_detail", pk=pk)
