"""The only gemaskop pages without log-in: self check-in by QR and certificate
verification. Both are rate-limited per IP and show no personal data."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from gemaskop import services
from gemaskop.forms import CheckinForm
from gemaskop.models import Attendance, Certificate, Event
from portal import ratelimit

# Participants in one hall often share one Wi-Fi address: keep the limit generous.
CHECKIN_LIMIT = 60
VERIFY_LIMIT = 30
# Every few letters typed is one lookup.
LOOKUP_LIMIT = 600


def too_many(request):
    return render(request, "gemaskop/public_limited.html", status=429)


def current_session(sessions, now):
    """The session running now, else the next one today, else the last one."""
    for session in sessions:
        if session.start_time <= now <= session.end_time:
            return session
    upcoming = [s for s in sessions if s.start_time > now]
    return upcoming[0] if upcoming else sessions[-1]


def checkin_event_or_404(token):
    """The event of a check-in link and its sessions today (none: check-in closed)."""
    event = get_object_or_404(
        Event.objects.select_related("kabupaten"), checkin_token=token
    )
    today = timezone.localdate()
    if not event.is_open_for_checkin(today):
        return event, []
    return event, list(event.sessions.filter(date=today))


@never_cache
def checkin(request, token):
    event, sessions = checkin_event_or_404(token)
    if not sessions:
        status = 403 if request.method == "POST" else 200
        return render(
            request, "gemaskop/checkin_closed.html", {"event": event}, status=status
        )
    if request.method == "POST" and not ratelimit.allow(
        request, "checkin", limit=CHECKIN_LIMIT, seconds=60
    ):
        return too_many(request)
    now = timezone.localtime().time().replace(tzinfo=None)
    current = current_session(sessions, now)
    form = CheckinForm(
        request.POST or None,
        sessions=event.sessions.filter(date=timezone.localdate()),
        initial={"session": current.pk},
        picker_url=reverse("gemaskop:checkin_lookup", args=[token]),
    )
    registry = services.Registry.public(event)
    affiliation = None
    if request.method == "POST" and form.is_valid():
        affiliation = form.picked(registry)
    if affiliation is not None:
        data = form.cleaned_data
        session = data.get("session") or current
        result = services.attendance_add(
            session=session,
            name=data["name"],
            affiliation=affiliation,
            gender=data["gender"],
            phone=data["phone"],
            position=data["position"],
            source=Attendance.Source.SELF,
        )
        return render(
            request,
            "gemaskop/checkin_done.html",
            {"event": event, "result": result, "session": session},
        )
    return render(
        request,
        "gemaskop/checkin.html",
        {"event": event, "form": form, "options": registry.options()},
    )


@never_cache
@require_safe
def checkin_lookup(request, token):
    """The check-in picker's matches: registry names (public in the directory) while
    check-in is open."""
    event, sessions = checkin_event_or_404(token)
    if not sessions:
        return JsonResponse({"results": []}, status=403)
    if not ratelimit.allow(request, "checkin-lookup", limit=LOOKUP_LIMIT, seconds=60):
        return JsonResponse({"results": []}, status=429)
    registry = services.Registry.public(event)
    return JsonResponse({"results": registry.match(request.GET.get("q", ""))})


def certificate_by_number(number):
    return (
        Certificate.objects.select_related("event", "event__kabupaten")
        .filter(number__iexact=number.strip())
        .first()
    )


def certificate_page(request, certificate, *, code=None, wrong_code=False):
    """The whole certificate (name included) when the QR token or the number's
    check code was given; otherwise only that the number exists, and its event."""
    if certificate is None:
        return render(
            request, "gemaskop/certificate_not_found.html", {"code": code}, status=404
        )
    context = {
        "certificate": certificate,
        "event": certificate.event,
        "header_office": certificate.event.organiser,
    }
    if code is None:
        return render(request, "gemaskop/certificate_verify.html", context)
    context |= {"wrong_code": wrong_code}
    return render(request, "gemaskop/certificate_exists.html", context)


@require_safe
def certificate_lookup(request):
    """The check by number: with the code printed on the certificate it shows the
    name; a number alone shows only that it exists and its event."""
    number = request.GET.get("nomor", "").strip()
    if not number:
        return render(request, "gemaskop/certificate_lookup.html")
    if not ratelimit.allow(request, "verify", limit=VERIFY_LIMIT, seconds=60):
        return too_many(request)
    certificate = certificate_by_number(number)
    typed = request.GET.get("kode", "")
    if certificate is not None and typed and certificate.matches_check_code(typed):
        return certificate_page(request, certificate)
    return certificate_page(request, certificate, code=number, wrong_code=bool(typed))


@require_safe
def certificate_verify(request, code):
    """The QR's link (the token) shows the certificate; a bare number only that
    it exists; 'tidak ditemukan' otherwise."""
    if not ratelimit.allow(request, "verify", limit=VERIFY_LIMIT, seconds=60):
        return too_many(request)
    certificate = (
        Certificate.objects.select_related("event", "event__kabupaten")
        .filter(token=code)
        .first()
    )
    if certificate is not None:
        return certificate_page(request, certificate)
    return certificate_page(request, certificate_by_number(code), code=code)
