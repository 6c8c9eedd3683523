from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_safe,
)

from kopontren import duplicates, history, services
from kopontren.exports import export_response
from kopontren.filters import CooperativeFilterForm, PesantrenFilterForm
from kopontren.forms import (
    CooperativeForm,
    DeleteReasonForm,
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
from portal import access, audit, files
from portal.forms import VersionConflict
from portal.pagination import EstimatedCountPaginator
from portal.views import confirm_page

PAGE_SIZE = 25


def cooperative_or_404(request, pk):
    """A cooperative within the user's scope, else 404."""
    return get_object_or_404(Cooperative.objects.visible_to(request.scope), pk=pk)


@access.requires("can_read_registry", methods=access.READ_ONLY)
def cooperative_list(request):
    filters = CooperativeFilterForm(request.GET or None, user=request.user)
    cooperatives = filters.apply(Cooperative.objects.visible_to(request.scope))
    export = request.GET.get("ekspor")
    if export in ("csv", "xlsx"):
        return export_response(
            request=request,
            queryset=cooperatives,
            file_format=export,
            kind="koperasi",
        )
    page = EstimatedCountPaginator(
        cooperatives.with_related().with_completeness(), PAGE_SIZE
    ).get_page(request.GET.get("halaman"))
    return render(
        request,
        "kopontren/cooperative_list.html",
        {"filters": filters, "page": page, "query": filters.query_string()},
    )


@access.requires()
@require_safe
def cooperative_lookup(request):
    """The cooperative picker's matches (kopontren/pickers.py) within the user's
    scope; with `ubah=1` only the cooperatives the user may change."""
    text = request.GET.get("q", "").strip()
    cooperatives = Cooperative.objects.none()
    if len(text) >= 2:
        rows = Cooperative.objects.visible_to(request.scope)
        if request.GET.get("ubah"):
            rows = Cooperative.objects.editable_by(request.scope)
        # The picker serves OPOP's forms, which take kopontren only.
        cooperatives = (
            rows.kopontren()
            .search(text)
            .select_related("kabupaten")
            .order_by("-search_rank", "name", "pk")[:10]
        )
    results = [
        {"ref": str(c.pk), "label": c.name, "detail": c.kabupaten.name}
        for c in cooperatives
    ]
    return JsonResponse({"results": results})


@access.requires()
@require_safe
def cooperative_detail(request, pk):
    cooperative = cooperative_or_404(request, pk)
    scope = request.scope
    requests = ChangeRequest.objects.visible_to(scope).filter(cooperative=cooperative)
    pending = list(cooperative.change_requests.pending())
    legal_events = list(cooperative.legal_events.all())
    officers = list(cooperative.officers.all())
    show_personal = scope.can_see_personal_data(cooperative)
    with_phone = sum(bool(officer.phone) for officer in officers)
    if show_personal and with_phone:
        audit.record_view(
            request=request, row_count=with_phone, personal_columns=[_("Telepon")]
        )
    context = {
        "coop": cooperative,
        "completeness": services.completeness_with_waiting(cooperative, pending),
        "pesantren": cooperative.pesantren,
        "officers": officers,
        "legal_events": legal_events,
        "steps": services.latest_steps(legal_events),
        "stages": services.legal_stages(legal_events),
        "primaries": secondary_rows(scope, cooperative.primary_memberships),
        "secondaries": secondary_rows(scope, cooperative.secondary_memberships),
        "can_add_primary": cooperative.is_secondary
        and scope.can_manage_secondary_membership(cooperative),
        "can_confirm": scope.can_confirm_cooperative(cooperative),
        "figures": cooperative.yearly_figures.select_related("rapb"),
        "documents": cooperative.documents.select_related("uploaded_by"),
        "requests": requests.select_related("submitted_by", "reviewed_by")[:20],
        "can_edit": scope.can_edit_cooperative(cooperative),
        "can_propose": scope.is_officer_of(cooperative),
        "show_personal": show_personal,
        "history": history.cooperative_history(cooperative)
        if scope.can_view_history
        else None,
        "book_year": last_book_year(),
    }
    return render(request, "kopontren/cooperative_detail.html", context)


def secondary_rows(scope, memberships):
    """(membership, may change it) for one side of a cooperative's memberships."""
    return [
        (
            membership,
            scope.can_manage_secondary_membership(
                membership.secondary, membership.primary
            ),
        )
        for membership in memberships.with_related()
    ]


def close_records(request, form):
    """The near duplicates the user must confirm before the form is saved."""
    return duplicates.close_to_form(
        form, confirmed=bool(request.POST.get(duplicates.CONFIRM_FIELD))
    )


@access.requires("can_manage")
def cooperative_create(request):
    form = CooperativeForm(
        request.POST or None,
        user=request.user,
        initial={
            "pesantren": request.GET.get("pesantren"),
            "kelompok": request.GET.get("kelompok") or Cooperative.Kelompok.KOPONTREN,
        },
    )
    close = []
    if request.method == "POST" and form.is_valid():
        close = close_records(request, form)
        if not close:
            cooperative = services.cooperative_save(form=form, user=request.user)
            messages.success(request, _("Koperasi %s ditambahkan.") % cooperative)
            return redirect(cooperative)
    return render(
        request,
        "kopontren/cooperative_form.html",
        {"form": form, "close": close, "title": _("Tambah koperasi")},
    )


@access.requires()
def cooperative_edit(request, pk):
    cooperative = cooperative_or_404(request, pk)
    if not request.scope.can_edit_cooperative(cooperative):
        return propose_change(
            request, cooperative, ChangeRequest.Target.PROFILE, cooperative
        )
    form = CooperativeForm(
        request.POST or None, instance=cooperative, user=request.user
    )
    close = []
    if request.method == "POST" and form.is_valid():
        close = close_records(request, form)
        if not close and saved(form, services.cooperative_save, user=request.user):
            messages.success(request, _("Profil koperasi disimpan."))
            return redirect(cooperative)
    context = {"form": form, "coop": cooperative, "close": close}
    context["title"] = _("Ubah profil koperasi")
    return render(request, "kopontren/cooperative_form.html", context)


def propose_change(request, cooperative, target, target_obj):
    """An officer's edit form: the result is a change request, not a change."""
    if not request.scope.is_officer_of(cooperative):
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
        except services.DuplicateProposal as error:
            messages.warning(request, duplicate_message(error))
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Usulan dikirim. Perubahan berlaku setelah disetujui Dinas.")
            )
            return redirect(cooperative)
    waiting = cooperative.change_requests.pending().filter(
        target=target, target_id=target_obj.pk if target_obj else None
    )
    return render(
        request,
        "kopontren/record_form.html",
        {
            "form": form,
            "coop": cooperative,
            "title": ChangeRequest.Target(target).label,
            "is_proposal": True,
            "waiting": services.change_request_summaries(
                waiting.select_related("cooperative")
            ),
        },
    )


def saved(form, save, **kwargs):
    """What the service `save` returns; None, with the refusal on the form, when
    the record changed since the form was opened."""
    try:
        return save(form=form, **kwargs)
    except VersionConflict as error:
        form.add_error(None, error)
        return None


def duplicate_message(error):
    """The refusal, with a link to the proposal already waiting."""
    return format_html(
        '{} <a href="{}">{}</a>',
        error.messages[0],
        reverse("kopontren:change_request_detail", args=[error.waiting.pk]),
        _("Lihat usulan yang menunggu"),
    )


def edit_record(request, cooperative, target, obj):
    """Staff save a cooperative's record directly; its officers propose a change."""
    if not request.scope.can_edit_cooperative(cooperative):
        return propose_change(request, cooperative, target, obj)
    form = services.change_request_form(
        target,
        cooperative=cooperative,
        instance=obj,
        data=request.POST or None,
        files=request.FILES or None,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(form, services.record_save, cooperative=cooperative)
    ):
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


@access.requires()
def officer_edit(request, pk, officer_pk=None):
    cooperative = cooperative_or_404(request, pk)
    officer = (
        get_object_or_404(cooperative.officers, pk=officer_pk) if officer_pk else None
    )
    return edit_record(request, cooperative, ChangeRequest.Target.OFFICER, officer)


@access.requires()
def figures_edit(request, pk, figures_pk=None):
    cooperative = cooperative_or_404(request, pk)
    figures = (
        get_object_or_404(cooperative.yearly_figures, pk=figures_pk)
        if figures_pk
        else None
    )
    return edit_record(request, cooperative, ChangeRequest.Target.FIGURES, figures)


@access.requires()
def document_create(request, pk):
    cooperative = cooperative_or_404(request, pk)
    return edit_record(request, cooperative, ChangeRequest.Target.DOCUMENT, None)


@access.requires()
def legal_event_edit(request, pk, event_pk=None):
    cooperative = cooperative_or_404(request, pk)
    if not request.scope.can_edit_cooperative(cooperative):
        raise PermissionDenied
    event = (
        get_object_or_404(cooperative.legal_events, pk=event_pk)
        if event_pk
        else LegalEvent(cooperative=cooperative)
    )
    form = LegalEventForm(request.POST or None, request.FILES or None, instance=event)
    event = (
        request.method == "POST"
        and form.is_valid()
        and saved(form, services.record_save, cooperative=cooperative)
    )
    if event:
        messages.success(request, _("Langkah badan hukum disimpan."))
        if event.number_warning:
            messages.warning(request, event.number_warning)
        return redirect(cooperative)
    return render(
        request,
        "kopontren/record_form.html",
        {"form": form, "coop": cooperative, "title": _("Langkah badan hukum")},
    )


def confirm_delete(request, cooperative, obj, form, *, title):
    """The page that asks before a record of the cooperative is deleted."""
    return confirm_page(
        request,
        title=title,
        question=_("Hapus “%(record)s” dari %(coop)s?")
        % {"record": obj, "coop": cooperative.name},
        consequence=_("Riwayat perubahan tetap menyimpan isinya."),
        back=cooperative.get_absolute_url(),
        button=_("Ya, hapus"),
        form=form,
    )


@access.requires(methods=access.CONFIRM)
def record_delete(request, pk, kind, record_pk):
    cooperative = cooperative_or_404(request, pk)
    if not request.scope.can_edit_cooperative(cooperative):
        raise PermissionDenied
    related = {
        "pengurus": cooperative.officers,
        "badan-hukum": cooperative.legal_events,
        "rat": cooperative.yearly_figures,
    }
    if kind not in related:
        raise Http404
    obj = get_object_or_404(related[kind], pk=record_pk)
    form = DeleteReasonForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return confirm_delete(request, cooperative, obj, form, title=_("Hapus data"))
    try:
        services.record_delete(obj=obj, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("“%(record)s” dihapus; riwayat tetap menyimpannya.") % {"record": obj},
        )
    return redirect(cooperative)


@access.requires()
def document_replace(request, pk, document_pk):
    cooperative = cooperative_or_404(request, pk)
    if not request.scope.can_edit_cooperative(cooperative):
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


@access.requires()
def document_delete(request, pk, document_pk):
    """Staff delete a document with a reason; the history keeps it."""
    cooperative = cooperative_or_404(request, pk)
    if not request.scope.can_edit_cooperative(cooperative):
        raise PermissionDenied
    document = get_object_or_404(cooperative.documents, pk=document_pk)
    form = ReasonForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return confirm_delete(
            request, cooperative, document, form, title=_("Hapus dokumen")
        )
    services.record_delete(obj=document, reason=form.cleaned_data["reason"])
    messages.success(
        request,
        _("“%(record)s” dihapus; riwayat tetap menyimpannya.") % {"record": document},
    )
    return redirect(cooperative)


@access.requires("can_read_registry", methods=access.READ_ONLY)
def document_expiring(request):
    """Work list: documents expired or expiring within 90 days."""
    documents = (
        Document.objects.visible_to(request.scope)
        .expiring()
        .select_related("cooperative", "cooperative__kabupaten")
        .order_by("valid_until", "pk")
    )
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "kopontren/document_expiring.html", {"page": page})


@access.requires()
@require_safe
def document_download(request, pk, kind, record_pk):
    """Uploaded files are served only to those who can see the cooperative."""
    cooperative = cooperative_or_404(request, pk)
    if kind == "dokumen":
        upload = get_object_or_404(cooperative.documents, pk=record_pk).file
    elif kind == "badan-hukum":
        upload = get_object_or_404(cooperative.legal_events, pk=record_pk).document
    elif kind == "usulan":
        requests = ChangeRequest.objects.visible_to(request.scope)
        upload = get_object_or_404(requests, cooperative=cooperative, pk=record_pk).file
    else:
        raise Http404
    if not upload:
        raise Http404
    return files.attachment(upload)


@access.requires()
def invite_officer(request, pk):
    cooperative = cooperative_or_404(request, pk)
    if not request.scope.can_edit_cooperative(cooperative):
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


@access.requires("can_read_registry", methods=access.READ_ONLY)
def pesantren_list(request):
    filters = PesantrenFilterForm(request.GET or None, user=request.user)
    pesantren = filters.apply(Pesantren.objects.visible_to(request.scope))
    page = Paginator(
        pesantren.with_regions().with_cooperative_count(), PAGE_SIZE
    ).get_page(request.GET.get("halaman"))
    return render(
        request,
        "kopontren/pesantren_list.html",
        {"filters": filters, "page": page, "query": filters.query_string()},
    )


@access.requires()
@require_safe
def pesantren_detail(request, pk):
    pesantren = get_object_or_404(
        Pesantren.objects.visible_to(request.scope).with_regions(), pk=pk
    )
    cooperatives = pesantren.cooperatives.visible_to(request.scope)
    return render(
        request,
        "kopontren/pesantren_detail.html",
        {
            "pesantren": pesantren,
            "cooperatives": cooperatives,
            "can_edit": request.scope.can_manage_registry(pesantren.kabupaten_id),
            "history": history.pesantren_history(pesantren)
            if request.scope.can_view_history
            else None,
        },
    )


@access.requires()
def pesantren_edit(request, pk=None):
    pesantren = None
    if pk is not None:
        pesantren = get_object_or_404(
            Pesantren.objects.visible_to(request.scope), pk=pk
        )
    kabupaten = pesantren.kabupaten_id if pesantren else None
    if not request.scope.can_manage_registry(kabupaten):
        raise PermissionDenied
    form = PesantrenForm(request.POST or None, instance=pesantren, user=request.user)
    close = []
    if request.method == "POST" and form.is_valid():
        close = close_records(request, form)
        saved_pesantren = not close and saved(form, services.pesantren_save)
        if saved_pesantren:
            messages.success(request, _("Pesantren %s disimpan.") % saved_pesantren)
            return redirect(saved_pesantren)
    title = _("Ubah pesantren") if pk else _("Tambah pesantren")
    return render(
        request,
        "kopontren/record_form.html",
        {"form": form, "title": title, "close": close},
    )
