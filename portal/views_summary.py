"""Summaries: legal status by region and year, and the GEMASKOP → OPOP funnel."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access, audit, funnel, summaries
from portal.models import Office
from portal.spreadsheets import download


@access.requires("can_read_registry", methods=access.READ_ONLY)
def legal_status(request):
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
        "reporting_office": Office.for_user(request.user),
    }
    return render(request, "portal/summary.html", context)


@access.requires("can_read_registry", methods=access.READ_ONLY)
def rat_figures(request):
    """Sums and medians of the RAT figures per region, for a book year."""
    filters = summaries.SummaryFilters(request.user, request.GET)
    context = {
        "filters": filters,
        "form": filters.form,
        "rat_figures": summaries.rat_figures_table(filters),
        "generated_at": timezone.localtime(),
        "query": request.GET.urlencode(),
    }
    return render(request, "portal/summary_rat.html", context)


@access.requires("can_read_registry", methods=access.READ_ONLY)
def legal_status_export(request, table, file_format):
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
    rows = builders[table](filters)
    audit.record_export(request=request, row_count=max(len(rows) - 1, 0))
    preamble = [
        [Office.for_user(request.user).name, _("Portal Kopontren — ringkasan")],
        [_("Saringan"), filters.describe()],
        [_("Data per"), timezone.localtime().strftime("%d-%m-%Y %H:%M")],
        [],
    ]
    return download(
        preamble + rows,
        file_format=file_format,
        filename=f"ringkasan-{table}-{timezone.localdate():%Y%m%d}",
        sheet_title=table,
    )


@access.requires("can_read_registry", methods=access.READ_ONLY)
def funnel_list(request):
    """The pesantren behind one number of the funnel."""
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
