import os
import sys
from pathlib import Path

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kopontren.models import (
    ChangeRequest,
    Cooperative,
    Pesantren,
    last_book_year,
)
from kopontren.services import completeness_with_waiting
from portal import access, session_expiry
from portal.unavailable import DATABASE_ERRORS, unavailable_response


def confirm_page(request, *, title, question, back, button, consequence="", form=None):
    """The page of its own a destructive action asks on (a GET; the form POSTs back
    to the same address), so it works without JavaScript."""
    return render(
        request,
        "portal/confirm.html",
        {
            "title": title,
            "question": question,
            "consequence": consequence,
            "back": back,
            "button": button,
            "form": form,
        },
    )


def drill_down_urls():
    """Each number on the home page opens the list behind it."""
    coops = reverse("kopontren:cooperative_list")
    return {
        "cooperatives": coops,
        "pesantren": reverse("kopontren:pesantren_list"),
        "bh": f"{coops}?status=bh",
        "proses": f"{coops}?status=proses",
        "belum": f"{coops}?status=belum",
        "queue": reverse("kopontren:change_request_queue"),
        "stuck": f"{coops}?kerja=tertahan",
        "without_rat": f"{coops}?kerja=tanpa-rat",
        "without_nik": f"{coops}?kerja=tanpa-nik",
        "without_cooperative": reverse("kopontren:pesantren_list")
        + "?tanpa_koperasi=on",
    }


def completeness_cards(cooperatives, pending):
    """(cooperative, its completeness items with waiting marks): one query for all
    the pending requests."""
    by_cooperative = {}
    for request in pending.filter(cooperative__in=cooperatives):
        by_cooperative.setdefault(request.cooperative_id, []).append(request)
    return [
        (coop, completeness_with_waiting(coop, by_cooperative.get(coop.pk, [])))
        for coop in cooperatives
    ]


@access.requires()
@require_safe
def home(request):
    """Each role's own starting page."""
    scope = request.scope
    if scope.is_officer:
        cooperatives = list(
            Cooperative.objects.visible_to(scope).with_related().with_completeness()
        )
        pending = ChangeRequest.objects.visible_to(scope).pending()
        requests = (
            ChangeRequest.objects.visible_to(scope)
            .select_related("cooperative")
            .order_by("-created_at")[:10]
        )
        return render(
            request,
            "portal/home_pengurus.html",
            {
                "cooperatives": completeness_cards(cooperatives, pending),
                "requests": requests,
                "mfa_enabled": is_mfa_enabled(request.user),
            },
        )
    cooperatives = Cooperative.objects.visible_to(scope)
    year = last_book_year()
    context = {
        "urls": drill_down_urls(),
        "region": scope.region,
        "counts": cooperatives.status_counts(),
        "pesantren_count": Pesantren.objects.visible_to(scope).count(),
        "book_year": year,
    }
    if not scope.can_manage:
        return render(request, "portal/home_provinsi.html", context)
    context.update(
        pending=ChangeRequest.objects.visible_to(scope).pending().count(),
        without_nik=cooperatives.without_nik().count(),
        without_rat=cooperatives.without_rat_in(year).count(),
        stuck=cooperatives.stuck_in_process().count(),
        without_cooperative=Pesantren.objects.visible_to(scope)
        .without_cooperative()
        .count(),
    )
    return render(request, "portal/home_staf.html", context)


@require_safe
def about(request):
    """What the portal is, and the credits its data sources ask for."""
    return render(request, "portal/about.html")


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_answers():
    cache.get("healthz")


def _media_writable():
    if not isinstance(default_storage, FileSystemStorage):
        # A bucket: one request that must answer (a missing name is an answer too).
        default_storage.exists("healthz")
        return
    # Uploads create MEDIA_ROOT on first use: the nearest existing folder counts.
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path != path.parent:
        path = path.parent
    if not path.is_dir() or not os.access(path, os.W_OK):
        raise OSError(settings.MEDIA_ROOT)


CHECKS = {
    "database": _database_answers,
    "cache": _cache_answers,
    "media": _media_writable,
}


@never_cache
@require_safe
def healthz(request):
    """For the load balancer: 200 when every part answers, else 503 naming the
    part that is down (database, cache, media storage)."""
    parts = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # noqa: BLE001 - any failure of a part means it is down
            parts[name] = "down"
        else:
            parts[name] = "ok"
    healthy = all(state == "ok" for state in parts.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **parts},
        status=200 if healthy else 503,
    )


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # A database out of reach (in a middleware, say) is an outage, not a bug.
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable_response(request)
    return render(request, "500.html", status=500)


@access.requires(methods=access.POST_ONLY)
def session_keepalive(request):
    """The idle warning's "stay logged in": this request is the activity that keeps
    the session (an ended session is sent to the log-in page)."""
    session_expiry.touch(request)
    return HttpResponse(status=204)
