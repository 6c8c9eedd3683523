"""The attendance desk: entry by keyboard, the live list, invitations, corrections and
imports. Every view here is for staff who manage the event."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, Max, OuterRef
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gemaskop import imports, services
from gemaskop.forms import DeskForm, ImportForm, RemoveForm
from gemaskop.models import Attendance, Event, EventSession
from portal import access, audit

RECENT_CORRECTIONS = 10


def managed_session_or_404(request, pk, session_pk):
    """The session with its event, in one query; out of scope 404, read-only 403."""
    session = get_object_or_404(
        EventSession.objects.select_related("event", "event__kabupaten").filter(
            event__in=Event.objects.visible_to(request.scope)
        ),
        pk=session_pk,
        event_id=pk,
    )
    if not request.scope.can_manage_event(session.event):
        raise PermissionDenied
    return session


def is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def list_signature(session):
    """Changes whenever a row is added or removed: lets the poll answer 204."""
    state = session.attendances.present().aggregate(n=Count("pk"), last=Max("pk"))
    return f"{state['n']}-{state['last'] or 0}", state["n"]


def invitations_for(session):
    present = Attendance.objects.present().filter(
        session=session, participant=OuterRef("participant")
    )
    return session.event.invitations.select_related(
        "pesantren", "cooperative", "participant"
    ).annotate(present=Exists(present))


def present_invitation_ids(session):
    """Invitations ticked present at this session, so the poll can show them ticked on
    every desk."""
    return invitations_for(session).filter(present=True).values_list("pk", flat=True)


@access.requires()
@require_GET
def desk(request, pk, session_pk):
    session = managed_session_or_404(request, pk, session_pk)
    signature, count = list_signature(session)
    registry = services.Registry.for_user(request.user, session.event)
    corrections = session.attendances.filter(removed_at__isnull=False).for_list()
    return render(
        request,
        "gemaskop/desk.html",
        {
            "session": session,
            "event": session.event,
            "form": DeskForm(),
            "rows": session.attendances.present().for_list(),
            "count": count,
            "signature": signature,
            "invitations": invitations_for(session),
            "options": registry.options(),
            "picker_url": reverse(
                "gemaskop:registry_lookup", args=[session.event_id, session.pk]
            ),
            "corrections": corrections.select_related("removed_by").order_by(
                "-removed_at"
            )[:RECENT_CORRECTIONS],
            "sessions": session.event.sessions.all(),
        },
    )


@access.requires()
@require_GET
def desk_list(request, pk, session_pk):
    """The list as it is now (polled every few seconds); 204 if nothing changed."""
    session = managed_session_or_404(request, pk, session_pk)
    signature, count = list_signature(session)
    if request.GET.get("tanda") == signature:
        return HttpResponse(status=204)
    return render(
        request,
        "gemaskop/_desk_list.html",
        {
            "session": session,
            "event": session.event,
            "rows": session.attendances.present().for_list(),
            "count": count,
            "signature": signature,
            "present_invitations": present_invitation_ids(session),
            "oob": True,
        },
    )


def desk_reply(request, session, *, message, level, result=None, status=200):
    """htmx: the new row, the count and the message; without JS: back to the desk."""
    if not is_htmx(request):
        getattr(messages, level)(request, message)
        return redirect("gemaskop:desk", pk=session.event_id, session_pk=session.pk)
    added = result is not None and not result.duplicate
    count = session.attendances.present().count()
    response = render(
        request,
        "gemaskop/_desk_added.html",
        {
            "row": result.attendance if added else None,
            "number": count,
            "count": count,
            "message": message,
            "level": level,
            "session": session,
            "event": session.event,
        },
        status=status,
    )
    # The outbox lists duplicates and refusals apart from the rows it adds.
    response["X-Desk-Outcome"] = level
    return response


@access.requires()
@require_POST
def attendance_add(request, pk, session_pk):
    session = managed_session_or_404(request, pk, session_pk)
    form = DeskForm(request.POST)
    if not form.is_valid():
        errors = " ".join(m for field in form.errors.values() for m in field)
        return desk_reply(request, session, message=errors, level="error", status=422)
    data = form.cleaned_data
    registry = services.Registry.for_user(request.user, session.event)
    affiliation = registry.pick(data["institution_ref"], data["institution"])
    try:
        result = services.attendance_add(
            session=session,
            name=data["name"],
            affiliation=affiliation,
            gender=data["gender"],
            position=data["position"],
            entered_by=request.user,
            client_id=data["client_id"],
        )
    except ValidationError as error:
        message = " ".join(error.messages)
        return desk_reply(request, session, message=message, level="error", status=422)
    who = {"name": result.participant.name, "from": affiliation.label or "—"}
    if result.duplicate:
        message = _("%(name)s (%(from)s) sudah tercatat hadir di sesi ini.") % who
        return desk_reply(request, session, message=message, level="warning")
    if result.replayed:
        message = _("%(name)s (%(from)s) sudah tersimpan.") % who
        return desk_reply(
            request, session, message=message, level="success", result=result
        )
    message = _("%(name)s (%(from)s) ditambahkan.") % who
    return desk_reply(request, session, message=message, level="success", result=result)


@access.requires()
@require_GET
def registry_options(request, pk, session_pk):
    """<option>s for the institution field: registry names within the user's scope."""
    session = managed_session_or_404(request, pk, session_pk)
    registry = services.Registry.for_user(request.user, session.event)
    text = request.GET.get("institution", "")
    names = registry.suggest(text) if len(text.strip()) >= 2 else registry.options()
    return render(request, "gemaskop/_options.html", {"options": names})


@access.requires()
@require_GET
def registry_lookup(request, pk, session_pk):
    """The institution picker's matches for the typed text, within the user's scope."""
    session = managed_session_or_404(request, pk, session_pk)
    registry = services.Registry.for_user(request.user, session.event)
    return JsonResponse({"results": registry.match(request.GET.get("q", ""))})


@access.requires()
@require_POST
def invitation_present(request, pk, session_pk, invitation_pk):
    session = managed_session_or_404(request, pk, session_pk)
    invitation = get_object_or_404(
        invitations_for(session), pk=invitation_pk, event=session.event
    )
    try:
        result = services.invitation_mark_present(
            invitation=invitation,
            session=session,
            name=request.POST.get("name", ""),
            entered_by=request.user,
        )
    except ValidationError as error:
        message, level = " ".join(error.messages), "error"
    else:
        invitation.present = True
        message, level = _("%s ditandai hadir.") % result.participant.name, "success"
    if not is_htmx(request):
        getattr(messages, level)(request, message)
        return redirect("gemaskop:desk", pk=pk, session_pk=session.pk)
    response = render(
        request,
        "gemaskop/_invitation_item.html",
        {
            "invitation": invitation,
            "session": session,
            "event": session.event,
            "message": message,
            "level": level,
        },
    )
    response["HX-Trigger"] = "attendance-changed"
    return response


@access.requires()
def attendance_remove(request, pk, session_pk, attendance_pk):
    """Late correction: remove a wrongly entered row, with a reason kept on record."""
    session = managed_session_or_404(request, pk, session_pk)
    attendance = get_object_or_404(
        session.attendances.present().for_list(), pk=attendance_pk
    )
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.attendance_remove(
            attendance=attendance,
            reason=form.cleaned_data["reason"],
            removed_by=request.user,
        )
        messages.success(request, _("Baris dihapus; riwayat tetap menyimpannya."))
        return redirect("gemaskop:desk", pk=pk, session_pk=session.pk)
    return render(
        request,
        "gemaskop/attendance_remove.html",
        {"form": form, "attendance": attendance, "session": session},
    )


def import_key(session):
    return f"gemaskop-impor-{session.pk}"


@access.requires()
def import_upload(request, pk, session_pk):
    """Upload a sheet and see, before anything is written, what will be imported."""
    session = managed_session_or_404(request, pk, session_pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        registry = services.Registry.for_user(request.user, session.event)
        try:
            result = imports.preview(form.cleaned_data["file"], registry)
        except imports.SheetError as error:
            form.add_error("file", str(error))
        else:
            rows = [] if result["errors"] else result["rows"]
            request.session[import_key(session)] = rows
            request.session[import_key(session) + "-berkas"] = form.cleaned_data[
                "file"
            ].name
    return render(
        request,
        "gemaskop/import.html",
        {"form": form, "session": session, "event": session.event, "result": result},
    )


@access.requires()
@require_POST
def import_confirm(request, pk, session_pk):
    session = managed_session_or_404(request, pk, session_pk)
    rows = request.session.pop(import_key(session), None)
    if not rows:
        messages.error(request, _("Tidak ada impor yang menunggu; unggah berkasnya."))
        return redirect("gemaskop:import", pk=pk, session_pk=session.pk)
    try:
        result = imports.attendance_import(
            session=session,
            rows=rows,
            entered_by=request.user,
            registry=services.Registry.for_user(request.user, session.event),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("gemaskop:import", pk=pk, session_pk=session.pk)
    audit.record_import(
        request=request,
        file_name=request.session.pop(import_key(session) + "-berkas", ""),
        row_count=result.added,
        kind="attendance",
    )
    messages.success(
        request,
        _("%(added)d peserta diimpor; %(dup)d sudah tercatat sebelumnya.")
        % {"added": result.added, "dup": result.duplicates},
    )
    return redirect("gemaskop:desk", pk=pk, session_pk=session.pk)
