from allauth.mfa.utils import is_mfa_enabled
from django.db import connection
from django.http import JsonResponse
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
from portal import access


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


@access.requires()
@require_safe
def home(request):
    """Each role's own starting page."""
    scope = request.scope
    if scope.is_officer:
        cooperatives = (
            Cooperative.objects.visible_to(scope).with_related().with_completeness()
        )
        requests = (
            ChangeRequest.objects.visible_to(scope)
            .select_related("cooperative")
            .order_by("-created_at")[:10]
        )
        return render(
            request,
            "portal/home_pengurus.html",
            {
                "cooperatives": cooperatives,
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


@never_cache
@require_safe
def healthz(request):
    """For the load balancer: answers 200 only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
