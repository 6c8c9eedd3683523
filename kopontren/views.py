from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kopontren import history, services
from kopontren.exports import export_response
from kopontren.filters import CooperativeFilterForm, PesantrenFilterForm
from kopontren.forms import (
    CooperativeForm,
    DocumentReplaceForm,
    InviteOfficerForm,
    LegalEventForm,
    PesantrenForm,
    ReasonForm,
)
from kopontren.models import (
    ChangeRequest,
    Cooperative,
    Document,
    LegalEvent,
    Pesantren,
    last_book_year,
)
from portal import permissions

PAGE_SIZE = 25


def cooperative_or_404(request, pk):
    """A cooperative within the user's scope, else 404."""
    return get_object_or_404(Cooperative.objects.visible_to(request.user), pk=pk)


def require_registry_reader(user):
    """Pages of the whole registry: admin, staf and provinsi (officers have home)."""
    if not (user.is_admin_role or user.is_staf or user.is_provinsi):
        raise PermissionDenied


@login_required
@require_safe
def cooperative_list(request):
    require_registry_reader(request.user)
    filters = CooperativeFilterForm(request.GET or None, user=request.user)
    cooperatives = filters.apply(Cooperative.objects.visible_to(request.user))
    export = request.GET.get("ekspor")
    if export in ("csv", "xlsx"):
        return export_response(
            queryset=cooperatives,
            user=request.user,
            file_format=export,
            kind="koperasi",
        )
    page = Paginator(
        cooperatives.with_related().with_completeness(), PAGE_SIZE
    ).get_page(request.GET.get("halaman"))
    return render(
        request,
        "kopontren/cooperative_list.html",
        {"filters": filters, "page": page, "query": filters.query_string()},
    )


@login_required
@require_safe
def cooperative_detail(request, pk):
    cooperative = cooperative_or_404(request, pk)
    user = request.user
    requests = cooperative.change_requests.select_related("submitted_by", "reviewed_by")
    if user.is_pengurus:
        requests = requests.filter(submitted_by=user)
    legal_events = list(cooperative.legal_events.all())
    context = {
        "coop": cooperative,
        "pesantren": cooperative.pesantren,
        "officers": cooperative.officers.all(),
        "legal_events": legal_events,
        "steps": services.latest_steps(legal_events),
        "figures": cooperative.yearly_figures.select_related("rapb"),
        "documents": cooperative.documents.select_related("uploaded_by"),
        "requests": requests[:20],
        "can_edit": permissions.can_edit_cooperative(user, cooperative),
        "can_propose": permissions.can_propose_change(user, cooperative),
        "show_personal": permissions.can_see_personal_data(user, cooperative),
        "history": history.cooperative_history(cooperative)
        if permissions.can_view_history(user)
        else None,
        "book_year": last_book_year(),
    }
    return render(request, "kopontren/cooperative_detail.html", context)


@login_required
def cooperative_create(request):
    if not permissions.can_manage_registry(request.user):
        raise PermissionDenied
    form = CooperativeForm(
        request.POST or None,
        user=request.user,
        initial={"pesantren": request.GET.get("pesantren")},
    )
    similar = []
    if request.method == "POST" and form.is_valid():
        similar = services.similar_cooperatives(
            name=form.cleaned_data["name"],
            kabupaten=form.cleaned_data["kabupaten"],
            kecamatan=form.cleaned_data.get("kecamatan"),
        )
        if not similar or form.cleaned_data.get("confirm_similar"):
            cooperative = services.cooperative_save(form=form, user=request.user)
            messages.success(request, _("Koperasi %s ditambahkan.") % cooperative)
            return redirect(cooperative)
    return render(
        request,
        "kopontren/cooperative_form.html",
        {"form": form, "similar": similar, "title": _("Tambah koperasi")},
    )


@login_required
def cooperative_edit(request, pk):
    cooperative = cooperative_or_404(request, pk)
    if not permissions.can_edit_cooperative(request.user, cooperative):
        return propose_change(
            request, cooperative, ChangeRequest.Target.PROFILE, cooperative
        )
    form = CooperativeForm(
        request.POST or None, instance=cooperative, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.cooperative_save(form=form, user=request.user)
        messages.success(request, _("Profil koperasi disimpan."))
        return redirect(cooperative)
    return render(
        request,
        "kopontren/cooperative_form.html",
        {"form": form, "coop": cooperative, "title": _("Ubah profil koperasi")},
    )


def propose_change(request, cooperative, target, target_obj):
    """An officer's edit form: the result is a change request, not a change."""
    if not permissions.can_propose_change(request.user, cooperative):
        raise PermissionDenied
    form = services.change_request_form(
        target,
        cooperative=cooperative,
        instance=target_obj,
        data=request.POST or None,
        files=request.FILES or None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_request_submit(
                cooperative=cooperative,
                submitted_by=request.user,
                target=target,
                form=form,
                target_obj=target_obj,
            )
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Usulan dikirim. Perubahan berlaku setelah disetujui Dinas.")
            )
            return redirect(cooperative)
    return render(
        request,
        "kopontren/record_form.html",
        {
            "form": form,
            "coop": cooperative,
            "title": ChangeRequest.Target(target).label,
            "is_proposal": True,
        },
    )


def edit_record(request, cooperative, target, obj):
    """Staff save a cooperative's record directly; its officers propose a change."""
    if not permissions.can_edit_cooperative(request.user, cooperative):
        return propose_change(request, cooperative, target, obj)
    form = services.change_request_form(
        target,
        cooperative=cooperative,
        instance=obj,
        data=request.POST or None,
        files=request.FILES or None,
    )
    if request.method == "POST" and form.is_valid():
        services.record_save(form=form, cooperative=cooperative)
        messages.success(request, _("Data disimpan."))
        return redirect(cooperative)
    return render(
        request,
        "kopontren/record_form.html",
        {
            "form": form,
            "coop": cooperative,
            "title": ChangeRequest.Target(target).label,
        },
    )


@login_required
def officer_edit(request, pk, officer_pk=None):
    cooperative = cooperative_or_404(request, pk)
    officer = (
        get_object_or_404(cooperative.officers, pk=officer_pk) if officer_pk else None
    )
    return edit_record(request, cooperative, ChangeRequest.Target.OFFICER, officer)


@login_required
def figures_edit(request, pk, figures_pk=None):
    cooperative = cooperative_or_404(request, pk)
    figures = (
        get_object_or_404(cooperative.yearly_figures, pk=figures_pk)
        if figures_pk
        else None
    )
    return edit_record(request, cooperative, ChangeRequest.Target.FIGURES, figures)


@login_required
def document_create(request, pk):
    cooperative = cooperative_or_404(request, pk)
    return edit_record(request, cooperative, ChangeRequest.Target.DOCUMENT, None)


@login_required
def legal_event_edit(request, pk, event_pk=None):
    cooperative = cooperative_or_404(request, pk)
    if not permissions.can_edit_cooperative(request.user, cooperative):
        raise PermissionDenied
    event = (
        get_object_or_404(cooperative.legal_events, pk=event_pk)
        if event_pk
        else LegalEvent(cooperative=cooperative)
    )
    form = LegalEventForm(request.POST or None, request.FILES or None, instance=event)
    if request.method == "POST" and form.is_valid():
        event = services.record_save(form=form, cooperative=cooperative)
        messages.success(request, _("Langkah badan hukum disimpan."))
        if event.number_warning:
            messages.warning(request, event.number_warning)
        return redirect(cooperative)
    return render(
        request,
        "kopontren/record_form.html",
        {"form": form, "coop": cooperative, "title": _("Langkah badan hukum")},
    )


@login_required
@require_POST
def record_delete(request, pk, kind, record_pk):
    cooperative = cooperative_or_404(request, pk)
    if not permissions.can_edit_cooperative(request.user, cooperative):
        raise PermissionDenied
    related = {
        "pengurus": cooperative.officers,
        "badan-hukum": cooperative.legal_events,
        "rat": cooperative.yearly_figures,
        "dokumen": cooperative.documents,
    }
    if kind not in related:
        raise Http404
    obj = get_object_or_404(related[kind], pk=record_pk)
    try:
        services.record_delete(obj=obj, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Data dihapus; riwayat tetap menyimpannya."))
    return redirect(cooperative)


@login_required
def document_replace(request, pk, document_pk):
    cooperative = cooperative_or_404(request, pk)
    if not permissions.can_edit_cooperative(request.user, cooperative):
        raise PermissionDenied
    document = get_object_or_404(cooperative.documents, pk=document_pk)
    form = DocumentReplaceForm(
        request.POST or None, request.FILES or None, instance=document
    )
    if request.method == "POST" and form.is_valid():
        services.document_replace(form=form, replaced_by=request.user)
        messages.success(request, _("Berkas diganti; berkas lama tetap di riwayat."))
        return redirect(cooperative)
    return render(
        request,
        "kopontren/record_form.html",
        {"form": form, "coop": cooperative, "title": _("Ganti berkas: %s") % document},
    )


@login_required
def document_delete(request, pk, document_pk):
    """Staff delete a document with a reason; the history keeps it."""
    cooperative = cooperative_or_404(request, pk)
    if not permissions.can_edit_cooperative(request.user, cooperative):
        raise PermissionDenied
    document = get_object_or_404(cooperative.documents, pk=document_pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_delete(obj=document, reason=form.cleaned_data["reason"])
        messages.success(request, _("Dokumen dihapus; riwayat tetap menyimpannya."))
        return redirect(cooperative)
    return render(
        request,
        "kopontren/record_form.html",
        {"form": form, "coop": cooperative, "title": _("Hapus dokumen: %s") % document},
    )


@login_required
@require_safe
def document_expiring(request):
    """Work list: documents expired or expiring within 90 days."""
    require_registry_reader(request.user)
    documents = (
        Document.objects.visible_to(request.user)
        .expiring()
        .select_related("cooperative", "cooperative__kabupaten")
        .order_by("valid_until", "pk")
    )
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "kopontren/document_expiring.html", {"page": page})


@login_required
@require_safe
def document_download(request, pk, kind, record_pk):
    """Uploaded files are served only to those who can see the cooperative."""
    cooperative = cooperative_or_404(request, pk)
    if kind == "dokumen":
        upload = get_object_or_404(cooperative.documents, pk=record_pk).file
    elif kind == "badan-hukum":
        upload = get_object_or_404(cooperative.legal_events, pk=record_pk).document
    elif kind == "usulan":
        requests = ChangeRequest.objects.visible_to(request.user)
        if request.user.is_pengurus:
            requests = requests.filter(submitted_by=request.user)
        upload = get_object_or_404(requests, cooperative=cooperative, pk=record_pk).file
    else:
        raise Http404
    if not upload:
        raise Http404
    return FileResponse(upload.open("rb"), as_attachment=True)


@login_required
def invite_officer(request, pk):
    cooperative = cooperative_or_404(request, pk)
    if not permissions.can_edit_cooperative(request.user, cooperative):
        raise PermissionDenied
    form = InviteOfficerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.officer_account_invite(
                cooperative=cooperative, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Undangan dikirim ke %s.") % user.email)
            return redirect(cooperative)
    return render(
        request,
        "kopontren/record_form.html",
        {"form": form, "coop": cooperative, "title": _("Undang akun pengurus")},
    )


@login_required
@require_safe
def pesantren_list(request):
    require_registry_reader(request.user)
    filters = PesantrenFilterForm(request.GET or None, user=request.user)
    pesantren = filters.apply(Pesantren.objects.visible_to(request.user))
    page = Paginator(
        pesantren.with_regions().with_cooperative_count(), PAGE_SIZE
    ).get_page(request.GET.get("halaman"))
    return render(
        request,
        "kopontren/pesantren_list.html",
        {"filters": filters, "page": page, "query": filters.query_string()},
    )


@login_required
@require_safe
def pesantren_detail(request, pk):
    pesantren = get_object_or_404(
        Pesantren.objects.visible_to(request.user).with_regions(), pk=pk
    )
    cooperatives = pesantren.cooperatives.visible_to(request.user)
    return render(
        request,
        "kopontren/pesantren_detail.html",
        {
            "pesantren": pesantren,
            "cooperatives": cooperatives,
            "can_edit": permissions.can_manage_registry(
                request.user, pesantren.kabupaten_id
            ),
            "history": history.pesantren_history(pesantren)
            if permissions.can_view_history(request.user)
            else None,
        },
    )


@login_required
def pesantren_edit(request, pk=None):
    pesantren = None
    if pk is not None:
        pesantren = get_object_or_404(Pesantren.objects.visible_to(request.user), pk=pk)
    kabupaten = pesantren.kabupaten_id if pesantren else None
    if not permissions.can_manage_registry(request.user, kabupaten):
        raise PermissionDenied
    form = PesantrenForm(request.POST or None, instance=pesantren, user=request.user)
    if request.method == "POST" and form.is_valid():
        pesantren = services.pesantren_save(form=form)
        messages.success(request, _("Pesantren %s disimpan.") % pesantren)
        return redirect(pesantren)
    title = _("Ubah pesantren") if pk else _("Tambah pesantren")
    return render(request, "kopontren/record_form.html", {"form": form, "title": title})
