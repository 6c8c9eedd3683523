"""Background jobs: long work a person started, done by the worker, with progress.

A view starts a job with `job_start` (the Job row and its task are written in the
same transaction, so neither exists without the other); the task claims it with
`job_claim`, reports with `job_progress` and ends with `job_finish` or `job_fail`.
The reaper (`tasks_reap`) takes a task RUNNING past `PORTAL_TASK_TIMEOUT` for one
whose worker died: it marks it failed and, for a job, enqueues it again (every job
writes its result in one step at the end, so a second run cannot write twice).
"""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.models import Job

logger = logging.getLogger(__name__)


class TaskTimedOut(Exception):
    """What the reaper records for a task whose worker never finished it."""


class JobCancelled(Exception):
    """The owner cancelled the job while it ran: stop before writing anything."""


@transaction.atomic
def job_start(*, owner, title, task, params, back_url=""):
    """A queued job for `owner`, and its task in the queue."""
    job = Job.objects.create(
        owner=owner,
        title=title,
        task_path=task.module_path,
        params=params,
        back_url=back_url,
    )
    _enqueue(job, task)
    return job


def _enqueue(job, task=None):
    task = task or import_string(job.task_path)
    result = task.enqueue(job_id=job.pk)
    # The immediate backend (the try-out's option) has run the job already.
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.task_result_id = str(result.id)


def job_claim(job_id):
    """The job, marked running, or None when it is finished or cancelled already.
    The row lock makes a second run (a re-queued job whose first worker still
    lives) wait for the first one's claim instead of running beside it."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.started_at = timezone.now()
        job.done = 0
        job.save(update_fields=["status", "attempts", "started_at", "done"])
    return job


def job_progress(job, *, phase=None, done=None, total=None):
    """Record how far the job is (committed at once, so its page shows it); raise
    JobCancelled when its owner has cancelled it meanwhile."""
    changes = {}
    if phase is not None:
        changes["phase"] = job.phase = phase
    if total is not None:
        changes["total"] = job.total = total
    if done is not None:
        changes["done"] = job.done = min(done, job.total) if job.total else 0
    changes["updated_at"] = timezone.now()
    updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(**changes)
    if not updated:
        raise JobCancelled


def job_finish(job, *, content, filename):
    """Keep the file the job made and mark it done, unless it was cancelled."""
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        if current.status != Job.Status.RUNNING:
            raise JobCancelled
        current.result_file.save(filename, ContentFile(content), save=False)
        current.result_name = filename
        current.status = Job.Status.DONE
        current.done = current.total
        current.phase = _("Selesai")
        current.finished_at = timezone.now()
        current.save()
    return current


def job_fail(job, *, error):
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED,
        error=error,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def job_cancel(*, job):
    """Cancel a job that has not finished: its task stops at its next step and
    writes nothing."""
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        if current.is_finished:
            return False
        current.status = Job.Status.CANCELLED
        current.phase = _("Dibatalkan")
        current.finished_at = timezone.now()
        current.save()
    return True


def tasks_reap(*, timeout=None, now=None):
    """Tasks RUNNING longer than `timeout` seconds are failed; their jobs queued
    again. Returns the number of tasks reaped."""
    timeout = settings.PORTAL_TASK_TIMEOUT if timeout is None else timeout
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=timeout)
    reaped = 0
    with transaction.atomic():
        stale = list(
            DBTaskResult.objects.select_for_update(skip_locked=True).filter(
                status=TaskResultStatus.RUNNING, started_at__lt=cutoff
            )
        )
        for result in stale:
            result.status = TaskResultStatus.FAILED
            result.finished_at = now
            result.exception_class_path = "portal.jobs.TaskTimedOut"
            result.traceback = _("Dihentikan: pekerja tidak menyelesaikannya.")
            result.save(
                update_fields=[
                    "status",
                    "finished_at",
                    "exception_class_path",
                    "traceback",
                ]
            )
            reaped += 1
            for job in Job.objects.select_for_update().filter(
                task_result_id=str(result.id),
                status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
            ):
                logger.warning("Job %s lost its worker: queued again", job.pk)
                job.status = Job.Status.QUEUED
                job.phase = _("Diantrekan ulang")
                job.save(update_fields=["status", "phase", "updated_at"])
                _enqueue(job)
    return reaped


def jobs_prune(*, now=None):
    """Delete the files of jobs past their keeping time, and the queue's records
    of tasks finished more than a week ago. Returns (files, task records)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.PORTAL_JOB_FILE_HOURS)
    files = 0
    for job in Job.objects.finished_before(cutoff).exclude(result_file=""):
        job.result_file.delete(save=False)
        job.result_file = ""
        job.save(update_fields=["result_file", "updated_at"])
        files += 1
    week_ago = now - datetime.timedelta(days=7)
    records, _counts = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=week_ago,
    ).delete()
    return files, records
