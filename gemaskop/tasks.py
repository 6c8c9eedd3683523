"""GEMASKOP's background tasks."""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task

from gemaskop import pdf
from gemaskop.models import Event
from portal import jobs
from portal.access import Scope

# How many QR codes are drawn between two progress reports.
STEP = 10


def certificates_of(scope, event_pk):
    """The event's certificates for people present, if this scope may print them."""
    event = Event.objects.visible_to(scope).select_related("kabupaten").get(pk=event_pk)
    if not scope.can_read_event_documents(event):
        raise PermissionError(event_pk)
    return event, list(event.certificates.for_present().order_by("number"))


@task()
def certificates_render(*, job_id):
    """Every certificate of one event in one PDF, for the job's owner."""
    job = jobs.job_claim(job_id)
    if job is None:
        return "skipped"
    try:
        event, certificates = certificates_of(Scope.of(job.owner), job.params["event"])
        jobs.job_progress(
            job, phase=_("Menggambar kode QR"), done=0, total=len(certificates)
        )
        pairs = []
        for done, certificate in enumerate(certificates, start=1):
            pairs.append(
                (
                    certificate,
                    pdf.qr_data_uri(pdf.public_url(certificate.verify_path())),
                )
            )
            if done % STEP == 0:
                jobs.job_progress(job, done=done)
        jobs.job_progress(job, phase=_("Menyusun PDF"), done=len(certificates))
        content = pdf.render_pdf(
            "gemaskop/pdf/certificate.html",
            {"event": event, "certificates": pairs},
        )
        jobs.job_finish(
            job, content=content, filename=f"sertifikat-{slugify(event.name)}.pdf"
        )
    except jobs.JobCancelled:
        return "cancelled"
    except Exception as error:
        jobs.job_fail(job, error=repr(error))
        raise
    return "done"
