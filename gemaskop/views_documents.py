"""What the office prints and reports: daftar hadir, certificates, reports, exports."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gemaskop import exports, pdf, reports, services, tasks
from gemaskop.models import Event
from gemaskop.views import event_or_404, managed_event_or_404, participants_for
from portal import access, audit, jobs

MIN_BLANK_ROWS = 20


def readable_event_or_404(request, pk):
    """An event whose printed sheets and reports this user may open."""
    event = event_or_404(request, pk)
    if not request.scope.can_read_event_documents(event):
        raise PermissionDenied
    return event


def pdf_response(content, filename, *, inline=True):
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.pdf"'
    return response


def blank_rows(event, invitations):
    """Invitees first (names pre-filled), then empty lines up to the capacity."""
    rows = [
        {"name": inv.person_name, "from": inv.affiliation_label, "position": ""}
        for inv in invitations
    ]
    room = max(event.capacity or 0, len(rows) + 10, MIN_BLANK_ROWS)
    return rows + [{"name": "", "from": "", "position": ""}] * (room - len(rows))


@access.requires()
@require_safe
def daftar_hadir(request, pk, session_pk):
    """The A4 attendance sheet: blank (?kosong=1) before the event, filled after."""
    event = readable_event_or_404(request, pk)
    session = get_object_or_404(event.sessions, pk=session_pk)
    blank = request.GET.get("kosong") == "1"
    if blank:
        invitations = event.invitations.select_related("pesantren", "cooperative")
        rows = blank_rows(event, invitations)
    else:
        rows = [
            {
                "name": a.participant.name,
                "from": a.participant.affiliation_label,
                "position": a.participant.position_label,
            }
            for a in session.attendances.present().for_list().order_by("created_at")
        ]
    content = pdf.render_pdf(
        "gemaskop/pdf/daftar_hadir.html",
        {"event": event, "session": session, "rows": rows, "blank": blank},
    )
    audit.record_export(
        request=request,
        row_count=sum(bool(row["name"]) for row in rows),
        personal_columns=[_("Nama")],
    )
    name = f"daftar-hadir-{slugify(event.name)}-{session.date:%Y%m%d}"
    return pdf_response(content, name + ("-kosong" if blank else ""))


BADGES_PER_PAGE = 8


def badge_pages(badges):
    """The badges in sheets of eight (two columns of four on A4)."""
    return [
        badges[start : start + BADGES_PER_PAGE]
        for start in range(0, len(badges), BADGES_PER_PAGE)
    ]


@access.requires()
@require_safe
def badges_pdf(request, pk):
    """Name badges (name, institution, role) for the invitees, or ?untuk=hadir for
    those present, on A4 sheets."""
    event = managed_event_or_404(request, pk)
    present = request.GET.get("untuk") == "hadir"
    if present:
        people = event.participants.present().with_affiliation().order_by("name")
        badges = [
            {"name": p.name, "from": p.affiliation_label, "role": p.position_label}
            for p in people
        ]
    else:
        invitations = event.invitations.select_related("pesantren", "cooperative")
        badges = [
            {
                "name": i.person_name,
                "from": i.affiliation_label,
                "role": i.get_position_display(),
            }
            for i in invitations
        ]
    if not badges:
        messages.warning(
            request,
            _("Belum ada peserta hadir.") if present else _("Belum ada undangan."),
        )
        return redirect(event)
    content = pdf.render_pdf(
        "gemaskop/pdf/badges.html", {"event": event, "pages": badge_pages(badges)}
    )
    audit.record_export(
        request=request, row_count=len(badges), personal_columns=[_("Nama")]
    )
    name = f"lencana-{slugify(event.name)}" + ("-hadir" if present else "")
    return pdf_response(content, name)


@access.requires()
@require_POST
def certificates_issue(request, pk):
    event = managed_event_or_404(request, pk)
    issued = services.certificates_issue(event=event)
    messages.success(request, _("%d sertifikat baru diterbitkan.") % len(issued))
    return redirect(event)


def certificate_context(certificates, event):
    return {
        "event": event,
        "certificates": [
            (c, pdf.qr_data_uri(pdf.public_url(c.verify_path()))) for c in certificates
        ],
    }


@access.requires()
@require_safe
def certificate_pdf(request, pk, certificate_pk):
    """One certificate; officers only for their own people."""
    event = event_or_404(request, pk)
    certificates = event.certificates.for_present()
    if not request.scope.can_read_event_documents(event):
        certificates = certificates.filter(
            participant__in=participants_for(request.scope, event)
        )
    certificate = get_object_or_404(certificates, pk=certificate_pk)
    content = pdf.render_pdf(
        "gemaskop/pdf/certificate.html", certificate_context([certificate], event)
    )
    audit.record_export(request=request, row_count=1, personal_columns=[_("Nama")])
    return pdf_response(content, "sertifikat-" + slugify(certificate.number))


@access.requires()
@require_safe
def certificates_pdf(request, pk):
    """Every certificate of the event in one file, for printing."""
    event = readable_event_or_404(request, pk)
    count = event.certificates.for_present().count()
    if not count:
        messages.warning(request, _("Belum ada sertifikat yang diterbitkan."))
        return redirect(event)
    if count > settings.PORTAL_JOB_CERTIFICATES_ABOVE:
        job = jobs.job_start(
            owner=request.user,
            title=_("Sertifikat %(event)s (%(count)d orang)")
            % {"event": event.name, "count": count},
            task=tasks.certificates_render,
            params={"event": event.pk, "personal_columns": [str(_("Nama"))]},
            back_url=event.get_absolute_url(),
        )
        return redirect(job)
    certificates = list(event.certificates.for_present().order_by("number"))
    content = pdf.render_pdf(
        "gemaskop/pdf/certificate.html", certificate_context(certificates, event)
    )
    audit.record_export(
        request=request, row_count=len(certificates), personal_columns=[_("Nama")]
    )
    return pdf_response(content, "sertifikat-" + slugify(event.name), inline=False)


@access.requires()
@require_safe
def event_report(request, pk):
    event = readable_event_or_404(request, pk)
    export = request.GET.get("ekspor")
    if export in ("csv", "xlsx"):
        participants = event.participants.present().with_affiliation()
        show_phone = request.scope.can_see_participant_contacts(event)
        rows = exports.participant_rows(
            participants.order_by("name"), show_phone=show_phone
        )
        return exports.export_response(
            rows,
            request=request,
            show_phone=show_phone,
            file_format=export,
            filename="peserta-" + slugify(event.name),
        )
    return render(
        request,
        "gemaskop/event_report.html",
        {
            "event": event,
            "summary": reports.event_summary(event),
            "can_link": request.scope.can_manage_event(event),
        },
    )


@access.requires("can_read_reach", methods=access.READ_ONLY)
def report(request):
    """Across the user's events: pesantren reached per year and the follow-up list."""
    scope = request.scope
    events = Event.objects.visible_to(scope)
    follow_up = reports.follow_up(events)
    export = request.GET.get("ekspor")
    if export in ("csv", "xlsx"):
        show_phone = scope.sees_follow_up_phones
        rows = exports.participant_rows(follow_up, show_phone=show_phone)
        return exports.export_response(
            rows,
            request=request,
            show_phone=show_phone,
            file_format=export,
            filename="tindak-lanjut-tanpa-koperasi",
        )
    if export:
        raise Http404
    page = Paginator(follow_up, 50).get_page(request.GET.get("halaman"))
    return render(
        request,
        "gemaskop/report.html",
        {
            "reach": reports.reach_per_year(events),
            "reach_kinds": [Event.Kind(kind).label for kind in Event.REACH_KINDS],
            "page": page,
            "query": "",
        },
    )
