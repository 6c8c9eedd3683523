"""Background tasks on the database queue: e-mails with retries, a whole event's
certificates as a job with progress, cancel, the reaper after a killed worker,
and daily jobs that run once a day however many nodes start them."""

import datetime
import io
import os
import signal
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from gemaskop import services as gemaskop_services
from kopontren.models import Document
from portal import jobs, schedule
from portal.models import DailyRun, Job
from portal.services import send_invitation
from tests import factories
from tests.gemaskop import factories as gemaskop_factories
from tests.processes import start_and_wait

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings, db):
    """Tasks wait in the database until a worker runs them, as in production."""
    settings.TASKS = DATABASE_QUEUE
    return settings


def run_worker():
    """Run what the queue holds the way the worker command does (its Worker's own
    run_task), in this process: the command's loop would close the connection
    that holds the test's transaction. The worker as a process is tested below."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    while (result := DBTaskResult.objects.ready().get_locked()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)


def event_with_certificates(count):
    event = gemaskop_factories.event(name="Sosialisasi GEMASKOP Tanggul")
    session = gemaskop_factories.session(event_obj=event)
    for number in range(count):
        gemaskop_factories.attend(
            session_obj=session, name=f"Peserta Nomor {number:02d}"
        )
    gemaskop_services.certificates_issue(event=event)
    return event


# --- e-mails --------------------------------------------------------------------


def test_an_invitation_email_waits_in_the_queue_until_the_worker_sends_it(queue):
    user = factories.user(username="baru", email="baru@example.test")
    send_invitation(user)
    assert mail.outbox == []
    waiting = DBTaskResult.objects.get()
    assert waiting.task_path == "portal.tasks.mail_deliver"
    assert waiting.status == TaskResultStatus.READY

    run_worker()

    assert [m.to for m in mail.outbox] == [["baru@example.test"]]
    waiting.refresh_from_db()
    assert waiting.status == TaskResultStatus.SUCCESSFUL


def test_a_mail_server_that_refuses_gets_the_mail_again_later(queue):
    with socket_closed() as port:
        queue.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        queue.EMAIL_HOST, queue.EMAIL_PORT = "127.0.0.1", port
        user = factories.user(username="baru", email="baru@example.test")
        send_invitation(user)
        run_worker()

    first, again = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == TaskResultStatus.SUCCESSFUL  # it queued the retry
    assert again.status == TaskResultStatus.READY
    assert again.args_kwargs["kwargs"]["attempt"] == 2
    assert again.run_after > timezone.now()


class socket_closed:
    """A loopback port nobody listens on: connecting to it is refused."""

    def __enter__(self):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    def __exit__(self, *exc):
        return False


# --- a job with progress ---------------------------------------------------------


def test_an_events_certificates_above_the_threshold_become_a_job(queue, staf):
    queue.PORTAL_JOB_CERTIFICATES_ABOVE = 2
    event = event_with_certificates(3)
    client = factories_client(staf)

    response = client.get(reverse("gemaskop:certificates_pdf", args=[event.pk]))

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "menunggu giliran" in page
    assert "Unduh" not in page

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.attempts) == ("selesai", 3, 3, 1)
    status = client.get(reverse("portal:job_status", args=[job.pk])).json()
    assert status["finished"] and status["percent"] == 100
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Unduh sertifikat-sosialisasi-gemaskop-tanggul.pdf" in page
    download = client.get(reverse("portal:job_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert len(pdf.pages) == 3


def test_below_the_threshold_the_file_comes_at_once(queue, staf):
    event = event_with_certificates(2)
    response = factories_client(staf).get(
        reverse("gemaskop:certificates_pdf", args=[event.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert not Job.objects.exists()


def test_someone_elses_job_is_not_found(queue, staf, admin):
    queue.PORTAL_JOB_CERTIFICATES_ABOVE = 0
    event = event_with_certificates(1)
    factories_client(staf).get(reverse("gemaskop:certificates_pdf", args=[event.pk]))
    job = Job.objects.get()
    other = factories_client(admin)
    for name in ("job_detail", "job_status", "job_download", "job_cancel"):
        assert other.get(reverse(f"portal:{name}", args=[job.pk])).status_code == 404


def test_a_cancelled_job_writes_nothing(queue, staf):
    queue.PORTAL_JOB_CERTIFICATES_ABOVE = 0
    event = event_with_certificates(2)
    client = factories_client(staf)
    client.get(reverse("gemaskop:certificates_pdf", args=[event.pk]))
    job = Job.objects.get()

    client.post(reverse("portal:job_cancel", args=[job.pk]))
    run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED
    assert not job.result_file
    assert not job.can_download


def test_a_finished_jobs_file_is_deleted_after_its_keeping_time(queue, staf):
    queue.PORTAL_JOB_CERTIFICATES_ABOVE = 0
    event = event_with_certificates(1)
    factories_client(staf).get(reverse("gemaskop:certificates_pdf", args=[event.pk]))
    run_worker()
    job = Job.objects.get()
    name = job.result_file.name
    assert default_storage.exists(name)

    later = job.finished_at + datetime.timedelta(hours=settings.PORTAL_JOB_FILE_HOURS)
    files, _records = jobs.jobs_prune(now=later + datetime.timedelta(minutes=1))

    job.refresh_from_db()
    assert files == 1 and not job.result_file and not default_storage.exists(name)


def factories_client(user):
    from tests.conftest import client_for

    return client_for(user)


# --- the reaper, after a worker is killed mid-task -------------------------------


def worker_process(*extra, ready=None):
    """`manage.py worker` in a process of its own, on the test database; with
    `ready`, returned once a line of its log says that."""
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
        f":{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
    }
    env.pop("PORTAL_TASKS_IMMEDIATE", None)
    storage = settings.STORAGES["default"]
    if storage["BACKEND"].startswith("storages."):
        options = storage["OPTIONS"]
        env.update(
            PORTAL_S3_BUCKET=options["bucket_name"],
            PORTAL_S3_ENDPOINT_URL=options["endpoint_url"],
            PORTAL_S3_ACCESS_KEY=options["access_key"],
            PORTAL_S3_SECRET_KEY=options["secret_key"],
            PORTAL_S3_PREFIX=options["location"],
            PORTAL_S3_ADDRESSING_STYLE="path",
        )
    command = [
        sys.executable,
        "manage.py",
        "worker",
        "--housekeeping-interval",
        "0",
        "--interval",
        "0.1",
        *extra,
    ]
    if ready:
        return start_and_wait(command, ready, env=env, cwd=settings.BASE_DIR)
    return subprocess.Popen(
        command,
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.django_db(transaction=True)
def test_a_killed_workers_job_is_reaped_and_run_once_by_another(queue, staf):
    event = event_with_certificates(2)
    job = jobs.job_start(
        owner=staf,
        title="Sertifikat",
        task=__import__("gemaskop.tasks").tasks.certificates_render,
        params={"event": event.pk},
    )
    first_task = DBTaskResult.objects.get()

    # Hold the job's row: the worker claims the task, then waits at the job's lock.
    with transaction.atomic():
        Job.objects.select_for_update().get(pk=job.pk)
        # The worker logs "state=RUNNING" once it has claimed the task.
        worker = worker_process(ready=f"id={first_task.pk} ")
        assert DBTaskResult.objects.filter(
            pk=first_task.pk, status=TaskResultStatus.RUNNING
        ).exists()
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=60)

    assert jobs.tasks_reap(timeout=0) == 1
    first_task.refresh_from_db()
    assert first_task.status == TaskResultStatus.FAILED

    second = worker_process("--batch")
    assert second.wait(timeout=300) == 0, second.stderr.read().decode()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.attempts == 1  # the killed worker's claim never committed
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    assert len(PdfReader(job.result_file.open("rb")).pages) == 2


# --- daily jobs ------------------------------------------------------------------


def expiring_document(days, email="pengurus@example.test"):
    coop = factories.cooperative(name=f"Kopontren Berkas {days}")
    coop.officer_accounts.add(factories.user(username=f"p{days}", email=email))
    return Document.objects.create(
        cooperative=coop,
        kind=Document.Kind.NIK,
        title="Sertifikat NIK",
        file="dokumen/nik.pdf",
        issued_on=datetime.date(2024, 1, 1),
        valid_until=timezone.localdate() + datetime.timedelta(days=days),
    )


def test_reminders_go_90_30_and_7_days_before_expiry_only(db):
    for days in (90, 31, 30, 7, 6):
        expiring_document(days, email=f"p{days}@example.test")

    assert schedule.daily_job_run("kopontren.document_expiry_reminders") == "ran"

    assert sorted(m.to[0] for m in mail.outbox) == [
        "p30@example.test",
        "p7@example.test",
        "p90@example.test",
    ]
    assert (
        "30 hari" in next(m for m in mail.outbox if m.to == ["p30@example.test"]).body
    )


def test_a_daily_job_runs_once_a_day(db):
    expiring_document(30)
    assert schedule.daily_job_run("kopontren.document_expiry_reminders") == "ran"
    assert schedule.daily_job_run("kopontren.document_expiry_reminders") == (
        "done before"
    )
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_nodes_starting_the_days_jobs_at_once_run_each_once():
    expiring_document(7)
    start = threading.Barrier(2)
    outcomes = []

    def node():
        try:
            start.wait()
            outcomes.append(
                schedule.daily_job_run("kopontren.document_expiry_reminders")
            )
        finally:
            connection.close()

    nodes = [threading.Thread(target=node) for _ in range(2)]
    for thread in nodes:
        thread.start()
    for thread in nodes:
        thread.join()

    assert sorted(outcomes) in (["busy", "ran"], ["done before", "ran"])
    assert (
        DailyRun.objects.filter(name="kopontren.document_expiry_reminders").count() == 1
    )
    assert len(mail.outbox) == 1


def test_every_app_registers_its_daily_jobs():
    assert set(schedule.JOBS) >= {
        "kopontren.document_expiry_reminders",
        "opop.permit_expiry_reminders",
        "gemaskop.participants_retention",
        "portal.jobs_prune",
        "portal.audit_prune",
    }
