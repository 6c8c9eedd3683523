"""Summaries: legal status by region and year, and the GEMASKOP → OPOP funnel."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal import funnel, summaries
from portal.spreadsheets import download


def require_summary_reader(user):
    if not (user.is_admin_role or user.is_staf or user.is_provinsi):
        raise PermissionDenied


@login_required
@require_safe
def legal_status(request):
    require_summary_reader(request.user)
    filters = summaries.SummaryFilters(request.user, request.GET)
    table = summaries.legal_status_table(filters)
    by_year = summaries.berbadan_hukum_by_year(filters)
    stages = funnel.funnel_table(filters)
    context = {
        "filters": filters,
        "form": filters.form,
        "table": table,
        "by_year": by_year,
        "funnel": stages,
        "chart_data": summaries.chart_data(table, by_year, stages),
        "generated_at": timezone.localtime(),
        "query": request.GET.urlencode(),
    }
    return render(request, "portal/summary.html", context)


@login_required
@require_safe
def rat_figures(request):
    """Sums and medians of the RAT figures per region, for a book year."""
    require_summary_reader(request.user)
    filters = summaries.SummaryFilters(request.user, request.GET)
    context = {
        "filters": filters,
        "form": filters.form,
        "rat_figures": summaries.rat_figures_table(filters),
        "generated_at": timezone.localtime(),
        "query": request.GET.urlencode(),
    }
    return render(request, "portal/summary_rat.html", context)


@login_required
@require_safe
def legal_status_export(request, table, file_format):
    require_summary_reader(request.user)
    if file_format not in ("csv", "xlsx"):
        raise Http404
    filters = summaries.SummaryFilters(request.user, request.GET)
    builders = {
        "status": summaries.legal_status_rows,
        "tahun": summaries.by_year_rows,
        "corong": funnel.funnel_rows,
        "rat": summaries.rat_figures_rows,
    }
    if table not in builders:
        raise Http404
    preamble = [
        [_("Portal Kopontren — ringkasan")],
        [_("Saringan"), filters.describe()],
        [_("Data per"), timezone.localtime().strftime("%d-%m-%Y %H:%M")],
        [],
    ]
    return download(
        preamble + builders[table](filters),
        file_format=file_format,
        filename=f"ringkasan-{table}-{timezone.localdate():%Y%m%d}",
        sheet_title=table,
    )


@login_required
@require_safe
def funnel_list(request):
    """The pesantren behind one number of the funnel."""
    require_summary_reader(request.user)
    stage = request.GET.get("tahap")
    if stage not in funnel.STAGE_KEYS:
        raise Http404
    filters = summaries.SummaryFilters(request.user, request.GET)
    pesantren = (
        funnel.pesantren_at_stage(filters, stage)
        .select_related("kabupaten", "kecamatan")
        .order_by("name", "pk")
    )
    page = Paginator(pesantren, 25).get_page(request.GET.get("halaman"))
    params = request.GET.copy()
    params.pop("halaman", None)
    return render(
        request,
        "portal/funnel_list.html",
        {
            "page": page,
            "stage": dict(funnel.STAGES)[stage],
            "filters": filters,
            "query": params.urlencode(),
        },
    )
