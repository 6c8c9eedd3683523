"""Events and their records: list, detail, forms for staff."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gemaskop import pdf, services
from gemaskop.forms import (
    EventFilterForm,
    EventForm,
    InvitationForm,
    InviteManyForm,
    LinkForm,
    PaperForm,
    ParticipantForm,
    PhotoForm,
    SessionForm,
    SpeakerForm,
)
from gemaskop.models import Attendance, Event, Participant
from kopontren.models import Pesantren
from portal import access, audit, files
from portal.masking import mask_identifier
from portal.models import Region

PAGE_SIZE = 25


def event_or_404(request, pk):
    """An event within the user's scope, else 404."""
    return get_object_or_404(
        Event.objects.visible_to(request.scope).select_related("kabupaten"), pk=pk
    )


def managed_event_or_404(request, pk):
    """An event the user may change: out of scope 404, read-only 403."""
    event = event_or_404(request, pk)
    if not request.scope.can_manage_event(event):
        raise PermissionDenied
    return event


def participants_for(scope, event):
    """The event's participants this scope may see (officers: their own people)."""
    participants = event.participants.present().with_affiliation()
    if scope.is_officer:
        mine = Attendance.objects.present().affiliated_with(scope.cooperative_ids)
        participants = participants.filter(
            Exists(mine.filter(participant=OuterRef("pk")))
        )
    return participants.select_related("certificate")


@access.requires()
@require_safe
def event_list(request):
    filters = EventFilterForm(request.GET or None)
    events = filters.apply(Event.objects.visible_to(request.scope)).with_counts()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "gemaskop/event_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "can_create": request.scope.can_create_event,
        },
    )


@access.requires()
@require_safe
def event_detail(request, pk):
    event = event_or_404(request, pk)
    scope = request.scope
    can_manage = scope.can_manage_event(event)
    can_read_documents = scope.can_read_event_documents(event)
    speakers = list(event.speakers.select_related("certificate"))
    if not can_manage:
        for speaker in speakers:
            speaker.npwp = mask_identifier(speaker.npwp)
            speaker.bank_account = mask_identifier(speaker.bank_account)
    elif shown := sum(bool(s.npwp or s.bank_account) for s in speakers):
        audit.record_view(
            request=request,
            row_count=shown,
            personal_columns=[_("NPWP"), _("Rekening bank")],
        )
    return render(
        request,
        "gemaskop/event_detail.html",
        {
            "event": event,
            "sessions": event.sessions.all(),
            "speakers": speakers,
            "photos": event.photos.all(),
            "papers": event.papers.all() if can_read_documents else [],
            "participants": participants_for(scope, event),
            "invitation_count": event.invitations.count(),
            "can_manage": can_manage,
            "can_read_documents": can_read_documents,
        },
    )


@access.requires()
def event_edit(request, pk=None):
    event = managed_event_or_404(request, pk) if pk else None
    if event is None and not request.scope.can_create_event:
        raise PermissionDenied
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = services.event_save(
            form=form,
            user=request.user,
            session_hours=form.cleaned_data.get("session_hours"),
        )
        messages.success(request, _("Kegiatan %s disimpan.") % event)
        return redirect(event)
    title = _("Ubah kegiatan") if event else _("Kegiatan baru")
    return render(
        request, "gemaskop/form.html", {"form": form, "title": title, "event": event}
    )


EVENT_RECORDS = {
    "sesi": ("sessions", SessionForm, _("Sesi")),
    "narasumber": ("speakers", SpeakerForm, _("Narasumber")),
    "foto": ("photos", PhotoForm, _("Foto dokumentasi")),
    "dokumen": ("papers", PaperForm, _("Berkas kegiatan")),
}


@access.requires()
def event_record_edit(request, pk, kind, record_pk=None):
    """Add or change a session, speaker, photo or paper of an event."""
    event = managed_event_or_404(request, pk)
    if kind not in EVENT_RECORDS:
        raise Http404
    related, form_class, title = EVENT_RECORDS[kind]
    record = (
        get_object_or_404(getattr(event, related), pk=record_pk) if record_pk else None
    )
    form = form_class(
        request.POST or None, request.FILES or None, instance=record, event=event
    )
    if request.method == "POST" and form.is_valid():
        services.event_record_save(form=form, event=event)
        messages.success(request, _("%s disimpan.") % title)
        return redirect(event)
    return render(
        request, "gemaskop/form.html", {"form": form, "title": title, "event": event}
    )


@access.requires()
@require_safe
def event_file(request, pk, kind, record_pk):
    """Speakers' materials and documentation photos, for those who can see the event;
    the event's papers for those who may read its documents."""
    event = event_or_404(request, pk)
    if kind == "dokumen":
        if not request.scope.can_read_event_documents(event):
            raise PermissionDenied
        upload = get_object_or_404(event.papers, pk=record_pk).file
    elif kind == "materi":
        upload = get_object_or_404(event.speakers, pk=record_pk).material
    elif kind == "foto":
        upload = get_object_or_404(event.photos, pk=record_pk).image
    else:
        raise Http404
    if not upload:
        raise Http404
    return files.attachment(upload)


@access.requires()
def participant_edit(request, pk, participant_pk):
    event = managed_event_or_404(request, pk)
    participant = get_object_or_404(
        event.participants.with_affiliation(), pk=participant_pk
    )
    lookup = reverse("gemaskop:event_registry_lookup", args=[event.pk])
    form = ParticipantForm(
        request.POST or None,
        picker_url=lookup,
        initial={
            "name": participant.name,
            "institution": participant.affiliation_label,
            "gender": participant.gender,
            "position": participant.position,
            "phone": participant.phone,
        },
    )
    registry = services.Registry.for_user(request.user, event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        affiliation = form.picked(registry, unchanged=participant.affiliation_label)
        if affiliation is not None:
            try:
                services.participant_update(
                    participant=participant,
                    name=data["name"],
                    affiliation=affiliation,
                    gender=data["gender"],
                    phone=data["phone"],
                    position=data["position"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Data peserta disimpan."))
                return redirect(event)
    return render(
        request,
        "gemaskop/form.html",
        {"form": form, "title": _("Ubah data peserta"), "event": event},
    )


def invitation_suggestions(event):
    """Pesantren of the event's kabupaten not reached this year and not yet invited;
    those without a cooperative first."""
    reached = Participant.objects.present().filter(
        Event.reach_q("event__", year=event.budget_year), pesantren=OuterRef("pk")
    )
    invited = event.invitations.filter(pesantren=OuterRef("pk"))
    return (
        Pesantren.objects.filter(kabupaten=event.kabupaten)
        .filter(~Exists(reached), ~Exists(invited))
        .with_cooperative_count()
        .select_related("kecamatan")
        .order_by("cooperative_count", "name")
    )


@access.requires()
def invitation_list(request, pk):
    event = managed_event_or_404(request, pk)
    lookup = reverse("gemaskop:event_registry_lookup", args=[event.pk])
    form = InvitationForm(request.POST or None, picker_url=lookup)
    registry = services.Registry.for_user(request.user, event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        affiliation = form.picked(registry)
        if affiliation is not None:
            _invitation, created = services.invitation_create(
                event=event,
                affiliation=affiliation,
                person_name=data["person_name"],
                position=data["position"],
            )
            messages.success(
                request, _("Undangan ditambahkan.") if created else _("Sudah diundang.")
            )
            return redirect("gemaskop:invitation_list", pk=event.pk)
    invitations = event.invitations.select_related(
        "pesantren", "cooperative", "participant"
    )
    suggestions = invitation_suggestions(event)
    return render(
        request,
        "gemaskop/invitation_list.html",
        {
            "event": event,
            "form": form,
            "invitations": invitations,
            "many_form": InviteManyForm(suggestions=suggestions),
            "kecamatans": Region.objects.filter(
                pk__in=suggestions.values("kecamatan")
            ).order_by("name"),
            "options": registry.options(),
        },
    )


@access.requires()
@require_POST
def invitation_invite_many(request, pk):
    event = managed_event_or_404(request, pk)
    form = InviteManyForm(request.POST, suggestions=invitation_suggestions(event))
    if form.is_valid():
        created = services.invitations_create_for_pesantren(
            event=event, pesantren=form.cleaned_data["pesantren"]
        )
        messages.success(request, _("%d pesantren diundang.") % created)
    else:
        messages.error(request, _("Pilih paling sedikit satu pesantren."))
    return redirect("gemaskop:invitation_list", pk=event.pk)


@access.requires()
@require_POST
def invitation_delete(request, pk, invitation_pk):
    event = managed_event_or_404(request, pk)
    invitation = get_object_or_404(event.invitations, pk=invitation_pk)
    try:
        services.invitation_delete(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Undangan dihapus."))
    return redirect("gemaskop:invitation_list", pk=event.pk)


@access.requires()
@require_safe
def poster(request, pk):
    """The QR poster for self check-in (staff only: the link is the key)."""
    event = managed_event_or_404(request, pk)
    url = pdf.public_url(reverse("gemaskop:checkin", args=[event.checkin_token]))
    return render(
        request,
        "gemaskop/poster.html",
        {"event": event, "url": url, "qr": pdf.qr_inline_svg(url)},
    )


@access.requires()
@require_safe
def registry_lookup(request, pk):
    """The institution picker's matches for one event's pages, within scope."""
    event = managed_event_or_404(request, pk)
    registry = services.Registry.for_user(request.user, event)
    return JsonResponse({"results": registry.match(request.GET.get("q", ""))})


@access.requires()
@require_POST
def participants_link(request, pk):
    """From the event report: link everyone typed with one free-text institution."""
    event = managed_event_or_404(request, pk)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih pesantren atau koperasi dari registri."))
        return redirect("gemaskop:event_report", pk=event.pk)
    data = form.cleaned_data
    registry = services.Registry.for_user(request.user, event)
    try:
        result = services.participants_link(
            event=event,
            institution=data["institution"],
            affiliation=registry.pick(data["choice_ref"], data["choice"]),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = _("%(n)d peserta “%(text)s” ditautkan ke registri.") % {
            "n": result.linked,
            "text": data["institution"],
        }
        if result.kept:
            message += " " + _(
                "%(n)d tetap seperti diketik: orang yang sama sudah tercatat dari "
                "pesantren itu."
            ) % {"n": result.kept}
        messages.success(request, message)
    return redirect("gemaskop:event_report", pk=event.pk)
