"""A person's background jobs: progress while they run, the file when done."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal import access, audit, jobs
from portal.files import attachment
from portal.models import Job


def own_job_or_404(request, pk):
    return get_object_or_404(Job.objects.of(request.user), pk=pk)


@access.requires(methods=access.READ_ONLY)
def job_list(request):
    recent = Job.objects.of(request.user)[:50]
    return render(request, "portal/job_list.html", {"jobs": recent})


@access.requires(methods=access.READ_ONLY)
def job_detail(request, pk):
    job = own_job_or_404(request, pk)
    return render(request, "portal/job_detail.html", {"job": job})


@access.requires(methods=access.READ_ONLY)
def job_status(request, pk):
    """What the job page's script polls while the job runs."""
    job = own_job_or_404(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "phase": job.phase,
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": job.is_finished,
        }
    )


@access.requires(methods=access.READ_ONLY)
def job_download(request, pk):
    job = own_job_or_404(request, pk)
    if not job.can_download:
        raise Http404
    # The file holds what the job made from personal data (the names on an event's
    # certificates): its download is an export like the page's own.
    audit.record_export(
        request=request,
        row_count=job.total,
        personal_columns=job.params.get("personal_columns", []),
    )
    response = attachment(job.result_file)
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    return response


@access.requires(methods=access.CONFIRM)
def job_cancel(request, pk):
    job = own_job_or_404(request, pk)
    if job.is_finished:
        messages.info(request, _("Pekerjaan ini sudah berakhir."))
        return redirect(job)
    if request.method == "POST":
        if jobs.job_cancel(job=job):
            messages.success(
                request, _("Pekerjaan dibatalkan; tidak ada yang ditulis.")
            )
        return redirect(job)
    return render(
        request,
        "portal/confirm.html",
        {
            "title": _("Batalkan pekerjaan"),
            "question": _("Batalkan “%(title)s”?") % {"title": job.title},
            "consequence": _(
                "Yang sudah dikerjakan dibuang; tidak ada berkas yang dibuat."
            ),
            "button": _("Ya, batalkan"),
            "back": job.get_absolute_url(),
        },
    )
