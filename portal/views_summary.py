"""Summaries: legal status by region and year, and the GEMASKOP → OPOP funnel."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import summaries
from portal.spreadsheets import download


def require_summary_reader(user):
    if not (user.is_admin_role or user.is_staf or user.is_provinsi):
        raise PermissionDenied


@login_required
def legal_status(request):
    require_summary_reader(request.user)
    filters = summaries.SummaryFilters(request.user, request.GET)
    table = summaries.legal_status_table(filters)
    by_year = summaries.berbadan_hukum_by_year(filters)
    context = {
        "filters": filters,
        "form": filters.form,
        "table": table,
        "by_year": by_year,
        "chart_data": summaries.chart_data(table, by_year),
        "generated_at": timezone.localtime(),
        "query": request.GET.urlencode(),
    }
    return render(request, "portal/summary.html", context)


@login_required
def legal_status_export(request, table, file_format):
    require_summary_reader(request.user)
    if file_format not in ("csv", "xlsx"):
        raise Http404
    filters = summaries.SummaryFilters(request.user, request.GET)
    builders = {
        "status": summaries.legal_status_rows,
        "tahun": summaries.by_year_rows,
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
